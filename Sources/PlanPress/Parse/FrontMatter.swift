/// A Markdown file split into its YAML front matter and its body, remembering where each starts so
/// that errors in either point at the line in the file.
public struct FrontMatterDocument: Sendable {
  public let file: SourceFile
  /// The YAML between the `---` lines.
  public let yaml: String
  /// The file line on which the YAML's first line stands.
  public let yamlFirstLine: Int
  public let body: String
  public let bodyFirstLine: Int

  /// Splits a file; a file that does not open with `---`, or never closes it, is an error at line 1.
  public init(splitting file: SourceFile) throws {
    self.file = file
    var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    guard let opening = lines.first, opening.trimmingTrailingSpaces == "---" else {
      throw Diagnostic(
        .error, at: file.location(), "missing front matter: the file must start with a line '---', then YAML, then '---'",
        sourceLine: file.line(1))
    }
    lines.removeFirst()
    guard let closing = lines.firstIndex(where: { $0.trimmingTrailingSpaces == "---" || $0.trimmingTrailingSpaces == "..." })
    else {
      throw Diagnostic(
        .error, at: file.location(), "front matter is not closed: add a line '---' after the YAML",
        sourceLine: file.line(1))
    }
    yaml = lines[..<closing].joined(separator: "\n")
    yamlFirstLine = 2
    body = lines[(closing + 1)...].joined(separator: "\n")
    bodyFirstLine = closing + 2
  }
}

extension Substring {
  fileprivate var trimmingTrailingSpaces: Substring {
    var copy = self
    while let last = copy.last, last == " " || last == "\t" { copy.removeLast() }
    return copy
  }
}
