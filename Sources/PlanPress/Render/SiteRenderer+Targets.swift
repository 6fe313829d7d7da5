import Foundation
import PageModels
import PlanPressTemplates

/// Targets on pages: rows with their latest figure and status, the dashboard, and the open data.
extension SiteRenderer {
  /// A table of targets on the page at `path`, their sections found `in` what the page read. A big
  /// table (a brief's) is made on every core, which is what a rebuild after an edit waits for; a
  /// page's few rows are not worth starting threads for.
  func targetsTable(
    _ targets: [Target], from path: String, _ language: String, showsOwner: Bool = true, showsSection: Bool,
    in sections: (String) -> SectionSummary?
  ) -> TargetsTable {
    let shared = SharedRowParts(targets, renderer: self, from: path, language, sections: sections)
    let rows =
      targets.count > 256 ? targets.concurrentMap { targetRow($0, shared, language) } : targets.map { targetRow($0, shared, language) }
    let statuses = targets.map { plan.judged($0)?.status ?? .noData }
    return TargetsTable(rows: rows, statusTotals: statusTotals(statuses, language), showsOwner: showsOwner, showsSection: showsSection)
  }

  /// What rows of a table share: the links to the departments and sections they name, made once
  /// per table rather than once per row.
  struct SharedRowParts {
    let departments: [String: PageLink]
    let sections: [String: PageLink]

    init(
      _ targets: [Target], renderer: SiteRenderer, from path: String, _ language: String, sections lookup: (String) -> SectionSummary?
    ) {
      var departments: [String: PageLink] = [:]
      var sections: [String: PageLink] = [:]
      for target in targets {
        if departments[target.department] == nil, let link = renderer.departmentLink(target.department, from: path, language) {
          departments[target.department] = link
        }
        if sections[target.section] == nil, let section = lookup(target.section) {
          sections[target.section] = renderer.sectionLink(section, from: path, language)
        }
      }
      (self.departments, self.sections) = (departments, sections)
    }
  }

  /// A target as a row of a table: what it asks, where it stands, as of when, from which source.
  private func targetRow(_ target: Target, _ shared: SharedRowParts, _ language: String) -> TargetRow {
    let item = plan.judged(target)
    var row = TargetRow(
      id: target.id, label: text(target.label, language), requirement: requirementParts(target, language),
      baseline: target.baseline.map { baseline in
        let value = quantity(baseline.value, of: target, language)
        let text =
          if let asOf = baseline.asOf {
            strings.parts("targets.baseline_as_of", language, ["value": value, "as_of": formatDate(asOf, language)])
          } else {
            strings.parts("targets.baseline", language, ["value": value])
          }
        return TargetRow.Baseline(text: text, source: citedSource(baseline.source, translated: LocalizedText(), language))
      },
      latest: nil, status: statusLabel(item?.status ?? .noData, language), isOvershoot: item?.overshoot ?? false, progress: nil,
      series: nil, owner: shared.departments[target.department], section: shared.sections[target.section],
      due: formatDate(target.due, language), dueISO: target.due.description)
    guard let item else { return row }
    if let latest = item.latest {
      let value: String =
        switch latest.value {
        case .number(let value): quantity(value, of: target, language)
        case .milestone(let state): strings.text("milestone." + state.rawValue.replacingOccurrences(of: "-", with: "_"), language)
        }
      row.latest = TargetRow.Latest(
        value: value, period: formatPeriod(latest.period, language), asOf: formatDate(latest.asOf, language),
        asOfISO: latest.asOf.description, isStale: item.stale,
        source: citedSource(latest.source, translated: latest.translatedSource, language),
        note: latest.translatedNote[language] ?? latest.note,
        noteLanguage: latest.translatedNote[language] == nil ? languageMark(language) : nil)
    }
    if let share = item.progress {
      let values = ["progress": percent(share, language), "elapsed": percent(item.elapsed ?? 0, language)]
      let bar = Charts.progressBar(progress: share, elapsed: item.elapsed, title: strings.text("chart.progress", language, values))
      row.progress = (HTML(trusted: bar), percent(share, language))
    }
    let numbers = item.observations.compactMap { observation -> (period: Period, value: Double)? in
      if case .number(let value) = observation.value { return (observation.period, value) }
      return nil
    }
    func values() -> String {
      numbers.map { "\(formatPeriod($0.period, language)) \(quantity($0.value, of: target, language))" }.joined(separator: "; ")
    }
    row.series = Charts.timeSeries(
      numbers, goals: goals(of: target.kind),
      title: strings.text(
        "chart.series", language, ["label": text(target.label, language), "values": values(), "requirement": requirement(target, language)]),
      label: { formatPeriod($0, language) }
    ).map { HTML(trusted: $0) }
    return row
  }

