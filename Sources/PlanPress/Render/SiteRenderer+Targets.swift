import Foundation

/// Targets on pages: rows with their latest figure and status, the dashboard, and the open data.
extension SiteRenderer {
  /// The rows of a table of targets on the page at `path`, prepared for the template (see
  /// `TemplateValue`): a brief's table has thousands, each made once.
  func targetRows(_ targets: [Target], from path: String, _ language: String) -> [Any] {
    let shared = SharedRowParts(targets, renderer: self, from: path, language)
    // A big table (a brief's) is made on every core, which is what a rebuild after an edit waits
    // for; a page's few rows are not worth starting threads for.
    guard targets.count > 256 else { return targets.map { targetRow($0, shared, language) } }
    return targets.concurrentMap { targetRow($0, shared, language) }
  }

  /// What rows of a table share: the links to the departments and sections they name and the
  /// statuses they show, made (and prepared) once per table rather than once per row.
  struct SharedRowParts {
    let departments: [String: Any]
    let sections: [String: Any]
    let statuses: [TargetStatus: Any]

    init(_ targets: [Target], renderer: SiteRenderer, from path: String, _ language: String) {
      var departments: [String: Any] = [:]
      var sections: [String: Any] = [:]
      var statuses: [TargetStatus: Any] = [:]
      for target in targets {
        if departments[target.department] == nil, let link = renderer.departmentLink(target.department, from: path, language) {
          departments[target.department] = renderer.templates.prepared(link)
        }
        if sections[target.section] == nil, let section = renderer.section(target.section) {
          sections[target.section] = renderer.templates.prepared(renderer.sectionLink(section, from: path, language))
        }
        if let status = renderer.progress[target.id]?.status, statuses[status] == nil {
          statuses[status] = renderer.templates.prepared(renderer.statusContext(status, language))
        }
      }
      (self.departments, self.sections, self.statuses) = (departments, sections, statuses)
    }
  }

  /// A target as a table row (`targets.mustache`): its cells that read the same on every page,
  /// rendered once (see `targetCells`), and the links and columns that depend on the page.
  private func targetRow(_ target: Target, _ shared: SharedRowParts, _ language: String) -> Any {
    var row: [String: Any] = [
      "id": target.id,
      "cells": targetCells(target, language),
      "due": formatDate(target.due, language),
      "due_iso": target.due.description,
    ]
    row["owner"] = shared.departments[target.department]
    row["section"] = shared.sections[target.section]
    if let item = progress[target.id] { row["status"] = shared.statuses[item.status] }
    return templates.prepared(row)
  }

  /// A target's cells that read the same wherever it is listed (`target-cells.mustache`): what it
  /// asks, where it stands, as of when, from which source. A target is listed on its section's
  /// page, its department's page and brief, and the dashboard, in every language: its cells are
  /// rendered once per language and kept.
  func targetCells(_ target: Target, _ language: String) -> String {
    renderedCells.value(for: cellsKey(target, language)) {
      var context = targetCellsContext(target, language)
      context["t"] = interfaceTexts(language)
      return templates.render(context, with: "target-cells")
    }
  }

  /// The key of a target's cells in a language in `renderedCells`.
  func cellsKey(_ target: Target, _ language: String) -> String {
    target.id + "\u{0}" + language
  }

  /// In how many tables each target is listed, in each language: its section's page and its
  /// department's brief, and, unless the plan is large, the dashboard and its department's page.
  static func tablesListingEachTarget(_ site: Site) -> Int {
    isLarge(site) ? 2 : 4
  }

  private func targetCellsContext(_ target: Target, _ language: String) -> [String: Any] {
    var row: [String: Any] = [
      "id": target.id,
      "label": text(target.label, language),
      "requirement": requirement(target, language),
      "kind": target.kind.name,
    ]
    if let baseline = target.baseline {
      let value = quantity(baseline.value, of: target, language)
      var entry: [String: Any] = ["source": baseline.source]
      entry["text"] =
        if let asOf = baseline.asOf {
          strings.text("targets.baseline_as_of", language, ["value": value, "as_of": formatDate(asOf, language)])
        } else {
          strings.text("targets.baseline", language, ["value": value])
        }
      entry["source_url"] = webLink(baseline.source)
      row["baseline"] = entry
    }
    guard let item = progress[target.id] else { return row }
    row["status"] = statusContext(item.status, language)
    if let latest = item.latest {
      var figure: [String: Any] = [
        "period": formatPeriod(latest.period, language),
        "as_of": formatDate(latest.asOf, language),
        "as_of_iso": latest.asOf.description,
        "source": latest.source,
        "stale": item.stale,
      ]
      switch latest.value {
      case .number(let value): figure["value"] = quantity(value, of: target, language)
      case .milestone(let state): figure["value"] = strings.text("milestone." + state.rawValue.replacingOccurrences(of: "-", with: "_"), language)
      }
      figure["source_url"] = webLink(latest.source)
      figure["note"] = latest.note
      row["latest"] = figure
    }
    if let share = item.progress {
      let values = ["progress": percent(share, language), "elapsed": percent(item.elapsed ?? 0, language)]
      row["progress_svg"] = Charts.progressBar(
        progress: share, elapsed: item.elapsed, title: strings.text("chart.progress", language, values))
      row["progress_text"] = percent(share, language)
    }
    if item.overshoot { row["overshoot"] = true }
    let numbers = item.observations.compactMap { observation -> (period: Period, value: Double)? in
      if case .number(let value) = observation.value { return (observation.period, value) }
      return nil
    }
    let series = numbers.map { "\(formatPeriod($0.period, language)) \(quantity($0.value, of: target, language))" }.joined(separator: "; ")
    row["series_svg"] = Charts.timeSeries(
      numbers, goals: goals(of: target.kind),
      title: strings.text("chart.series", language, ["label": text(target.label, language), "values": series, "requirement": requirement(target, language)]),
      label: { formatPeriod($0, language) })
    return row
  }

