import PageModels

extension Page {
  /// A table of targets: each with what it asks, its latest figure (or "no data"), its status and
  /// progress, and the columns the page wants. On a phone the rows become cards: each value then
  /// shows its column's name (`cell-label`, hidden from screen readers, which have the headers:
  /// Chromium keeps a table's semantics whatever its CSS, as the browser layout test checks).
  public static func targetsTable(_ table: TargetsTable, _ t: InterfaceTexts) -> HTML {
    """
    <table class="targets">
    <thead><tr><th scope="col">\(t.targets.label)</th>\
    <th scope="col">\(t.targets.requirement)</th>\
    <th scope="col">\(t.targets.latest)</th><th scope="col">\(t.targets.status)</th>\
    \(if: table.showsOwner, "<th scope=\"col\">\(t.targets.owner)</th>")\
    \(if: table.showsSection, "<th scope=\"col\">\(t.targets.section)</th>")\
    <th scope="col">\(t.targets.due)</th></tr></thead>
    <tbody>
    \(table.rows.lazy.map { targetRow($0, table, t) })</tbody>
    </table>
    \(if: table.rows.contains { $0.progress != nil }, chartLegend(t))
    """
  }

  /// One row, with the columns `table` shows.
  public static func targetRow(_ row: TargetRow, _ table: TargetsTable, _ t: InterfaceTexts) -> HTML {
    """
    <tr id="\(id: "target-" + row.id)" class="status-\(row.status.key)">
    <th scope="row">\(row.label)</th>
    \(cell(t.targets.requirement, """
      <span class="requirement">\(keepingValuesWhole(row.requirement))</span>\
      \(row.baseline.map { "<br><small>\(keepingValuesWhole($0.text))\(t.targets.source)\(source($0.source))</small>" })
      """))
    \(cell(t.targets.latest, row.latest.map { latestCell($0, t) } ?? #"<span class="no-data">\#(t.targets.noData)</span>"#))
    \(cell(t.targets.status, statusCell(row, t), isStatus: true))
    \(if: table.showsOwner, cell(t.targets.owner, "\(row.owner.map(link))"))
    \(if: table.showsSection, cell(t.targets.section, "\(row.section.map(link))"))
    \(cell(t.targets.due, #"<time datetime="\#(row.dueISO)">\#(row.due)</time>"#))
    </tr>

    """
  }

  /// A cell with its column's name inside, shown only where the rows are cards (on a phone)
  /// beside the value.
  static func cell(_ column: String, _ value: HTML, isStatus: Bool = false) -> HTML {
    """
    <td\(if: isStatus, #" class="status""#)><span class="cell-label" aria-hidden="true">\(column)</span>\
    <div class="cell-value">\(value)</div></td>
    """
  }

  /// A sentence whose values (an amount with its unit, a date) never break across lines.
  static func keepingValuesWhole(_ parts: [TextPart]) -> HTML {
    "\(parts.map { $0.isValue ? #"<span class="value">\#($0.text)</span>"# : "\($0.text)" as HTML })"
  }

  static func latestCell(_ latest: TargetRow.Latest, _ t: InterfaceTexts) -> HTML {
    """
    <strong class="value">\(latest.value)</strong> <small class="value">(\(latest.period))</small><br><small>\(t.targets.asOf)\
    <time datetime="\(latest.asOfISO)">\(latest.asOf)</time>\
    \(if: latest.isStale, #" <span class="stale">\#(t.targets.stale)</span>"#)\
    \(t.targets.source)\(source(latest.source))</small>\
    \(latest.note.map { #"<br><small class="note">\#(inLanguage("\($0)", latest.noteLanguage))</small>"# })
    """
  }

  static func statusCell(_ row: TargetRow, _ t: InterfaceTexts) -> HTML {
    """
    <span class="status-badge" aria-hidden="true">\(row.status.symbol)</span> \(row.status.text)\
    \(if: row.isOvershoot, "<br><small>\(t.targets.overshoot)</small>")\
    \(row.progress.map { "<br>\($0.svg) <small>\($0.text)</small>" })\
    \(row.series.map { "<br>\($0)" })
    """
  }

  /// What the marks of a progress bar mean, on the page rather than only in each bar's title.
  static func chartLegend(_ t: InterfaceTexts) -> HTML {
    """
    <p class="chart-legend"><svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">\
    <rect x="0.5" y="0.5" width="27" height="13" fill="#fff" stroke="#000"/><rect x="1" y="1" width="26" height="12" fill="#444"/></svg> \
    \(t.chart.legendBar)<br><svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">\
    <line x1="14" y1="0" x2="14" y2="14" stroke="#000" stroke-width="1.5" stroke-dasharray="2 2"/></svg> \(t.chart.legendElapsed)</p>

    """
  }

  /// How many of a table's targets have each status, before the table: the part at a glance.
  static func statusSummary(_ totals: [(status: StatusLabel, count: Int)], _ t: InterfaceTexts) -> HTML {
    """
    <ul class="status-totals">
    \(totals.map { #"<li class="status-\#($0.status.key)"><span class="status-badge" aria-hidden="true">\#($0.status.symbol)</span> \#($0.status.text) <strong>\#($0.count)</strong></li>\#n"# })\
    </ul>

    """
  }

  /// A source: a link when it is a web address, its name otherwise.
  static func source(_ source: TargetRow.Source) -> HTML {
    inLanguage(source.url.map { #"<a href="\#(link: $0)">\#(source.name)</a>"# } ?? "\(source.name)", source.language)
  }

  /// A text in another language than the page's, marked as such for readers and screen readers.
  static func inLanguage(_ text: HTML, _ language: TargetRow.LanguageMark?) -> HTML {
    guard let language else { return text }
    return #"<span lang="\#(language.lang)">\#(text)</span> \#(language.words)"#
  }

  static func link(_ link: PageLink) -> HTML {
    #"<a href="\#(link: link.url)">\#(link.text)</a>"#
  }
}
