/// Lookups over the site model that pages make many times: a section by slug, a department by id,
/// what each department leads, takes part in and owns.
///
/// Built once per build, so that rendering a page costs the same whether the plan has eleven
/// sections or eleven thousand; searching the arrays for each link made big plans quadratic.
struct SiteIndex: Sendable {
  private let sectionPositions: [String: Int]
  private let departmentPositions: [String: Int]
  private let ledSections: [String: [Int]]
  private let involvedSections: [String: [Int]]
  /// Where each department's targets are: positions, not copies, as a big plan has a hundred
  /// thousand targets.
  private let ownedTargets: [String: [(section: Int, target: Int)]]
  private let sections: [Section]

  init(_ site: Site) {
    var sectionPositions: [String: Int] = [:]
    var led: [String: [Int]] = [:]
    var involved: [String: [Int]] = [:]
    for (position, section) in site.sections.enumerated() {
      // The first wins, as `first(where:)` did; the parser rejects duplicate slugs anyway.
      if sectionPositions[section.slug] == nil { sectionPositions[section.slug] = position }
      led[section.lead, default: []].append(position)
      // A department named twice in `departments` is still listed once.
      var seen: Set<String> = [section.lead]
      for id in section.departments where seen.insert(id).inserted {
        involved[id, default: []].append(position)
      }
    }
    var departmentPositions: [String: Int] = [:]
    for (position, department) in site.departments.enumerated() where departmentPositions[department.id] == nil {
      departmentPositions[department.id] = position
    }
    var owned: [String: [(section: Int, target: Int)]] = [:]
    for sectionPosition in site.sections.indices {
      // By index: a loop over the targets would copy each of them.
      for targetPosition in site.sections[sectionPosition].targets.indices {
        owned[site.sections[sectionPosition].targets[targetPosition].department, default: []].append((sectionPosition, targetPosition))
      }
    }
    self.sectionPositions = sectionPositions
    self.departmentPositions = departmentPositions
    self.ledSections = led
    self.involvedSections = involved
    self.ownedTargets = owned
    self.sections = site.sections
  }

  /// The position of a section in the site's (ordered) sections.
  func position(ofSection slug: String) -> Int? { sectionPositions[slug] }

  /// The position of a department in `departments.yaml`.
  func position(ofDepartment id: String) -> Int? { departmentPositions[id] }

  /// Positions of the sections a department leads, in section order.
  func sectionsLed(by id: String) -> [Int] { ledSections[id] ?? [] }

  /// Positions of the sections that name a department without it leading them, in section order.
  func sectionsInvolving(_ id: String) -> [Int] { involvedSections[id] ?? [] }

  /// The targets a department owns, in section order.
  func targetsOwned(by id: String) -> [Target] {
    targetPositions(ownedBy: id).map { sections[$0.section].targets[$0.target] }
  }

  /// Where the targets a department owns are, in section order: each one's section's position and
  /// its own in the section.
  func targetPositions(ownedBy id: String) -> [(section: Int, target: Int)] {
    ownedTargets[id] ?? []
  }
}
