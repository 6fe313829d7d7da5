import PageModel

// Templates/layout, section, toc, targets and target-cells.mustache as Swift string interpolation:
// every `String` interpolated is escaped by `HTML.Interpolation`, every `HTML` goes in as it is.

/// A section page, written as `layout.mustache` around `section.mustache` writes it.
package func sectionPage(_ page: SectionPage, _ t: Texts) -> String {
  layout(page.layout, t, main: section(page, t)).string
}

/// One `<tr>` of the table of targets, as `targets.mustache` writes it on a section page.
package func targetRow(_ row: TargetRow, _ t: Texts) -> String {
  tableRow(row, t).string
}

private func layout(_ page: Layout, _ t: Texts, main: HTML) -> HTML {
  """
  <!DOCTYPE html>
  <html lang="\(page.lang)">
  <head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>\(page.pageTitle) · \(page.siteTitle)</title>
  \(if: page.noindex, "<meta name=\"robots\" content=\"noindex\">\n")<link rel="canonical" href="\(page.canonical)">
  \(page.alternates.map { #"<link rel="alternate" hreflang="\#($0.hreflang)" href="\#($0.href)">\#n"# })\
  <link rel="stylesheet" href="\(page.root)assets/site.css">
  </head>
  <body>
  <a class="skip" href="#main">\(t.nav.skip)</a>
  <header class="site-header">
  <p class="site-title"><a href="\(page.homeURL)">\(page.siteTitle)</a></p>
  <nav class="switcher" aria-label="\(t.nav.language)"><ul>
  \(page.languages.map(switcherItem))</ul></nav>
  </header>
  <nav class="site-nav" aria-label="\(t.nav.sections)">
  <ul>
  <li><a href="\(page.homeURL)"\(if: page.isHome, currentPage)>\(t.nav.home)</a></li>
  \(page.sections.map { #"<li><a href="\#($0.link.url)"\#(if: $0.isCurrent, currentPage)>\#($0.link.text)</a></li>\#n"# })\
  \(page.contentsURL.map { #"<li><a href="\#($0)">\#(t.nav.allSections)</a></li>\#n"# })\
  <li><a href="\(page.dashboardURL)"\(if: page.isDashboard, currentPage)>\(t.nav.dashboard)</a></li>
  <li><a href="\(page.departmentsURL)">\(t.nav.departments)</a></li>
  </ul>
  </nav>
  \(if: page.isTranslation, #"<p class="notice notice-translation" role="note">\#(t.notice.unofficial)</p>\#n"#)\
  <main id="main">
  \(main)
  </main>
  <footer class="site-footer">
  <p>\(page.noticeNumber) · \(page.siteTitle)</p>
  </footer>
  </body>
  </html>

  """
}

private let currentPage: HTML = #" aria-current="page""#

private func switcherItem(_ language: Layout.Language) -> HTML {
  let item: HTML =
    if let url = language.url {
      #"<a href="\#(url)" hreflang="\#(language.code)" lang="\#(language.code)">\#(language.name)</a>"#
    } else {
      #"<span aria-current="true" lang="\#(language.code)">\#(language.name)</span>"#
    }
  return "<li>\(item)</li>\n"
}

