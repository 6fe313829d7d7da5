import Foundation

/// Text in several languages, keyed by language code.
public struct LocalizedText: Sendable, Hashable {
  public var texts: [String: String]

  public init(_ texts: [String: String] = [:]) {
    self.texts = texts
  }

  public subscript(language: String) -> String? {
    get { texts[language] }
    set { texts[language] = newValue }
  }

  /// The text in `language`, else in the first of `fallbacks` that has one.
  public func resolved(_ language: String, fallbacks: [String]) -> String {
    if let text = texts[language] { return text }
    for fallback in fallbacks { if let text = texts[fallback] { return text } }
    return texts.sorted { $0.key < $1.key }.first?.value ?? ""
  }
}

/// A calendar date without time or zone, as plans write them: `2015-12-31`.
public struct PlanDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Parses `YYYY-MM-DD`; nil for other forms and for dates that do not exist (2015-02-30).
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= PlanDate.days(inMonth: month, year: year) else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  static func days(inMonth month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public var description: String {
    String(format: "%04d-%02d-%02d", year, month, day)
  }

  public static func < (lhs: PlanDate, rhs: PlanDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }
}

/// Identifiers of sections, departments and targets: they become parts of URLs and file names,
/// so they are restricted to `[a-z0-9-]`, which also keeps every output path inside the output folder.
public enum Identifier {
  public static func isValid(_ text: String) -> Bool {
    !text.isEmpty && !text.hasPrefix("-")
      && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }
}
