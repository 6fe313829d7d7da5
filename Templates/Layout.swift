import PageModels

/// The pages written by PlanPress, one function a page kind, each over its typed model (see
/// `Sources/PageModels/Pages.swift`). Every `String` interpolated is escaped; only values typed
/// `HTML` (cmark's output, a chart's SVG) go in as they are.
public enum Page {}

extension Page {
  /// The frame of every page but the brief and the 404 page: head, language switch, navigation,
  /// footer, with `main` inside.
  static func layout(_ page: Layout, _ t: InterfaceTexts, main: HTML) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="\(page.lang)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(page.isHome ? page.siteTitle : page.pageTitle + " · " + page.siteTitle)</title>
    \(if: page.noindex, "<meta name=\"robots\" content=\"noindex\">\n")<link rel="canonical" href="\(link: page.canonical)">
    \(alternates(page))<link rel="stylesheet" href="\(link: page.root + LinkedAssets.siteStylesheet)">
    <script src="\(link: page.root + LinkedAssets.searchScript)" defer></script>
    </head>
    <body>
    <a class="skip" href="\(link: "#main")">\(t.nav.skip)</a>
    <header class="site-header">
    <p class="site-title"><a href="\(link: page.homeURL)">\(page.siteTitle)</a></p>
    <nav class="switcher" aria-label="\(t.nav.language)"><ul>
    \(page.languages.map { "<li>\(languageSwitch($0))</li>\n" })</ul></nav>
    \(searchForm(t))</header>
    <nav class="site-nav" aria-label="\(t.nav.site)">
    <ul>
    <li><a href="\(link: page.homeURL)"\(if: page.isHome, currentPage)>\(t.nav.home)</a></li>
    \(page.contentsURL.map { #"<li><a href="\#(link: $0)">\#(t.nav.allSections)</a></li>\#n"# })\
    <li><a href="\(link: page.dashboardURL)"\(if: page.isDashboard, currentPage)>\(t.nav.dashboard)</a></li>
    <li><a href="\(link: page.departmentsURL)">\(t.nav.departments)</a></li>
    </ul>
    \(if: !page.sections.isEmpty, partsMenu(page.sections, t))\
    </nav>
    <main id="\(id: "main")"\(if: !page.noindex, " data-pagefind-body")>
    \(if: page.isTranslation, #"<p class="notice notice-translation" role="note" data-pagefind-ignore>\#(t.notice.unofficial)</p>\#n"#)\
    \(main)
    </main>
    <footer class="site-footer">
    <p>\(page.noticeNumber.map { "\($0) · " as HTML })\(page.siteTitle)</p>
    </footer>
    </body>
    </html>

    """
  }

  /// The parts of the plan behind one line that opens (no script): the list of every part would
  /// fill a phone's first screen, and ten lines of a wide one in English.
  static func partsMenu(_ sections: [Layout.NavItem], _ t: InterfaceTexts) -> HTML {
    """
    <details class="parts-menu">
    <summary>\(t.plan.partsNavigation)</summary>
    <ol>
    \(sections.map { #"<li><a href="\#(link: $0.link.url)"\#(if: $0.isCurrent, currentPage)>\#($0.link.text)</a></li>\#n"# })\
    </ol>
    </details>

    """
  }

  /// The search box: hidden until `assets/search.js` has loaded the site's Pagefind index, so a
  /// page without JavaScript, or a site built without search, shows none.
  static func searchForm(_ t: InterfaceTexts) -> HTML {
    """
    <form class="search" role="search" hidden data-none="\(t.search.none)">
    <label for="search-query">\(t.search.label)</label>
    <input id="\(id: "search-query")" type="search" name="q">
    <button type="submit">\(t.search.button)</button>
    <ol class="search-results" aria-live="polite"></ol>
    </form>

    """
  }

  /// The same page in the other languages, for search engines.
  static func alternates(_ page: Layout) -> HTML {
    "\(page.alternates.map { #"<link rel="alternate" hreflang="\#($0.hreflang)" href="\#(link: $0.href)">\#n"# })"
  }

  /// A language in the switch: a link, or the page's own language without one.
  static func languageSwitch(_ language: Layout.Language) -> HTML {
    if let url = language.url {
      #"<a href="\#(link: url)" hreflang="\#(language.code)" lang="\#(language.code)">\#(language.name)</a>"#
    } else {
      #"<span aria-current="true" lang="\#(language.code)">\#(language.name)</span>"#
    }
  }

  static let currentPage: HTML = #" aria-current="page""#
}
