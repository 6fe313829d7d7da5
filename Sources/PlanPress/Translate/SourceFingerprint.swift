/// A short, stable fingerprint of a source file's text, recorded by a translation (`translates:`)
/// to say which version of its source it was made from.
///
/// It is FNV-1a (64 bits) over the UTF-8 of the text after the normalisation every file gets when
/// read (no byte-order mark, LF line endings), with spaces and tabs at line ends and blank lines at
/// the end of the file dropped, so that an editor's whitespace habits do not make a translation
/// stale. Written as 16 lowercase hexadecimal digits. Not a security measure: it only notices change.
public enum SourceFingerprint {
  /// The fingerprint of a file's text.
  public static func of(_ file: SourceFile) -> String {
    of(text: file.text)
  }

  /// The fingerprint of text that has already been decoded and normalised like `SourceFile.text`.
  public static func of(text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ byte: UInt8) {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    // The bytes of `normalised(text)`, hashed as they are found, a byte at a time: every source
    // file is fingerprinted on every build. A line's line break is owed until a line with text
    // follows, so that blank lines at the end are never hashed.
    var owedBreaks = 0
    var isFirstLine = true
    for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if !isFirstLine { owedBreaks += 1 }
      isFirstLine = false
      var end = line.endIndex
      while end > line.startIndex, case let last = line[line.index(before: end)], last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
        end = line.index(before: end)
      }
      guard end > line.startIndex else { continue }
      for _ in 0..<owedBreaks { add(UInt8(ascii: "\n")) }
      owedBreaks = 0
      for byte in line[..<end] { add(byte) }
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Whether text has the form of a fingerprint: 16 lowercase hexadecimal digits.
  public static func isWellFormed(_ text: String) -> Bool {
    text.utf8.count == 16 && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
  }

  /// The text a fingerprint is taken of, spelt out: the space and tab bytes at each line's end and
  /// the blank lines at the end dropped. `of(text:)` hashes the same bytes without making it.
  static func normalised(_ text: String) -> String {
    var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
      var trimmed = line
      while let last = trimmed.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { trimmed.removeLast() }
      return trimmed
    }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    return String(decoding: Array(lines.joined(separator: [UInt8(ascii: "\n")])), as: UTF8.self)
  }
}
