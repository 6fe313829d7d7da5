/// Where a target stands, from a small fixed set. Shown by word and symbol, never by colour alone.
public enum TargetStatus: String, Sendable, Hashable, CaseIterable {
  case met
  case onTrack = "on-track"
  case atRisk = "at-risk"
  case behind
  case notStarted = "not-started"
  case noData = "no-data"

  /// The key of its word in the interface texts (`status.<key>`).
  public var textKey: String {
    switch self {
    case .met: return "met"
    case .onTrack: return "on_track"
    case .atRisk: return "at_risk"
    case .behind: return "behind"
    case .notStarted: return "not_started"
    case .noData: return "no_data"
    }
  }

  /// A symbol that reads in black and white and to screen readers (alongside the word).
  public var symbol: String {
    switch self {
    case .met: return "✔"
    case .onTrack: return "➚"
    case .atRisk: return "⚠"
    case .behind: return "✘"
    case .notStarted: return "○"
    case .noData: return "–"
    }
  }
}

/// A target merged with its figures: the latest one, the share of the way from baseline to target,
/// and the status. The rules are documented in docs/metrics.md; keep the two in step.
public struct TargetProgress: Sendable {
  /// The target's id and owner; the target itself stays in its section (a copy in each judgement
  /// was a big plan's largest list after the sections).
  public let id: String
  public let department: String
  /// The target's figures, oldest period first.
  public let observations: [Observation]
  /// The newest figure (of the latest period). Read from `observations` rather than kept: most
  /// targets have none, and an empty figure would still take its room in each of them.
  public var latest: Observation? { observations.last }
  /// The share of the way from the baseline (or zero) to the target, 0…1; nil for milestones and without data.
  public let progress: Double?
  /// The share of the target's period that had elapsed at the latest figure's as-of date, 0…1.
  public let elapsed: Double?
  public let status: TargetStatus
  /// The latest figure is older than the newest figure of the site by more than the stale span.
  public let stale: Bool
  /// The latest value lies above the range (`between`) or the exact value (`equals`) the plan set.
  public let overshoot: Bool

  /// Judges a target from its figures. `newestAsOf` is the newest as-of date of any figure of the site.
  public init(target: Target, observations: [Observation], settings: MetricsSettings, planStart: PlanDate, newestAsOf: PlanDate?) {
    id = target.id
    department = target.department
    self.observations = observations.sorted { ($0.period, $0.asOf) < ($1.period, $1.asOf) }
    guard let latest = self.observations.last else {
      progress = nil
      elapsed = nil
      status = .noData
      stale = false
      overshoot = false
      return
    }
    if let newestAsOf {
      stale = newestAsOf.dayNumber - latest.asOf.dayNumber > settings.staleAfterDays
    } else {
      stale = false
    }
    let start = min(settings.planStart ?? planStart, target.due)
    let span = max(target.due.dayNumber - start.dayNumber, 1)
    let elapsed = Self.clamp(Double(latest.asOf.dayNumber - start.dayNumber) / Double(span))
    self.elapsed = elapsed
    let periodOver = latest.asOf >= target.due

    switch latest.value {
    case .milestone(let state):
      progress = nil
      overshoot = false
      switch state {
      case .done: status = .met
      case .inProgress: status = periodOver ? .behind : .onTrack
      case .notStarted: status = periodOver ? .behind : (elapsed <= settings.atRiskMargin ? .notStarted : .atRisk)
      }
    case .number(let value):
      let judged = Self.judge(target.kind, value: value, baseline: target.baseline?.value)
      progress = judged.progress
      overshoot = judged.overshoot
      if judged.met {
        status = .met
      } else if periodOver {
        status = .behind
      } else if judged.overshoot {
        status = .atRisk
      } else if judged.progress <= 0 {
        status = elapsed <= settings.atRiskMargin ? .notStarted : .behind
      } else if judged.progress >= elapsed {
        status = .onTrack
      } else if judged.progress >= elapsed - settings.atRiskMargin {
        status = .atRisk
      } else {
        status = .behind
      }
    }
  }

  /// Whether a value meets a numeric target, and the share of the way to it.
  static func judge(_ kind: TargetKind, value: Double, baseline: Double?) -> (met: Bool, progress: Double, overshoot: Bool) {
    /// The way up from the baseline (or zero) to `goal`.
    func upTo(_ goal: Double) -> Double {
      if let baseline, goal > baseline { return clamp((value - baseline) / (goal - baseline)) }
      if goal > 0 { return clamp(value / goal) }
      return value >= goal ? 1 : 0
    }
    switch kind {
    case .atLeast(let goal):
      return (value >= goal, upTo(goal), false)
    case .atMost(let limit):
      if value <= limit { return (true, 1, false) }
      // The way down from the baseline (or from twice the limit) to the limit.
      let from = baseline.flatMap { $0 > limit ? $0 : nil } ?? limit * 2
      let share = from > limit ? clamp((from - value) / (from - limit)) : 0
      return (false, share, false)
    case .between(let low, let high):
      if value > high { return (false, 1, true) }
      return (value >= low, upTo(low), false)
    case .equals(let goal):
      let tolerance = 1e-9 * max(1, abs(goal))
      if abs(value - goal) <= tolerance { return (true, 1, false) }
      if value > goal { return (false, 1, true) }
      return (false, upTo(goal), false)
    case .milestone:
      return (false, 0, false)
    }
  }

  static func clamp(_ value: Double) -> Double {
    guard value.isFinite else { return 0 }
    return min(max(value, 0), 1)
  }
}

extension Site {
  /// Every target judged against its figures, in section order.
  public func progress() -> [TargetProgress] {
    var byTarget: [String: [Observation]] = [:]
    for observation in observations { byTarget[observation.target, default: []].append(observation) }
    let newest = observations.map(\.asOf).max()
    let planStart = config.metrics.planStart ?? PlanDate(year: config.notice.date.year, month: 1, day: 1) ?? config.notice.date
    // Section by section on every core, then joined into a list of exactly their size (grown
    // as it went, a big plan's list held half again its room).
    let bySection = sections.concurrentMap { section in
      section.targets.map {
        TargetProgress(target: $0, observations: byTarget[$0.id] ?? [], settings: config.metrics, planStart: planStart, newestAsOf: newest)
      }
    }
    var progress: [TargetProgress] = []
    progress.reserveCapacity(bySection.reduce(0) { $0 + $1.count })
    for section in bySection { progress += section }
    return progress
  }
}
