import Foundation

/// The forms in which diagnostics can be printed.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
  /// `path:line:col: error: message`, then the source line and a caret: for people and editors.
  case text
  /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which GitHub shows
  /// as annotations on the lines of a pull request.
  case github
  /// A JSON list of objects with `file`, `line`, `column`, `severity` and `message`: for other tools.
  case json
}

/// Turns diagnostics into text in one of the `DiagnosticFormat`s.
public struct DiagnosticFormatter: Sendable {
  /// The form it prints.
  public let format: DiagnosticFormat
  /// Whether a diagnostic without its source line gets it from the file on disk before printing.
  public let readsSourceLines: Bool

  /// A formatter for one form; `readsSourceLines` lets text show lines of files on disk.
  public init(format: DiagnosticFormat, readsSourceLines: Bool = true) {
    self.format = format
    self.readsSourceLines = readsSourceLines
  }

  /// The whole output for a list of diagnostics; for `json` a valid document even when the list is empty.
  public func string(for diagnostics: [Diagnostic]) -> String {
    switch format {
    case .text:
      let completed = readsSourceLines ? Self.withSourceLines(diagnostics) : diagnostics
      return completed.map { $0.formatted + "\n" }.joined()
    case .github:
      return diagnostics.map { Self.githubAnnotation($0) + "\n" }.joined()
    case .json:
      return Self.json(diagnostics) + "\n"
    }
  }

  // MARK: GitHub annotations

  /// `::error file=path,line=3,col=7::message`, escaped as the GitHub Actions runner expects.
  public static func githubAnnotation(_ diagnostic: Diagnostic) -> String {
    let location = diagnostic.location
    let properties = [
      "file=\(escapeGitHubProperty(location.path))",
      "line=\(location.line)",
      "col=\(location.column)",
    ]
    return "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(escapeGitHubData(diagnostic.message))"
  }

  /// Escapes a command's message: `%`, carriage return and line feed.
  public static func escapeGitHubData(_ text: String) -> String {
    // `%` first, or the escapes added after it would be escaped again.
    text.replacingOccurrences(of: "%", with: "%25")
      .replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  /// Escapes a command's property value: as data, and also `:` and `,`, which separate properties.
  public static func escapeGitHubProperty(_ text: String) -> String {
    escapeGitHubData(text)
      .replacingOccurrences(of: ":", with: "%3A")
      .replacingOccurrences(of: ",", with: "%2C")
  }

  // MARK: JSON

  /// One diagnostic as JSON sees it.
  private struct Record: Encodable {
    var file: String
    var line: Int
    var column: Int
    var severity: String
    var message: String
    var sourceLine: String?
  }

  /// A JSON list of diagnostics, keys sorted so that the output is stable.
  public static func json(_ diagnostics: [Diagnostic]) -> String {
    // The encoder writes an empty list over three lines.
    if diagnostics.isEmpty { return "[]" }
    let records = diagnostics.map {
      Record(
        file: $0.location.path, line: $0.location.line, column: $0.location.column, severity: $0.severity.rawValue,
        message: $0.message, sourceLine: $0.sourceLine)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding strings and integers cannot fail; an empty list is still a valid answer if it did.
    guard let data = try? encoder.encode(records) else { return "[]" }
    return String(decoding: data, as: UTF8.self)
  }

  // MARK: Source lines

  /// Diagnostics made where the file's text was not at hand get their line from the file now;
  /// each file is read once however many diagnostics point into it.
  public static func withSourceLines(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var files: [String: SourceFile?] = [:]
    return diagnostics.map { diagnostic in
      let location = diagnostic.location
      // A diagnostic at 1:1 is about the whole file (missing, misnamed): its first line would only distract.
      guard diagnostic.sourceLine == nil, location.line > 1 || location.column > 1 else { return diagnostic }
      if files[location.path] == nil {
        // Read as the loader reads: a FIFO at that path is refused, not waited on.
        files[location.path] = try? SourceFile.read(atPath: location.path, reportedAs: location.path)
      }
      guard let file = files[location.path] ?? nil else { return diagnostic }
      var completed = diagnostic
      completed.sourceLine = file.line(location.line)
      return completed
    }
  }
}
