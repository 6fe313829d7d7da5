/// The plan as its pages read it, built once a build after the parse: the site, with what pages
/// look up in it many times (`SiteIndex`), every target judged against its figures
/// (`TargetProgress`), and the departments each section marks parts of its text as naming.
struct SiteModel: Sendable {
  let site: Site
  let index: SiteIndex
  /// Every target judged, by target id.
  let progress: ProgressByTarget
  /// Every target judged, in section order, for the dashboard and the open data.
  let progressInOrder: [TargetProgress]
  /// The departments each section's text marks parts as naming (`[](dept:ID)`), by position, for
  /// the sections that have any.
  let departmentMarks: [Int: Set<String>]

  init(_ site: Site) {
    self.site = site
    index = SiteIndex(site)
    progressInOrder = site.progress()
    progress = ProgressByTarget(progressInOrder)
    var marks: [Int: Set<String>] = [:]
    for (position, section) in site.sections.enumerated() {
      let ids = Set(section.bodies.values.flatMap { $0.marks.map(\.department) })
      if !ids.isEmpty { marks[position] = ids }
    }
    departmentMarks = marks
  }
}

/// Targets judged against their figures, found by id. The judgements stay in their array: a
/// dictionary of them would hold a second copy of every one.
struct ProgressByTarget: Sendable {
  private let items: [TargetProgress]
  private let positions: [String: Int]

  init(_ items: [TargetProgress]) {
    self.items = items
    var positions: [String: Int] = [:]
    positions.reserveCapacity(items.count)
    for position in items.indices where positions[items[position].id] == nil {
      positions[items[position].id] = position
    }
    self.positions = positions
  }

  subscript(id: String) -> TargetProgress? {
    positions[id].map { items[$0] }
  }
}
