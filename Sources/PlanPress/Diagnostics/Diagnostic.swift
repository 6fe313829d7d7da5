import Foundation

/// A place in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourceLocation: Hashable, Sendable, Comparable {
  public var path: String
  public var line: Int
  public var column: Int

  public init(path: String, line: Int = 1, column: Int = 1) {
    self.path = path
    self.line = max(line, 1)
    self.column = max(column, 1)
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
  }
}

/// One finding about the input, located in a file, in the form compilers and editors read.
public struct Diagnostic: Error, Hashable, Sendable {
  /// How serious a finding is.
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
  }

  public var severity: Severity
  public var location: SourceLocation
  public var message: String
  /// The offending line of the source, shown under the message with a caret.
  public var sourceLine: String?

  public init(
    _ severity: Severity, at location: SourceLocation, _ message: String, sourceLine: String? = nil
  ) {
    self.severity = severity
    self.location = location
    self.message = message
    self.sourceLine = sourceLine
  }

  /// `path:line:col: error: message`, then the source line and a caret under the column. The
  /// first line is one line whatever a message quotes: its line breaks and other control
  /// characters are written as escapes (`\n`), as editors and CI read a finding a line.
  public var formatted: String {
    var text =
      "\(location.path.escapingControlCharacters):\(location.line):\(location.column): \(severity.rawValue): \(message.escapingControlCharacters)"
    if let sourceLine {
      let (shown, caretOffset) = Self.window(of: sourceLine, around: location.column - 1)
      // Wide (CJK) characters take two terminal cells; pad with their width so the caret lines up.
      let padding = shown.unicodeScalars.prefix(caretOffset).map { $0.isWide ? "  " : " " }.joined()
      text += "\n\(shown)\n\(padding)^"
    }
    return text
  }

  /// How much of a long source line is shown on each side of the column, so that a huge line
  /// under each of its many errors stays one screen line, not the whole text again.
  static let sourceLineContext = 80

  /// The part of a line shown under a message, tabs as spaces, with `…` where it is cut, and the
  /// caret's offset in it. The line's bytes are counted only as far as the window: a huge line
  /// under each of its many errors is not read whole for every one.
  static func window(of line: String, around column: Int) -> (text: String, caret: Int) {
    var line = line
    return line.withUTF8 { bytes in
      // The byte where scalar `count` after the one at `from` starts, or nil past the end.
      func advance(_ from: Int, by count: Int) -> Int? {
        var offset = from
        var remaining = count
        while remaining > 0 {
          guard offset < bytes.count else { return nil }
          offset += 1
          // A scalar starts at every byte but UTF-8's continuation bytes (10xxxxxx).
          while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
          remaining -= 1
        }
        return offset
      }
      var caret = max(0, column)
      var start = max(0, caret - sourceLineContext)
      var from = advance(0, by: start) ?? bytes.count
      var caretByte = advance(from, by: caret - start)
      if caretByte == nil {
        // A column past the line's end: the caret stands at the end.
        caret = String(decoding: bytes, as: UTF8.self).unicodeScalars.count
        start = max(0, caret - sourceLineContext)
        from = advance(0, by: start) ?? bytes.count
        caretByte = bytes.count
      }
      let end = caretByte.flatMap { advance($0, by: sourceLineContext) } ?? bytes.count
      var text = start > 0 ? "…" : ""
      text += String(decoding: bytes[from..<end].map { $0 == UInt8(ascii: "\t") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
      if end < bytes.count { text += "…" }
      return (text, caret - start + (start > 0 ? 1 : 0))
    }
  }

  /// The same finding as a warning or an error; `--strict` uses it to promote warnings.
  public func with(severity: Severity) -> Diagnostic {
    var copy = self
    copy.severity = severity
    return copy
  }
}

extension String {
  /// The text with its line breaks and other control characters written as in a Swift literal
  /// (`\n`, `\t`, `\u{1B}`); the text itself when it has none, as nearly every message.
  var escapingControlCharacters: String {
    guard unicodeScalars.contains(where: \.isControlOrLineBreak) else { return self }
    var escaped = ""
    for scalar in unicodeScalars {
      switch scalar {
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case "\0": escaped += "\\0"
      case _ where scalar.isControlOrLineBreak: escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}

extension Unicode.Scalar {
  /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: what ends or hides a
  /// line in a terminal or an editor.
  fileprivate var isControlOrLineBreak: Bool {
    value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
  }

  /// East Asian wide characters (CJK ideographs, full-width forms), which terminals draw two cells wide.
  fileprivate var isWide: Bool {
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return true
    default:
      return false
    }
  }
}

/// A build that stopped: every error found (and the warnings seen on the way), in file order.
public struct BuildFailure: Error, CustomStringConvertible, Sendable {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  public var description: String {
    diagnostics.map(\.formatted).joined(separator: "\n")
  }
}

/// Collects findings while a stage runs, so that one build reports every mistake, not just the first.
public struct DiagnosticLog: Sendable {
  public private(set) var diagnostics: [Diagnostic] = []

  public init() {}

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  public mutating func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
  }

  public mutating func report(contentsOf others: [Diagnostic]) {
    diagnostics.append(contentsOf: others)
  }

  public mutating func error(_ message: String, at location: SourceLocation, in file: SourceFile? = nil) {
    report(Diagnostic(.error, at: location, message, sourceLine: file?.line(location.line)))
  }

  public mutating func warning(_ message: String, at location: SourceLocation, in file: SourceFile? = nil) {
    report(Diagnostic(.warning, at: location, message, sourceLine: file?.line(location.line)))
  }

  /// Runs a throwing step; a `Diagnostic` or `BuildFailure` it throws is logged and the step yields nil.
  public mutating func attempt<T>(_ step: () throws -> T) -> T? {
    do {
      return try step()
    } catch let diagnostic as Diagnostic {
      report(diagnostic)
    } catch let failure as BuildFailure {
      report(contentsOf: failure.diagnostics)
    } catch {
      report(Diagnostic(.error, at: SourceLocation(path: "<planpress>"), "\(error)"))
    }
    return nil
  }

  /// Throws the log as a `BuildFailure` if any error is in it.
  public func throwIfErrors() throws {
    if hasErrors { throw BuildFailure(diagnostics) }
  }
}
