import Foundation

/// Records in translation files which version of their source they translate: it sets the line
/// `translates: <fingerprint>` in each file's front matter, replacing that one line if it is there
/// and adding it before the closing `---` if not. Every other byte of the file (its encoding
/// marks, line endings, comments, layout) stays as it was.
public struct TranslationMarker {
  /// The key of the line the marker writes.
  public static let key = "translates"

  /// What marking did to one file.
  public struct Outcome: Sendable, Hashable {
    /// The section's slug.
    public var section: String
    /// The translation's language.
    public var language: String
    /// The translation's file, as it is reported.
    public var path: String
    /// The source's fingerprint, now recorded in the file.
    public var fingerprint: String
    /// False when the file already recorded this fingerprint and was left alone.
    public var changed: Bool
  }

  /// A marker; it holds nothing, and reads and writes only the files of the site it is given.
  public init() {}

  /// Marks every existing translation of the named sections (all sections when `sections` is
  /// empty) with its source's current fingerprint, and says what it did to each file.
  public func mark(_ site: Site, sections: [String] = []) throws -> [Outcome] {
    var outcomes: [Outcome] = []
    for status in TranslationStatus.statuses(of: site) where sections.isEmpty || sections.contains(status.section) {
      guard let file = status.file, let fingerprint = status.sourceFingerprint else { continue }
      let url = URL(fileURLWithPath: file.path)
      let original: Data
      do {
        original = try Data(contentsOf: url)
      } catch {
        throw Diagnostic(.error, at: file.location(), "cannot read file: \(error.localizedDescription)")
      }
      let marked = try Self.marking(original, with: fingerprint, path: file.path)
      if marked != original {
        do {
          try marked.write(to: url, options: .atomic)
        } catch {
          throw Diagnostic(.error, at: file.location(), "cannot write file: \(error.localizedDescription)")
        }
      }
      outcomes.append(
        Outcome(section: status.section, language: status.language, path: file.path, fingerprint: fingerprint, changed: marked != original))
    }
    return outcomes
  }

  /// What is wrong with a list of section names to mark, naming the closest slug the site has;
  /// nil when every name is a section of the site.
  public static func problem(withSectionNames names: [String], in site: Site) -> String? {
    let slugs = site.sections.map(\.slug)
    guard let unknown = names.first(where: { !slugs.contains($0) }) else { return nil }
    let hint =
      Suggestion.didYouMean(unknown, among: slugs)
      ?? "; sections are named by the slug of their file name, such as \(slugs.first ?? "social-assistance")"
    return "unknown section '\(unknown)'\(hint)"
  }

  /// The bytes of a file with `translates: <fingerprint>` set in its front matter; the same bytes
  /// when it is already set. Throws a located error when the file has no front matter, or when the
  /// result would not read back as front matter with that fingerprint (so nothing is ever written
  /// that the next build cannot read).
  public static func marking(_ data: Data, with fingerprint: String, path: String) throws -> Data {
    let bytes = [UInt8](data)
    let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    let start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
    let lines = lineRanges(bytes, from: start)
    guard let opening = lines.first, content(of: opening, in: bytes) == Array("---".utf8) else {
      throw Diagnostic(.error, at: SourceLocation(path: path), "cannot mark: the file has no front matter (a first line '---')")
    }
    guard
      let closingIndex = lines.indices.dropFirst().first(where: {
        let line = content(of: lines[$0], in: bytes)
        return line == Array("---".utf8) || line == Array("...".utf8)
      })
    else {
      throw Diagnostic(.error, at: SourceLocation(path: path), "cannot mark: the front matter is not closed")
    }
    // The file's own line ending, so that a CRLF file stays CRLF.
    let lineEnding: [UInt8] = bytes[opening].suffix(2) == [0x0D, 0x0A] ? [0x0D, 0x0A] : [0x0A]
    let newLine = Array("\(key): \(fingerprint)".utf8)
    let keyPrefix = Array("\(key):".utf8)

    var result: [UInt8]
    if let existing = lines[1..<closingIndex].first(where: { bytes[$0].starts(with: keyPrefix) }) {
      let ending = Array(bytes[existing].drop { $0 != 0x0A && $0 != 0x0D })
      result = Array(bytes[..<existing.lowerBound]) + newLine + ending + Array(bytes[existing.upperBound...])
    } else {
      let closing = lines[closingIndex]
      result = Array(bytes[..<closing.lowerBound]) + newLine + lineEnding + Array(bytes[closing.lowerBound...])
    }
    try verifyReadsBack(result, fingerprint: fingerprint, path: path)
    return Data(result)
  }

  /// Each line's byte range, its line ending included.
  private static func lineRanges(_ bytes: [UInt8], from start: Int) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var lineStart = start
    while lineStart < bytes.count {
      var end = lineStart
      while end < bytes.count, bytes[end] != 0x0A, !(bytes[end] == 0x0D && (end + 1 == bytes.count || bytes[end + 1] != 0x0A)) {
        end += 1
      }
      let next = min(end + 1, bytes.count)
      ranges.append(lineStart..<next)
      lineStart = next
    }
    return ranges
  }

  /// A line without its ending and trailing spaces.
  private static func content(of range: Range<Int>, in bytes: [UInt8]) -> [UInt8] {
    var line = bytes[range]
    while let last = line.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { line.removeLast() }
    return Array(line)
  }

  private static func verifyReadsBack(_ bytes: [UInt8], fingerprint: String, path: String) throws {
    func failure(_ reason: String) -> Diagnostic {
      Diagnostic(
        .error, at: SourceLocation(path: path),
        "cannot mark: with the line '\(key): \(fingerprint)' the front matter would not read back (\(reason)); add the line by hand")
    }
    let readBack: String?
    do {
      let file = try SourceFile.decode(Data(bytes), path: path)
      let document = try FrontMatterDocument(splitting: file)
      let fields = try YAMLValue.parse(document.yaml, in: file, firstLine: document.yamlFirstLine)
        .fields(allowedKeys: ContentParser.translationKeys, in: "translated section front matter")
      readBack = try fields[key]?.string(in: key)
    } catch let diagnostic as Diagnostic {
      throw failure(diagnostic.message)
    }
    guard readBack == fingerprint else { throw failure("'\(key)' reads as '\(readBack ?? "nothing")'") }
  }
}
