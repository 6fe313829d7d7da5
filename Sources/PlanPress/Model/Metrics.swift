/// A reporting period of a figure: a year (`2015`), a quarter (`2015-Q3`) or a month (`2015-07`).
public struct Period: Sendable, Hashable, Comparable, CustomStringConvertible {
  public enum Length: Int, Sendable, Hashable {
    case month = 1
    case quarter = 3
    case year = 12
  }

  public let year: Int
  /// The first month of the period, 1…12.
  public let firstMonth: Int
  public let length: Length

  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, first.count == 4, let year = Int(first), year > 0 else { return nil }
    self.year = year
    switch parts.count {
    case 1:
      firstMonth = 1
      length = .year
    case 2 where parts[1].count == 2 && parts[1].hasPrefix("Q"):
      guard let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) else { return nil }
      firstMonth = (quarter - 1) * 3 + 1
      length = .quarter
    case 2 where parts[1].count == 2:
      guard let month = Int(parts[1]), (1...12).contains(month) else { return nil }
      firstMonth = month
      length = .month
    default:
      return nil
    }
  }

  /// The last day of the period.
  public var end: PlanDate {
    let lastMonth = firstMonth + length.rawValue - 1
    return PlanDate(year: year, month: lastMonth, day: PlanDate.days(inMonth: lastMonth, year: year)) ?? PlanDate.placeholder
  }

  public var description: String {
    switch length {
    case .year: return String(year)
    case .quarter: return "\(year)-Q\((firstMonth - 1) / 3 + 1)"
    case .month: return zeroPadded(year, to: 4) + "-" + zeroPadded(firstMonth, to: 2)
    }
  }

  public static func < (lhs: Period, rhs: Period) -> Bool {
    (lhs.end, lhs.length.rawValue) < (rhs.end, rhs.length.rawValue)
  }
}

/// The state a unit reports for a milestone.
public enum MilestoneState: String, Sendable, Hashable, CaseIterable {
  case done
  case inProgress = "in-progress"
  case notStarted = "not-started"
}

/// What a figure says: a number in the target's unit, or a milestone's state.
public enum ObservedValue: Sendable, Hashable {
  case number(Double)
  case milestone(MilestoneState)
}

/// One reported figure for one target and period, from a row of `Content/metrics/*.csv`.
public struct Observation: Sendable, Hashable {
  public var target: String
  public var period: Period
  public var value: ObservedValue
  /// The unit the row gives, if it has a unit column; checked against the target's.
  public var unit: String?
  public var asOf: PlanDate
  /// A URL or a citation, as published: in the plan's default language.
  public var source: String
  public var note: String?
  /// The source's name and the note in other languages (`source-en`, `note-en`), where given.
  public var translatedSource = LocalizedText()
  public var translatedNote = LocalizedText()
  /// Where the row starts.
  public var location: SourceLocation
  /// The column of each field on the row's first line, by column name, so that a mistake found
  /// later (an unknown target, a unit that does not match) is reported at its field.
  public var columns: [String: Int] = [:]

  /// Where the row's field `column` starts (the row's start when it has no such field).
  public func location(of column: String) -> SourceLocation {
    var located = location
    located.column = columns[column] ?? location.column
    return located
  }
}

/// How figures are judged; `metrics:` in `site.yaml`, every key optional.
public struct MetricsSettings: Sendable, Hashable {
  /// Figures whose as-of date is this many days older than the newest figure's are marked stale.
  public var staleAfterDays: Int = 180
  /// How far progress may trail the elapsed share of the period before a target is behind rather than at risk.
  public var atRiskMargin: Double = 0.15
  /// When the plan's period starts; pacing measures the time elapsed from here to each target's due date.
  public var planStart: PlanDate?

  public init() {}
}
