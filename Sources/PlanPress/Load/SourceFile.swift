import Foundation

/// The text of one input file, decoded and normalised (BOM removed, CRLF and CR turned into LF),
/// with the path it is reported under.
public struct SourceFile: Sendable, Hashable {
  /// The path as the user should see it in messages (relative to the working folder when possible).
  public let path: String
  public let text: String

  public init(path: String, text: String) {
    self.path = path
    self.text = Self.normalizingLineEndings(text)
  }

  /// Reads and decodes a file; a file that is not UTF-8 fails with the byte offset of the first bad byte.
  public static func read(_ url: URL, reportedAs path: String) throws -> SourceFile {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw Diagnostic(.error, at: SourceLocation(path: path), "cannot read file: \(error.localizedDescription)")
    }
    return try decode(data, path: path)
  }

  /// Decodes UTF-8 bytes; on failure the diagnostic names the line, column and byte offset.
  public static func decode(_ data: Data, path: String) throws -> SourceFile {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if let text = String(validating: bytes, as: UTF8.self) {
      return SourceFile(path: path, text: text)
    }
    let offset = firstInvalidUTF8Offset(bytes)
    let before = String(decoding: bytes[..<offset], as: UTF8.self)
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    let column = (lines.last?.unicodeScalars.count ?? 0) + 1
    throw Diagnostic(
      .error, at: SourceLocation(path: path, line: lines.count, column: column),
      "file is not valid UTF-8 (bad byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at byte offset \(offset)); save it as UTF-8")
  }

  private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): offset += encoded.count
      case .emptyInput, .error: return min(offset, max(bytes.count - 1, 0))
      }
    }
  }

  static func normalizingLineEndings(_ text: String) -> String {
    // On bytes: searching by character costs as much as the rest of reading a file.
    guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
  }

  /// The text of a 1-based line, if it exists.
  public func line(_ number: Int) -> String? {
    var current = 1
    var start = text.startIndex
    while current < number {
      guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
      start = text.index(after: newline)
      current += 1
    }
    let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
    return String(text[start..<end])
  }

  /// A location in this file.
  public func location(line: Int = 1, column: Int = 1) -> SourceLocation {
    SourceLocation(path: path, line: line, column: column)
  }
}
