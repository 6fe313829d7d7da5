import PageModels

extension Page {
  /// A department's printable brief (A4, `assets/print.css`): cover, contents, the parts it leads
  /// in full, the parts of other sections that name it, and its table of targets.
  public static func brief(_ page: BriefPage, _ t: InterfaceTexts) -> HTML {
    let layout = page.layout
    let notice = page.notice
    return """
      <!DOCTYPE html>
      <html lang="\(layout.lang)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(layout.pageTitle) · \(layout.siteTitle)</title>
      <link rel="canonical" href="\(link: layout.canonical)">
      \(alternates(layout))<link rel="stylesheet" href="\(link: layout.root + LinkedAssets.printStylesheet)">
      <style>\(page.pageCSS)</style>
      </head>
      <body class="brief">
      <nav class="brief-tools" aria-label="\(t.brief.tools)">
      <a href="\(link: layout.homeURL)">\(layout.siteTitle)</a> · \(link(page.department))\
      \(page.brief.pdf.map { #" · <a href="\#(link: $0)">PDF</a>"# as HTML })
      <ul>\(layout.languages.map { "<li>\(languageSwitch($0))</li>" })</ul>
      </nav>
      <main>
      <header class="cover">
      <p class="cover-issuer">\(notice.issuer)</p>
      <h1>\(page.department.text)</h1>
      <p class="cover-plan">\(layout.siteTitle)</p>
      <p class="cover-title">\(notice.title)</p>
      <table class="cover-meta">
      \(notice.number.map { "<tr><th scope=\"row\">\(t.brief.number)</th><td>\($0)</td></tr>" as HTML })
      <tr><th scope="row">\(t.brief.issued)</th><td>\(notice.date)</td></tr>
      <tr><th scope="row">\(t.brief.figuresAsOf)</th><td>\(page.figuresAsOf ?? t.brief.noFigures)</td></tr>
      \(if: page.hasTargets, "<tr><th scope=\"row\">\(t.brief.targets)</th><td>\(page.statusTotals.map { #"<span class="status-\#($0.status.key)"><span aria-hidden="true">\#($0.status.symbol)</span> \#($0.status.text) \#($0.count)</span> "# })</td></tr>")
      </table>
      \(if: layout.isTranslation, #"<p class="notice">\#(t.notice.unofficial)</p>"#)
      </header>
      <nav class="brief-toc" aria-labelledby="brief-toc-heading">
      <h2 id="\(id: "brief-toc-heading")">\(t.brief.contents)</h2>
      <ol>
      \(page.parts.map { "<li><a href=\"\(link: "#" + $0.anchor)\">\($0.partLabel) \($0.title)</a></li>\n" })\
      \(if: !page.mentions.isEmpty, "<li><a href=\"\(link: "#mentions")\">\(t.brief.mentions)</a></li>\n")\
      <li><a href="\(link: "#targets")">\(t.brief.targets)</a></li>
      </ol>
      </nav>
      \(page.parts.lazy.map { briefPart($0, t) })\
      \(if: !page.mentions.isEmpty, mentions(page.mentions, t))\
      <section class="brief-section brief-targets" id="\(id: "targets")" aria-labelledby="targets-title">
      <h2 id="\(id: "targets-title")">\(t.brief.targets)</h2>
      \(if: page.hasTargets, page.targetsTable)
      \(if: !page.hasTargets, "<p>\(t.department.none)</p>")
      </section>
      </main>
      </body>
      </html>

      """
  }

  private static func briefPart(_ part: BriefPage.Part, _ t: InterfaceTexts) -> HTML {
    """
    <section class="brief-section" id="\(id: part.anchor)" aria-labelledby="\(part.anchor)-title">
    <h2 id="\(id: part.anchor + "-title")"><span class="part">\(part.partLabel)</span> \(part.title)</h2>
    \(if: part.text.isUntranslated, #"<p class="notice">\#(t.notice.untranslated)</p>"#)
    <div class="content" lang="\(part.text.lang)">
    \(part.text.html)
    </div>
    </section>

    """
  }

  private static func mentions(_ mentions: [BriefPage.Mention], _ t: InterfaceTexts) -> HTML {
    """
    <section class="brief-section" id="\(id: "mentions")" aria-labelledby="mentions-title">
    <h2 id="\(id: "mentions-title")">\(t.brief.mentions)</h2>
    \(mentions.lazy.map { mention in
      """
      <h3>\(mention.title)</h3>
      <div class="content" lang="\(mention.text.lang)">
      \(mention.text.html)
      </div>

      """ as HTML
    })</section>

    """
  }
}