  private func goals(of kind: TargetKind) -> [Double] {
    switch kind {
    case .atLeast(let value), .atMost(let value), .equals(let value): return [value]
    case .between(let low, let high): return [low, high]
    case .milestone: return []
    }
  }

  func statusLabel(_ status: TargetStatus, _ language: String) -> StatusLabel {
    StatusLabel(key: status.rawValue, symbol: status.symbol, text: strings.text("status." + status.textKey, language))
  }

  /// A number of a target's unit as the language writes it; see `QuantityFormatter.quantity`.
  func quantity(_ value: Double, of target: Target, _ language: String) -> String {
    QuantityFormatter.quantity(
      value, unit: target.unit.map { text($0, language) }, language: language, sourceUnit: target.unit?[defaultLanguage])
  }

  private func percent(_ share: Double, _ language: String) -> String {
    QuantityFormatter.number((share * 100).rounded(), language: language) + "%"
  }

  func formatPeriod(_ period: Period, _ language: String) -> String {
    switch (period.length, language) {
    case (.year, "zh"): return "\(period.year)年"
    case (.quarter, "zh"): return "\(period.year)年第\((period.firstMonth - 1) / 3 + 1)季度"
    case (.month, "zh"): return "\(period.year)年\(period.firstMonth)月"
    default: return period.description
    }
  }

  /// A source as published (in the default language), or as translated for `language` where it is.
  private func citedSource(_ published: String, translated: LocalizedText, _ language: String) -> TargetRow.Source {
    let name = translated[language] ?? published
    return TargetRow.Source(name: name, url: webLink(name), language: translated[language] == nil ? languageMark(language) : nil)
  }

  /// What marks a text in the default language on a page in `language`; nil on the default language's pages.
  func languageMark(_ language: String) -> TargetRow.LanguageMark? {
    guard language != defaultLanguage else { return nil }
    let name = strings.optionalText("language_names." + defaultLanguage, language) ?? strings.text("language_name", defaultLanguage)
    return TargetRow.LanguageMark(lang: defaultLanguage, words: strings.text("targets.in_language", language, ["language": name]))
  }

