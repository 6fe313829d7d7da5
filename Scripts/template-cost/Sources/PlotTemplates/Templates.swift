import PageModels
import Plot

// The same templates as Plot nodes. Plot 0.14 escapes text only for `& < >` (and leaves `&name;`
// as it finds it) and attribute values not at all, so every value here goes through PlanPress's
// escaping, as it would have to on Plot: `.text` and `.attr` below escape, `.raw` does not.

private typealias Body = Node<Plot.HTML.BodyContext>

/// A section page, written as `Page.section` (Templates/Section.swift) writes it, in its layout.
package func sectionPage(_ page: SectionPage, _ t: InterfaceTexts) -> String {
  layout(page.layout, t, main: section(page, t)).render()
}

/// One `<tr>` of the table of targets, as `Page.targetRow` (Templates/TargetsTable.swift) writes it
/// on a section page (a responsible unit's column, no part's column).
package func targetRow(_ row: TargetRow, _ t: InterfaceTexts) -> String {
  tableRow(row, t).render()
}

extension Node {
  /// Text, escaped as the `HTML` type escapes it (Plot's own `.text` leaves quotes).
  fileprivate static func text(escaping text: String) -> Node { .raw(PageModels.HTML.escape(text)) }
  /// An attribute whose value is escaped text.
  fileprivate static func attr(_ name: String, _ value: String) -> Node {
    .attribute(named: name, value: PageModels.HTML.escape(value))
  }
  /// An attribute without a value (`hidden`, `defer`).
  fileprivate static func flag(_ name: String) -> Node { .attribute(named: name) }
  /// A line break between tags, where Templates/ has one.
  fileprivate static var newline: Node { .raw("\n") }
  /// A void element as the pages write it (`<br>`): Plot's own `.br()` writes `<br/>`.
  fileprivate static func void(_ name: String, _ attributes: Node<Any>...) -> Node {
    var element = Element<Context>.named(name, nodes: attributes)
    element.closingMode = .neverClosed
    return .element(element)
  }
  /// An SVG shape, closed as the pages write it (`<rect …/>`).
  fileprivate static func shape(_ name: String, _ attributes: Node<Any>...) -> Node {
    var element = Element<Context>.named(name, nodes: attributes)
    element.closingMode = .selfClosing
    return .element(element)
  }
}

