import PageModels

extension Page {
  /// Where every target stands: totals by status, by unit, and each part's targets (or, for a
  /// large plan, their counts by part).
  public static func dashboard(_ page: DashboardPage, _ t: InterfaceTexts) -> HTML {
    layout(
      page.layout, t,
      main: """
        <h1>\(page.layout.pageTitle)</h1>
        <p class="dashboard-intro">\(t.dashboard.intro)</p>
        \(page.newestFigure.map { "<p>\($0)</p>\n" as HTML })\
        <section aria-labelledby="totals-heading">
        <h2 id="\(id: "totals-heading")">\(t.dashboard.totals)</h2>
        \(statusSummary(page.totals, t))\
        <p>\(t.dashboard.all)\(page.targetCount) · <a href="\(link: page.dataJSON)">targets.json</a> · <a href="\(link: page.dataCSV)">targets.csv</a></p>
        </section>
        <section aria-labelledby="by-department-heading">
        <h2 id="\(id: "by-department-heading")">\(t.dashboard.byDepartment)</h2>
        \(statusCounts(page.byDepartment, t))</section>
        \(page.summary.map { summary in
          """
          <section aria-labelledby="by-section-heading">
          <h2 id="\(id: "by-section-heading")">\(t.dashboard.bySection)</h2>
          <p>\(summary.note)</p>
          \(statusCounts(summary.bySection, t))</section>

          """ as HTML
        })\
        \(page.sections.map { section in
          """
          <section aria-labelledby="dashboard-\(section.slug)">
          <h2 id="\(id: "dashboard-" + section.slug)">\(link(section.link))</h2>
          \(statusSummary(section.targets.statusTotals, t))\(targetsTable(section.targets, t))</section>

          """ as HTML
        })
        """)
  }
}
