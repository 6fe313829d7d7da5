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
    // Scans the bytes for the delimiter lines rather than splitting the file into lines: a big plan
    // has tens of thousands of files, and splitting and joining each cost more than reading its YAML.
    let text = file.text.utf8
    var lineStart = text.startIndex
    var lineNumber = 1
    var opened = false
    var yamlStart = text.startIndex
    while true {
      let newline = text[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
      let lineEnd = newline ?? text.endIndex
      let line = Self.trimmingTrailingSpaces(text[lineStart..<lineEnd])
      let next = newline.map { text.index(after: $0) } ?? text.endIndex
      if !opened {
        guard line.elementsEqual("---".utf8) else { break }
        opened = true
        yamlStart = next
      } else if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
        // The YAML ends before the newline that ends its last line; the body starts after the closing line.
        yaml = lineStart > yamlStart ? String(file.text[yamlStart..<text.index(before: lineStart)]) : ""
        yamlFirstLine = 2
        body = newline == nil ? "" : String(file.text[next...])
        bodyFirstLine = lineNumber + 1
        return
      }
      if newline == nil { break }
      lineStart = next
      lineNumber += 1
    }
    if !opened {
      throw Diagnostic(
        .error, at: file.location(), "missing front matter: the file must start with a line '---', then YAML, then '---'",
        sourceLine: file.line(1))
    }
    throw Diagnostic(
      .error, at: file.location(), "front matter is not closed: add a line '---' after the YAML",
      sourceLine: file.line(1))
  }

  private static func trimmingTrailingSpaces(_ line: Substring.UTF8View) -> Substring.UTF8View {
    var end = line.endIndex
    while end > line.startIndex {
      let before = line.index(before: end)
      guard line[before] == UInt8(ascii: " ") || line[before] == UInt8(ascii: "\t") else { break }
      end = before
    }
    return line[line.startIndex..<end]
  }
}