  private func goals(of kind: TargetKind) -> [Double] {
    switch kind {
    case .atLeast(let value), .atMost(let value), .equals(let value): return [value]
    case .between(let low, let high): return [low, high]
    case .milestone: return []
    }
  }

  func statusContext(_ status: TargetStatus, _ language: String) -> [String: Any] {
    ["key": status.rawValue, "symbol": status.symbol, "text": strings.text("status." + status.textKey, language)]
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

  /// A source written in content becomes a link only if it is a web address: a citation stays
  /// text, and no other scheme (`javascript:`, `data:`) can reach an `href`.
  func webLink(_ source: String) -> String? {
    let lowered = source.lowercased()
    guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), !source.contains(where: \.isWhitespace) else { return nil }
    return source
  }

  /// What a target asks for, in words: "不低于360元/月", "at least 360 yuan/month".
  func requirement(_ target: Target, _ language: String) -> String {
    func amount(_ value: Double) -> String { quantity(value, of: target, language) }
    switch target.kind {
    case .atLeast(let value): return strings.text("kind.at_least", language, ["value": amount(value)])
    case .atMost(let value): return strings.text("kind.at_most", language, ["value": amount(value)])
    case .equals(let value): return strings.text("kind.equals", language, ["value": amount(value)])
    case .between(let low, let high):
      let lowText = QuantityFormatter.quantity(low, unit: nil, language: language, sourceUnit: target.unit?[defaultLanguage])
      return strings.text("kind.between", language, ["low": lowText, "high": amount(high)])
    case .milestone: return strings.text("kind.milestone", language)
    }
  }

  // MARK: Dashboard

  func renderDashboard(_ language: String) -> String {
    let path = paths.dashboard(language)
    var context = layout(.dashboard, language, title: strings.text("dashboard.title", language))
    context["statuses"] = TargetStatus.allCases.map { statusContext($0, language) }
    context["totals"] = statusCounts(progressInOrder.map(\.status), language)
    context["target_count"] = progressInOrder.count
    var statusesByOwner: [String: [TargetStatus]] = [:]
    for item in progressInOrder { statusesByOwner[item.target.department, default: []].append(item.status) }
    let ownerRows = site.departments.compactMap { department -> [String: Any]? in
      guard let owned = statusesByOwner[department.id], var entry = departmentLink(department.id, from: path, language) else { return nil }
      entry["counts"] = statusCounts(owned, language)
      entry["total"] = owned.count
      return entry
    }
    context["by_department"] = ["label": strings.text("targets.owner", language), "rows": ownerRows]
    let withTargets = site.sections.filter { !$0.targets.isEmpty }
    if isLargePlan {
      // Each section's page lists its targets; here they are counted (see `largePlanSections`).
      context["summarized"] = true
      context["summary_note"] = strings.text("dashboard.summarized", language, ["limit": String(Self.largePlanSections)])
      context["by_section"] = sectionCountsTable(withTargets.map { ($0, $0.targets) }, from: path, language)
    } else {
      context["sections"] = withTargets.map { section -> [String: Any] in
        var entry = sectionLink(section, from: path, language)
        entry["targets"] = targetRows(section.targets, from: path, language)
        entry["show_section"] = false
        return entry
      }
    }
    if let newest = site.observations.map(\.asOf).max() {
      context["newest_as_of"] = formatDate(newest, language)
    }
    context["data_json"] = SitePaths.relativeURL(from: path, to: SitePaths.targetsJSON)
    context["data_csv"] = SitePaths.relativeURL(from: path, to: SitePaths.targetsCSV)
    return templates.render(context, with: "dashboard")
  }

  /// How many of the targets have each status, in the order of `TargetStatus.allCases`.
  func statusCounts(_ statuses: [TargetStatus], _ language: String) -> [[String: Any]] {
    var counts: [TargetStatus: Int] = [:]
    for status in statuses { counts[status, default: 0] += 1 }
    return TargetStatus.allCases.map { status in
      var entry = statusContext(status, language)
      entry["count"] = counts[status, default: 0]
      return entry
    }
  }

  /// A table (`status-counts.mustache`) counting targets by section: each section, linked to the
  /// list of targets on its page, and how many of the targets given for it have each status.
  func sectionCountsTable(_ sections: [(Section, [Target])], from path: String, _ language: String) -> [String: Any] {
    let rows = sections.map { section, targets -> [String: Any] in
      [
        "name": text(section.title, language),
        "url": SitePaths.relativeURL(from: path, to: paths.section(section.slug, language)) + "#targets-heading",
        "counts": statusCounts(targets.compactMap { progress[$0.id]?.status }, language), "total": targets.count,
      ]
    }
    return ["label": strings.text("targets.section", language), "rows": rows]
  }

  // MARK: Open data

  func openDataFiles(_ format: OpenData.Format) -> [OutputFile] {
    let data = OpenData(progressInOrder)
    switch format {
    case .json: return [OutputFile(path: SitePaths.targetsJSON, contents: data.json())]
    case .csv: return [OutputFile(path: SitePaths.targetsCSV, contents: data.csv(languages: languages))]
    }
  }
}
