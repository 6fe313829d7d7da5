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
    var text = text
    let hash = text.withUTF8(hash(normalisedBytesOf:))
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// FNV-1a 64 of the bytes of `normalised(text)`, hashed as they are found, a byte at a time, in
  /// one pass over the text's memory: every source file is fingerprinted on every build. A line's
  /// line break is owed until a line with text follows, so that blank lines at the end are never hashed.
  private static func hash(normalisedBytesOf bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var owedBreaks = 0
    var lineStart = 0
    while lineStart <= bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      var textEnd = lineEnd
      while textEnd > lineStart, bytes[textEnd - 1] == UInt8(ascii: " ") || bytes[textEnd - 1] == UInt8(ascii: "\t") { textEnd -= 1 }
      if textEnd > lineStart {
        for _ in 0..<owedBreaks { hash = (hash ^ UInt64(UInt8(ascii: "\n"))) &* 0x0000_0100_0000_01b3 }
        owedBreaks = 0
        for index in lineStart..<textEnd { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01b3 }
      }
      owedBreaks += 1
      lineStart = lineEnd + 1
    }
    return hash
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
