import PageModels

extension Page {
  /// One part of the plan: its text, its table of contents, its targets, the parts before and after.
  public static func section(_ page: SectionPage, _ t: InterfaceTexts) -> HTML {
    layout(
      page.layout, t,
      main: """
        <article>
        <header>
        <p class="section-number">\(page.partLabel)</p>
        <h1 lang="\(page.titleLang)">\(page.layout.pageTitle)</h1>
        <p class="section-meta">\
        \(page.lead.map { "\(t.section.lead)\(link($0))" })\
        \(if: !page.departments.isEmpty, "\(t.section.also)\(page.departments.map { "\(link($0)) " })")</p>
        </header>
        \(untranslatedNotice(page.text, t))\(tableOfContents(page.toc, t))<div class="content" lang="\(page.text.lang)">
        \(page.text.html)
        </div>
        <section class="section-targets" aria-labelledby="targets-heading">
        <h2 id="\(id: "targets-heading")">\(t.targets.heading)</h2>
        \(if: !page.targets.rows.isEmpty, "\(statusSummary(page.targets.statusTotals, t))\(targetsTable(page.targets, t))")
        \(if: page.targets.rows.isEmpty, "<p>\(t.targets.none)</p>")
        </section>
        </article>
        <nav class="pager" aria-label="\(t.nav.pager)">
        \(page.previous.map { #"<a rel="prev" href="\#(link: $0.url)">← \#($0.text)</a>"# })
        \(page.next.map { #"<a rel="next" href="\#(link: $0.url)">\#($0.text) →</a>"# })
        </nav>

        """)
  }
}
