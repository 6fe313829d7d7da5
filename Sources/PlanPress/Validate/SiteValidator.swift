/// Checks what no single file can: that every department a section or target names exists, that
/// ids are unique across the site, and that every language has its home page.
public struct SiteValidator {
  public init() {}

  public func validate(_ site: Site, log: inout DiagnosticLog) {
    let departmentIDs = site.departments.map(\.id)
    var seenDepartments: [String: SourceLocation] = [:]
    for department in site.departments {
      if let earlier = seenDepartments[department.id] {
        log.error("department id '\(department.id)' is used twice (first at line \(earlier.line))", at: department.location)
      }
      seenDepartments[department.id] = department.location
      if let missing = site.config.languages.first(where: { department.name[$0] == nil }) {
        log.error("department '\(department.id)' has no name for language '\(missing)'", at: department.nameLocation ?? department.location)
      }
    }

    // The role is only spelled out for a message: a big plan names a hundred thousand owners.
    let knownDepartments = Set(departmentIDs)
    func checkDepartment(_ id: String, at location: @autoclosure () -> SourceLocation, role: @autoclosure () -> String) {
      guard !knownDepartments.contains(id), let rejected = site.rejectedDepartmentIDs, !rejected.contains(id.lowercased()) else { return }
      let hint = Suggestion.didYouMean(id, among: departmentIDs) ?? "; departments are listed in departments.yaml"
      log.error("unknown department '\(id)' as \(role())\(hint)", at: location())
    }

    var seenTargets: [String: SourceLocation] = [:]
    seenTargets.reserveCapacity(site.sections.reduce(0) { $0 + $1.targets.count })
    for section in site.sections {
      checkDepartment(section.lead, at: section.leadLocation ?? section.location, role: "lead of section '\(section.slug)'")
      for id in section.departments {
        checkDepartment(id, at: section.departmentLocations[id] ?? section.location, role: "a department of section '\(section.slug)'")
      }
      for target in section.targets {
        checkDepartment(target.department, at: target.departmentLocation ?? target.location, role: "owner of target '\(target.id)'")
        if let earlier = seenTargets[target.id] {
          log.error(
            "target id '\(target.id)' is used twice (also at \(earlier.path):\(earlier.line)); target ids are unique across the site",
            at: target.location)
        }
        seenTargets[target.id] = target.location
      }
    }
    validateDepartmentMarks(site, log: &log)
    log.report(contentsOf: TranslationStatus.staleTranslationWarnings(in: site))
    validateObservations(site, log: &log)
  }

  /// Each `[](dept:ID)` mark in a section's text must name a department, at its place in the file.
  func validateDepartmentMarks(_ site: Site, log: inout DiagnosticLog) {
    let ids = site.departments.map(\.id)
    let known = Set(ids)
    // Without departments.yaml, or for an id its failed entry may have defined, the error is there.
    guard let rejected = site.rejectedDepartmentIDs else { return }
    for section in site.sections {
      for (_, source) in section.bodies.sorted(by: { $0.key < $1.key }) {
        let unknown = source.marks.filter { !known.contains($0.department) && !rejected.contains($0.department.lowercased()) }
        // The file's lines are made once, however many marks a line holds.
        let lines = unknown.isEmpty ? [] : source.file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for mark in unknown {
          var message = "unknown department '\(mark.department)' in a mark [](dept:…)"
          message += Suggestion.didYouMean(mark.department, among: ids) ?? ""
          let sourceLine = lines.indices.contains(mark.line - 1) ? lines[mark.line - 1] : nil
          log.report(Diagnostic(.error, at: source.file.location(line: mark.line, column: mark.column), message, sourceLine: sourceLine))
        }
      }
    }
  }

  /// Each figure must name a target of the plan, once per period, in the target's unit and kind.
  func validateObservations(_ site: Site, log: inout DiagnosticLog) {
    // Positions, not copies: a big plan has a hundred thousand targets and a handful of figures.
    guard !site.observations.isEmpty else { return }
    var positions: [String: (section: Int, target: Int)] = [:]
    for (sectionPosition, section) in site.sections.enumerated() {
      for (targetPosition, target) in section.targets.enumerated() where positions[target.id] == nil {
        positions[target.id] = (sectionPosition, targetPosition)
      }
    }
    var seen: [String: SourceLocation] = [:]
    for observation in site.observations {
      guard let position = positions[observation.target] else {
        // A figure of a target that failed to be read follows from that error.
        if site.rejectedTargetIDs?.contains(observation.target) ?? true { continue }
        let hint = Suggestion.didYouMean(observation.target, among: positions.keys.sorted(), rejected: site.rejectedTargetIDs ?? []) ?? ""
        log.error("figure for unknown target '\(observation.target)'\(hint)", at: observation.location(of: "target"))
        continue
      }
      let target = site.sections[position.section].targets[position.target]
      let key = "\(observation.target) \(observation.period)"
      if let earlier = seen[key] {
        log.error(
          "a second figure for target '\(observation.target)' in period \(observation.period) (the first is at line \(earlier.line) of \(earlier.path))",
          at: observation.location(of: "period"))
      }
      seen[key] = observation.location
      switch (target.kind, observation.value) {
      case (.milestone, .number):
        log.error(
          "target '\(target.id)' is a milestone: its value is done, in-progress or not-started", at: observation.location(of: "value"))
      case (.atLeast, .milestone), (.atMost, .milestone), (.between, .milestone), (.equals, .milestone):
        log.error(
          "target '\(target.id)' is measured in numbers (\(target.unit?.texts.values.sorted().joined(separator: " / ") ?? "")), not a milestone state",
          at: observation.location(of: "value"))
      default:
        break
      }
      if let unit = observation.unit, let expected = target.unit, !expected.texts.values.contains(unit) {
        log.error(
          "unit '\(unit)' does not match target '\(target.id)', which is measured in \(expected.texts.values.sorted().map { "'\($0)'" }.joined(separator: " or "))",
          at: observation.location(of: "unit"))
      }
    }
  }

  /// Warnings about pages shown untranslated: given once the plan has no error, as they would be
  /// noise beside one.
  public func untranslatedPageWarnings(_ site: Site) -> [Diagnostic] {
    let (languages, defaultLanguage) = (site.config.languages, site.config.defaultLanguage)
    var warnings: [Diagnostic] = []
    for language in languages where language != defaultLanguage {
      if site.homePages[language] == nil, let source = site.homePages[defaultLanguage] {
        warnings.append(
          Diagnostic(
            .warning, at: source.file.location(),
            "no \(language) home page (index.\(language).md); the \(language) home page shows the \(defaultLanguage) text"))
      }
      for section in site.sections where section.bodies[language] == nil {
        let source = section.bodies[defaultLanguage]
        warnings.append(
          Diagnostic(
            .warning, at: source?.file.location() ?? section.location,
            "section '\(section.slug)' has no \(language) translation (sections/\(String(format: "%02d", section.order))-\(section.slug).\(language).md); its \(language) page shows the \(defaultLanguage) text under a notice"
          ))
      }
    }
    return warnings
  }
}