  /// A source written in content becomes a link only if it is a web address: a citation stays
  /// text, and no other scheme (`javascript:`, `data:`) can reach an `href`.
  func webLink(_ source: String) -> String? {
    let lowered = source.lowercased()
    guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), !source.contains(where: \.isWhitespace) else { return nil }
    return source
  }

  /// What a target asks for, in words: "不低于360元/月", "at least 360 yuan/month".
  func requirement(_ target: Target, _ language: String) -> String {
    requirementParts(target, language).map(\.text).joined()
  }

  /// What a target asks for, its amounts marked as values that a page keeps whole.
  func requirementParts(_ target: Target, _ language: String) -> [TextPart] {
    func amount(_ value: Double) -> String { quantity(value, of: target, language) }
    switch target.kind {
    case .atLeast(let value): return strings.parts("kind.at_least", language, ["value": amount(value)])
    case .atMost(let value): return strings.parts("kind.at_most", language, ["value": amount(value)])
    case .equals(let value): return strings.parts("kind.equals", language, ["value": amount(value)])
    case .between(let low, let high):
      let lowText = QuantityFormatter.quantity(low, unit: nil, language: language, sourceUnit: target.unit?[defaultLanguage])
      return strings.parts("kind.between", language, ["low": lowText, "high": amount(high)])
    case .milestone: return strings.parts("kind.milestone", language)
    }
  }

  // MARK: Dashboard

  func renderDashboard(_ language: String) -> HTML {
    let path = paths.dashboard(language)
    var statusesByOwner: [String: [TargetStatus]] = [:]
    let judged = plan.judgedInOrder
    for item in judged { statusesByOwner[item.department, default: []].append(item.status) }
    let ownerRows = plan.departments.compactMap { department -> StatusCountsTable.Row? in
      guard let owned = statusesByOwner[department.id], let link = departmentLink(department.id, from: path, language) else { return nil }
      return StatusCountsTable.Row(link: link, counts: statusCounts(owned).map(\.count), total: owned.count)
    }
    let withTargets = plan.fronts.filter { !$0.targets.isEmpty }
    let page = DashboardPage(
      layout: layout(.dashboard, language, title: strings.text("dashboard.title", language)),
      totals: statusCounts(judged.map(\.status)).map { (statusLabel($0.status, language), $0.count) },
      targetCount: judged.count,
      newestFigure: plan.observations.map(\.asOf).max().map {
        strings.text("dashboard.newest", language, ["date": formatDate($0, language)])
      },
      dataJSON: SitePaths.relativeURL(from: path, to: SitePaths.targetsJSON),
      dataCSV: SitePaths.relativeURL(from: path, to: SitePaths.targetsCSV),
      byDepartment: StatusCountsTable(label: strings.text("targets.owner", language), statuses: statusLabels(language), rows: ownerRows),
      // Each section's page lists its targets; a large plan's are counted here (see `Site.largePlanSections`).
      summary: isLargePlan
        ? TargetSummary(
          note: strings.text("dashboard.summarized", language, ["limit": String(Site.largePlanSections)]),
          bySection: sectionCountsTable(withTargets.map { ($0.summary, $0.targets) }, from: path, language)) : nil,
      sections: isLargePlan
        ? []
        : withTargets.map { section in
          DashboardPage.SectionTargets(
            slug: section.slug, link: sectionLink(section.summary, from: path, language),
            targets: targetsTable(section.targets, from: path, language, showsSection: false, in: { _ in section.summary }))
        })
    return Page.dashboard(page, texts(language))
  }

  /// Every status, in the order of `TargetStatus.allCases`, as columns of a table.
  func statusLabels(_ language: String) -> [StatusLabel] {
    TargetStatus.allCases.map { statusLabel($0, language) }
  }

  /// How many of the targets have each status, in the order of `TargetStatus.allCases`.
  /// The statuses that `statuses` holds, each with how many times, as pages show them.
  func statusTotals(_ statuses: [TargetStatus], _ language: String) -> [(status: StatusLabel, count: Int)] {
    statusCounts(statuses).filter { $0.count > 0 }.map { (statusLabel($0.status, language), $0.count) }
  }

  func statusCounts(_ statuses: [TargetStatus]) -> [(status: TargetStatus, count: Int)] {
    var counts: [TargetStatus: Int] = [:]
    for status in statuses { counts[status, default: 0] += 1 }
    return TargetStatus.allCases.map { ($0, counts[$0, default: 0]) }
  }

  /// A table counting targets by section: each section, linked to the list of targets on its
  /// page, and how many of the targets given for it have each status.
  func sectionCountsTable(_ sections: [(SectionSummary, [Target])], from path: String, _ language: String) -> StatusCountsTable {
    let rows = sections.map { section, targets in
      StatusCountsTable.Row(
        link: PageLink(
          text: text(section.title, language),
          url: SitePaths.relativeURL(from: path, to: paths.section(section.slug, language)) + "#targets-heading"),
        counts: statusCounts(targets.compactMap { plan.judged($0)?.status }).map(\.count), total: targets.count)
    }
    return StatusCountsTable(label: strings.text("targets.section", language), statuses: statusLabels(language), rows: rows)
  }

  /// A department's targets grouped by their section, in order.
  static func bySection(_ owned: OwnedTargets) -> [(SectionSummary, [Target])] {
    var groups: [(SectionSummary, [Target])] = []
    for target in owned.targets {
      if let last = groups.last, last.0.slug == target.section {
        groups[groups.count - 1].1.append(target)
      } else if let section = owned.section(target.section) {
        groups.append((section, [target]))
      }
    }
    return groups
  }

  // MARK: Open data

  func openDataFiles(_ format: OpenData.Format) -> [OutputFile] {
    let data = OpenData(targets: plan.fronts.map(\.targets), progress: plan.judgedInOrder)
    switch format {
    case .json: return [OutputFile(path: SitePaths.targetsJSON, contents: data.json())]
    case .csv: return [OutputFile(path: SitePaths.targetsCSV, contents: data.csv(languages: languages))]
    }
  }
}
