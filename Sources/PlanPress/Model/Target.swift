/// A measurable commitment of the plan.
public struct Target: Sendable, Hashable {
  public var id: String
  public var label: LocalizedText
  /// The unit of the numbers per language; nil for milestones without one.
  public var unit: LocalizedText?
  public var department: String
  public var kind: TargetKind
  public var baseline: Baseline?
  public var due: PlanDate
  public var section: String
  public var location: SourceLocation
  /// Where the front matter names the owner, so that an unknown one is reported at its value.
  public var departmentLocation: SourceLocation? = nil
}

/// What counts as done for a target.
public enum TargetKind: Sendable, Hashable {
  case atLeast(Double)
  case atMost(Double)
  case between(Double, Double)
  case equals(Double)
  case milestone

  /// The kind's name as content writes it.
  public var name: String {
    switch self {
    case .atLeast: return "at-least"
    case .atMost: return "at-most"
    case .between: return "between"
    case .equals: return "equals"
    case .milestone: return "milestone"
    }
  }

  /// The keys of front matter that name a kind.
  public static let keys = ["at-least", "at-most", "between", "equals", "milestone"]
}

/// A published value from before the plan, with its source.
public struct Baseline: Sendable, Hashable {
  public var value: Double
  public var asOf: PlanDate?
  public var source: String
}