private func layout(_ page: Layout, _ t: InterfaceTexts, main: Body) -> Node<Plot.HTML.DocumentContext> {
  .group(
    .raw("<!DOCTYPE html>\n"),
    .element(
      named: "html",
      nodes: [
        .attr("lang", page.lang), .newline,
        .head(
          .newline,
          .void("meta", .attr("charset", "utf-8")), .newline,
          .void("meta", .attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")), .newline,
          .element(named: "title", nodes: [.text(escaping: page.isHome ? page.siteTitle : page.pageTitle + " · " + page.siteTitle)]),
          .newline,
          .if(page.noindex, .group(.void("meta", .attr("name", "robots"), .attr("content", "noindex")), .newline)),
          .void("link", .attr("rel", "canonical"), .attr("href", page.canonical)), .newline,
          .forEach(page.alternates) {
            .group(.void("link", .attr("rel", "alternate"), .attr("hreflang", $0.hreflang), .attr("href", $0.href)), .newline)
          },
          .void("link", .attr("rel", "stylesheet"), .attr("href", page.root + "assets/site.css")), .newline,
          .script(.attr("src", page.root + "assets/search.js"), .flag("defer")), .newline),
        .newline,
        .body(
          .newline,
          .a(.class("skip"), .href("#main"), .text(escaping: t.nav.skip)), .newline,
          .header(
            .class("site-header"), .newline,
            .p(.class("site-title"), .a(.attr("href", page.homeURL), .text(escaping: page.siteTitle))), .newline,
            .nav(.class("switcher"), .attr("aria-label", t.nav.language), .ul(.newline, .forEach(page.languages, switcherItem))),
            .newline,
            searchForm(t)),
          .newline,
          .nav(
            .class("site-nav"), .attr("aria-label", t.nav.site), .newline,
            .ul(
              .newline,
              .li(navLink(page.homeURL, t.nav.home, isCurrent: page.isHome)), .newline,
              .unwrap(page.contentsURL) { .group(.li(navLink($0, t.nav.allSections, isCurrent: false)), .newline) },
              .li(navLink(page.dashboardURL, t.nav.dashboard, isCurrent: page.isDashboard)), .newline,
              .li(navLink(page.departmentsURL, t.nav.departments, isCurrent: false)), .newline),
            .newline,
            .if(!page.sections.isEmpty, partsMenu(page.sections, t))),
          .newline,
          .main(
            .id("main"), .if(!page.noindex, .flag("data-pagefind-body")), .newline,
            .if(
              page.isTranslation,
              .group(
                .p(
                  .class("notice notice-translation"), .attr("role", "note"), .flag("data-pagefind-ignore"),
                  .text(escaping: t.notice.unofficial)),
                .newline)),
            main, .newline),
          .newline,
          .footer(
            .class("site-footer"), .newline,
            .p(.unwrap(page.noticeNumber) { .text(escaping: $0 + " · ") }, .text(escaping: page.siteTitle)), .newline),
          .newline),
        .newline,
      ]),
    .newline)
}

private func searchForm(_ t: InterfaceTexts) -> Body {
  .group(
    .form(
      .class("search"), .attr("role", "search"), .flag("hidden"), .attr("data-none", t.search.none), .newline,
      .label(.attr("for", "search-query"), .text(escaping: t.search.label)), .newline,
      .void("input", .attr("id", "search-query"), .attr("type", "search"), .attr("name", "q")), .newline,
      .button(.attr("type", "submit"), .text(escaping: t.search.button)), .newline,
      .ol(.class("search-results"), .attr("aria-live", "polite")), .newline),
    .newline)
}

private func partsMenu(_ sections: [Layout.NavItem], _ t: InterfaceTexts) -> Body {
  .group(
    .details(
      .class("parts-menu"), .newline,
      .summary(.text(escaping: t.plan.partsNavigation)), .newline,
      .ol(.newline, .forEach(sections) { .group(.li(navLink($0.link.url, $0.link.text, isCurrent: $0.isCurrent)), .newline) }),
      .newline),
    .newline)
}

private func switcherItem(_ language: Layout.Language) -> Node<Plot.HTML.ListContext> {
  let item: Body =
    if let url = language.url {
      .a(.attr("href", url), .attr("hreflang", language.code), .attr("lang", language.code), .text(escaping: language.name))
    } else {
      .span(.attr("aria-current", "true"), .attr("lang", language.code), .text(escaping: language.name))
    }
  return .group(.li(item), .newline)
}

private func navLink(_ url: String, _ text: String, isCurrent: Bool) -> Body {
  .a(.attr("href", url), .if(isCurrent, .attr("aria-current", "page")), .text(escaping: text))
}

private func section(_ page: SectionPage, _ t: InterfaceTexts) -> Body {
  .group(
    .article(
      .newline,
      .header(
        .newline,
        .p(.class("section-number"), .text(escaping: page.partLabel)), .newline,
        .h1(.attr("lang", page.titleLang), .text(escaping: page.layout.pageTitle)), .newline,
        .p(
          .class("section-meta"),
          .unwrap(page.lead) { .group(.text(escaping: t.section.lead), link($0)) },
          .if(
            !page.departments.isEmpty,
            .group(.text(escaping: t.section.also), .forEach(page.departments) { .group(link($0), .raw(" ")) }))),
        .newline),
      .newline,
      .if(
        page.text.isUntranslated,
        .group(.p(.class("notice notice-untranslated"), .attr("role", "note"), .text(escaping: t.notice.untranslated)), .newline)),
      .if(!page.toc.isEmpty, toc(page.toc, t)),
      .div(.class("content"), .attr("lang", page.text.lang), .newline, .raw(page.text.html.string), .newline), .newline,
      .section(
        .class("section-targets"), .attr("aria-labelledby", "targets-heading"), .newline,
        .h2(.id("targets-heading"), .text(escaping: t.targets.heading)), .newline,
        .if(!page.targets.rows.isEmpty, .group(statusSummary(page.targets.statusTotals, t), targets(page.targets.rows, t))), .newline,
        .if(page.targets.rows.isEmpty, .p(.text(escaping: t.targets.none))), .newline),
      .newline),
    .newline,
    .nav(
      .class("pager"), .attr("aria-label", t.nav.pager), .newline,
      .unwrap(page.previous) { .a(.attr("rel", "prev"), .attr("href", $0.url), .raw("← "), .text(escaping: $0.text)) }, .newline,
      .unwrap(page.next) { .a(.attr("rel", "next"), .attr("href", $0.url), .text(escaping: $0.text), .raw(" →")) }, .newline),
    .newline)
}

private func toc(_ entries: [TOCEntry], _ t: InterfaceTexts) -> Body {
  .group(
    .nav(
      .class("toc"), .attr("aria-labelledby", "toc-heading"), .newline,
      .h2(.id("toc-heading"), .text(escaping: t.toc)), .newline,
      .ol(
        .newline,
        .forEach(entries) {
          .group(.li(.if($0.isSub, .class("toc-sub")), .a(.attr("href", "#" + $0.anchor), .text(escaping: $0.text))), .newline)
        }),
      .newline),
    .newline)
}

private func statusSummary(_ totals: [(status: StatusLabel, count: Int)], _ t: InterfaceTexts) -> Body {
  .group(
    .ul(
      .class("status-totals"), .newline,
      .forEach(totals) {
        .group(
          .li(
            .attr("class", "status-" + $0.status.key), badge($0.status.symbol), .raw(" "), .text(escaping: $0.status.text), .raw(" "),
            .strong(.text(escaping: String($0.count)))),
          .newline)
      }),
    .newline)
}

private func targets(_ rows: [TargetRow], _ t: InterfaceTexts) -> Body {
  let columns = [t.targets.label, t.targets.requirement, t.targets.latest, t.targets.status, t.targets.owner, t.targets.due]
  return .group(
    .table(
      .class("targets"), .newline,
      .thead(.tr(.forEach(columns) { .th(.attr("scope", "col"), .text(escaping: $0)) })), .newline,
      .tbody(.newline, .forEach(rows) { tableRow($0, t) }), .newline),
    .newline,
    .if(rows.contains { $0.progress != nil }, chartLegend(t)))
}

// The empty line before the due date is where the dashboard's table has its part's column.
private func tableRow(_ row: TargetRow, _ t: InterfaceTexts) -> Node<Plot.HTML.TableContext> {
  .group(
    .tr(
      .attr("id", "target-" + row.id), .attr("class", "status-" + row.status.key), .newline,
      .th(.attr("scope", "row"), .text(escaping: row.label)), .newline,
      cell(
        t.targets.requirement,
        .span(.class("requirement"), keepingValuesWhole(row.requirement)),
        .unwrap(row.baseline) {
          .group(.void("br"), .small(keepingValuesWhole($0.text), .text(escaping: t.targets.source), source($0.source)))
        }),
      .newline,
      cell(t.targets.latest, .unwrap(row.latest, { latestCell($0, t) }, else: .span(.class("no-data"), .text(escaping: t.targets.noData)))),
      .newline,
      cell(t.targets.status, statusCell(row, t), isStatus: true), .newline,
      cell(t.targets.owner, .unwrap(row.owner, link)), .newline,
      .newline,
      cell(t.targets.due, .time(.attr("datetime", row.dueISO), .text(escaping: row.due))), .newline),
    .newline)
}

/// A cell with its column's name inside, shown only where the rows are cards (on a phone).
private func cell(_ column: String, _ value: Body..., isStatus: Bool = false) -> Node<Plot.HTML.TableRowContext> {
  .td(
    .if(isStatus, .class("status")),
    .span(.class("cell-label"), .attr("aria-hidden", "true"), .text(escaping: column)),
    .div(.class("cell-value"), .group(value)))
}

private func keepingValuesWhole(_ parts: [TextPart]) -> Body {
  .forEach(parts) { $0.isValue ? .span(.class("value"), .text(escaping: $0.text)) : .text(escaping: $0.text) }
}

private func latestCell(_ latest: TargetRow.Latest, _ t: InterfaceTexts) -> Body {
  .group(
    .strong(.class("value"), .text(escaping: latest.value)), .raw(" "),
    .small(.class("value"), .raw("("), .text(escaping: latest.period), .raw(")")),
    .void("br"),
    .small(
      .text(escaping: t.targets.asOf),
      .time(.attr("datetime", latest.asOfISO), .text(escaping: latest.asOf)),
      .if(latest.isStale, .group(.raw(" "), .span(.class("stale"), .text(escaping: t.targets.stale)))),
      .text(escaping: t.targets.source), source(latest.source)),
    .unwrap(latest.note) { .group(.void("br"), .small(.class("note"), inLanguage(.text(escaping: $0), latest.noteLanguage))) })
}

private func statusCell(_ row: TargetRow, _ t: InterfaceTexts) -> Body {
  .group(
    badge(row.status.symbol), .raw(" "), .text(escaping: row.status.text),
    .if(row.isOvershoot, .group(.void("br"), .small(.text(escaping: t.targets.overshoot)))),
    .unwrap(row.progress) {
      .group(.void("br"), .raw($0.svg.string), .raw(" "), .small(.text(escaping: $0.text)))
    },
    .unwrap(row.series) { .group(.void("br"), .raw($0.string)) })
}

private func badge(_ symbol: String) -> Body {
  .span(.class("status-badge"), .attr("aria-hidden", "true"), .text(escaping: symbol))
}

private func chartLegend(_ t: InterfaceTexts) -> Body {
  let icon: (Body) -> Body = { shapes in
    .element(
      named: "svg",
      nodes: [.attr("width", "28"), .attr("height", "14"), .attr("viewBox", "0 0 28 14"), .attr("aria-hidden", "true"), shapes])
  }
  return .group(
    .p(
      .class("chart-legend"),
      icon(
        .group(
          .shape(
            "rect", .attr("x", "0.5"), .attr("y", "0.5"), .attr("width", "27"), .attr("height", "13"), .attr("fill", "#fff"),
            .attr("stroke", "#000")),
          .shape("rect", .attr("x", "1"), .attr("y", "1"), .attr("width", "26"), .attr("height", "12"), .attr("fill", "#444")))),
      .raw(" "), .text(escaping: t.chart.legendBar), .void("br"),
      icon(
        .shape(
          "line", .attr("x1", "14"), .attr("y1", "0"), .attr("x2", "14"), .attr("y2", "14"), .attr("stroke", "#000"),
          .attr("stroke-width", "1.5"), .attr("stroke-dasharray", "2 2"))),
      .raw(" "), .text(escaping: t.chart.legendElapsed)),
    .newline)
}

private func source(_ source: TargetRow.Source) -> Body {
  inLanguage(
    .unwrap(source.url, { .a(.attr("href", $0), .text(escaping: source.name)) }, else: .text(escaping: source.name)), source.language)
}

/// A text in another language than the page's, marked as such.
private func inLanguage(_ text: Body, _ language: TargetRow.LanguageMark?) -> Body {
  .unwrap(language, { .group(.span(.attr("lang", $0.lang), text), .raw(" "), .text(escaping: $0.words)) }, else: text)
}

private func link(_ link: PageLink) -> Body {
  .a(.attr("href", link.url), .text(escaping: link.text))
}
