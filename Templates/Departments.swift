import PageModels

extension Page {
  /// The units that carry out the plan, each with its brief and the parts it leads.
  public static func departments(_ page: DepartmentsPage, _ t: InterfaceTexts) -> HTML {
    layout(
      page.layout, t,
      main: """
        <h1>\(page.layout.pageTitle)</h1>
        <ul class="department-list">
        \(page.departments.map { departmentEntry($0, t) })</ul>

        """)
  }

  static func departmentEntry(_ entry: DepartmentsPage.Entry, _ t: InterfaceTexts) -> HTML {
    let leads: HTML = #" <span class="lead">\#(t.department.leadsShort)\#(entry.leads.map { "\(link($0)) " })</span>"#
    return "<li>\(link(entry.link)) <small>(\(briefLinks(entry.brief, t)))</small>\(if: !entry.leads.isEmpty, leads)</li>\n"
  }

  /// The printable brief, and its PDF when the build prints one.
  static func briefLinks(_ brief: BriefLinks, _ t: InterfaceTexts) -> HTML {
    let pdf = brief.pdf.map { url -> HTML in #" · <a href="\#(link: url)">PDF</a>"# }
    return #"<a href="\#(link: brief.html)">\#(t.brief.print)</a>\#(pdf)"#
  }
}