private func section(_ page: SectionPage, _ t: Texts) -> HTML {
  """
  <article>
  <header>
  <p class="section-number">\(page.partLabel)</p>
  <h1 lang="\(page.titleLang)">\(page.layout.pageTitle)</h1>
  <p class="section-meta">\
  \(page.lead.map { #"\#(t.section.lead)<a href="\#($0.url)">\#($0.text)</a>"# })\
  \(if: !page.departments.isEmpty, "\(t.section.also)\(page.departments.map { #"<a href="\#($0.url)">\#($0.text)</a> "# })")\
  </p>
  </header>
  \(if: page.isUntranslated, #"<p class="notice notice-untranslated" role="note">\#(t.notice.untranslated)</p>\#n"#)\
  \(if: !page.toc.isEmpty, toc(page.toc, t))\
  <div class="content" lang="\(page.contentLang)">
  \(page.content)
  </div>
  <section class="section-targets" aria-labelledby="targets-heading">
  <h2 id="targets-heading">\(t.targets.heading)</h2>
  \(if: !page.targets.isEmpty, targets(page.targets, t))
  \(if: page.targets.isEmpty, "<p>\(t.targets.none)</p>")
  </section>
  </article>
  <nav class="pager" aria-label="\(t.nav.pager)">
  \(page.previous.map { #"<a rel="prev" href="\#($0.url)">← \#($0.text)</a>"# })
  \(page.next.map { #"<a rel="next" href="\#($0.url)">\#($0.text) →</a>"# })
  </nav>

  """
}

private func toc(_ entries: [SectionPage.TOCEntry], _ t: Texts) -> HTML {
  """
  <nav class="toc" aria-labelledby="toc-heading">
  <h2 id="toc-heading">\(t.toc)</h2>
  <ol>
  \(entries.map(tocItem))\
  </ol>
  </nav>

  """
}

private func tocItem(_ entry: SectionPage.TOCEntry) -> HTML {
  "<li\(if: entry.isSub, #" class="toc-sub""#)><a href=\"#\(entry.anchor)\">\(entry.text)</a></li>\n"
}

private func targets(_ rows: [TargetRow], _ t: Texts) -> HTML {
  """
  <table class="targets">
  <thead><tr><th scope="col">\(t.targets.label)</th><th scope="col">\(t.targets.requirement)</th>\
  <th scope="col">\(t.targets.latest)</th><th scope="col">\(t.targets.status)</th>\
  <th scope="col">\(t.targets.owner)</th><th scope="col">\(t.targets.due)</th></tr></thead>
  <tbody>
  \(rows.map { tableRow($0, t) })</tbody>
  </table>

  """
}

// The empty line before the due date is where the dashboard's table has its section column.
private func tableRow(_ row: TargetRow, _ t: Texts) -> HTML {
  """
  <tr id="target-\(row.id)" class="status-\(row.status.key)">
  <th scope="row">\(row.label)</th>
  <td>\(row.requirement)\(row.baseline.map { "<br><small>\($0.text)\(t.targets.source)\(source($0.source))</small>" })</td>
  <td>\(row.latest.map { latestCell($0, t) } ?? #"<span class="no-data">\#(t.targets.noData)</span>"#)</td>
  <td class="status">\(statusCell(row, t))</td>
  <td>\(row.owner.map { #"<a href="\#($0.url)">\#($0.text)</a>"# })</td>

  <td><time datetime="\(row.dueISO)">\(row.due)</time></td>
  </tr>

  """
}

private func latestCell(_ latest: TargetRow.Latest, _ t: Texts) -> HTML {
  """
  <strong>\(latest.value)</strong> <small>(\(latest.period))</small><br><small>\(t.targets.asOf)\
  <time datetime="\(latest.asOfISO)">\(latest.asOf)</time>\
  \(if: latest.isStale, #" <span class="stale">\#(t.targets.stale)</span>"#)\
  \(t.targets.source)\(source(latest.source))</small>\
  \(latest.note.map { #"<br><small class="note">\#($0)</small>"# })
  """
}

private func statusCell(_ row: TargetRow, _ t: Texts) -> HTML {
  """
  <span class="status-badge" aria-hidden="true">\(row.status.symbol)</span> \(row.status.text)\
  \(if: row.isOvershoot, "<br><small>\(t.targets.overshoot)</small>")\
  \(row.progressSVG.map { "<br>\($0) <small>\(row.progressText)</small>" })\
  \(row.seriesSVG.map { "<br>\($0)" })
  """
}

private func source(_ source: TargetRow.Source) -> HTML {
  if let url = source.url { #"<a href="\#(url)">\#(source.name)</a>"# } else { "\(source.name)" }
}
