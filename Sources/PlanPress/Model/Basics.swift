import Foundation

/// Text in several languages, keyed by language code.
public struct LocalizedText: Sendable, Hashable {
  /// By language code, in code order. A list, not a dictionary: a big plan holds a few hundred
  /// thousand of these (every target's label and unit), each in two or three languages, and a
  /// dictionary's table takes three times the room.
  private var entries: [Entry] = []

  private struct Entry: Sendable, Hashable {
    var language: String
    var text: String
  }

  public init(_ texts: [String: String] = [:]) {
    entries = texts.map { Entry(language: $0.key, text: $0.value) }.sorted { $0.language < $1.language }
  }

  /// The texts in language-code order.
  public var inCodeOrder: [(language: String, text: String)] {
    entries.map { ($0.language, $0.text) }
  }

  /// The texts by language code.
  public var texts: [String: String] {
    Dictionary(entries.map { ($0.language, $0.text) }, uniquingKeysWith: { first, _ in first })
  }

  public subscript(language: String) -> String? {
    get { entries.first { $0.language == language }?.text }
    set {
      let position = entries.firstIndex { $0.language >= language } ?? entries.endIndex
      let present = position < entries.endIndex && entries[position].language == language
      switch (newValue, present) {
      case (let text?, true): entries[position].text = text
      case (let text?, false): entries.insert(Entry(language: language, text: text), at: position)
      case (nil, true): entries.remove(at: position)
      case (nil, false): break
      }
    }
  }

  /// The text in `language`, else in the first of `fallbacks` that has one.
  public func resolved(_ language: String, fallbacks: [String]) -> String {
    if let text = self[language] { return text }
    for fallback in fallbacks { if let text = self[fallback] { return text } }
    return entries.first?.text ?? ""
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
    // Not `String(format:)`: pages of targets print thousands of dates, and Foundation's
    // formatting is a hundred times slower than this.
    zeroPadded(year, to: 4) + "-" + zeroPadded(month, to: 2) + "-" + zeroPadded(day, to: 2)
  }

  /// A date that always exists, for computations that cannot fail on a valid date.
  static let placeholder = PlanDate(uncheckedYear: 1970, month: 1, day: 1)

  private init(uncheckedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Days since 1970-01-01 (proleptic Gregorian), for measuring spans between dates.
  public var dayNumber: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
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

/// `value` in decimal with leading zeros up to `width` digits, as `%0*d` prints it.
func zeroPadded(_ value: Int, to width: Int) -> String {
  let digits = String(value.magnitude)
  let padding = String(repeating: "0", count: max(0, width - digits.count))
  return (value < 0 ? "-" : "") + padding + digits
}
