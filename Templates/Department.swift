import PageModels

extension Page {
  /// A unit: the parts it leads and takes part in, and the targets it owns.
  public static func department(_ page: DepartmentPage, _ t: InterfaceTexts) -> HTML {
    layout(
      page.layout, t,
      main: """
        <h1>\(page.layout.pageTitle)</h1>
        <p class="brief-links">\(briefLinks(page.brief, t))</p>
        <section aria-labelledby="leads-heading">
        <h2 id="\(id: "leads-heading")">\(t.department.leads)</h2>
        \(sectionList(page.leads, t))
        </section>
        <section aria-labelledby="involved-heading">
        <h2 id="\(id: "involved-heading")">\(t.department.involved)</h2>
        \(sectionList(page.involved, t))
        </section>
        <section aria-labelledby="targets-heading">
        <h2 id="\(id: "targets-heading")">\(t.department.targets)</h2>
        \(departmentTargets(page.targets, t))</section>

        """)
  }

  /// Parts as a list, or "None." (the blank line stands where the other would be).
  private static func sectionList(_ links: [PageLink], _ t: InterfaceTexts) -> HTML {
    links.isEmpty ? "\n<p>\(t.department.none)</p>" : "<ul>\(links.map { "<li>\(link($0))</li>" })</ul>\n"
  }

  private static func departmentTargets(_ targets: DepartmentPage.Targets, _ t: InterfaceTexts) -> HTML {
    switch targets {
    case .none: "\n<p>\(t.department.none)</p>\n"
    case .listed(let table): "\(statusSummary(table.statusTotals, t))\(targetsTable(table, t))\n\n"
    case .summarized(let summary): "\n<p>\(summary.note)</p>\n\(statusCounts(summary.bySection, t))\n"
    }
  }
}
