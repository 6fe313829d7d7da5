import PageModels

extension Page {
  /// The home page: the notice that issued the plan, its preface, and the list of its parts.
  public static func home(_ page: HomePage, _ t: InterfaceTexts) -> HTML {
    let notice = page.notice
    return layout(
      page.layout, t,
      main: """
        <article>
        <header class="notice-header">
        <h1>\(page.layout.pageTitle)</h1>
        <p class="notice-meta">\(notice.number.map { "<span>\($0)</span> · " as HTML })<span>\(notice.issuer)</span> · <span>\(notice.date)</span>\
        \(notice.source.map { #" · <a href="\#(link: $0)">\#(t.home.original)</a>"# })</p>
        </header>
        \(untranslatedNotice(page.text, t))<div class="content" lang="\(page.text.lang)">
        \(page.text.html)
        </div>
        </article>
        <section class="section-list" aria-labelledby="sections-heading">
        <h2 id="\(id: "sections-heading")">\(t.plan.parts)</h2>
        <ol>
        \(page.sections.map { "<li>\(link($0.link))\($0.leadName.map { #" <span class="lead">\#(t.section.lead)\#($0)</span>"# })</li>\n" })\
        </ol>
        </section>

        """)
  }
}
