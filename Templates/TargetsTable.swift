import PageModels

extension Page {
  /// A table of targets: each with what it asks, its latest figure (or "no data"), its status and
  /// progress, and the columns the page wants.
  public static func targetsTable(_ table: TargetsTable, _ t: InterfaceTexts) -> HTML {
    """
    <table class="targets">
    <thead><tr><th scope="col">\(t.targets.label)</th><th scope="col">\(t.targets.requirement)</th>\
    <th scope="col">\(t.targets.latest)</th><th scope="col">\(t.targets.status)</th>\
    \(if: table.showsOwner, "<th scope=\"col\">\(t.targets.owner)</th>")\
    \(if: table.showsSection, "<th scope=\"col\">\(t.targets.section)</th>")<th scope="col">\(t.targets.due)</th></tr></thead>
    <tbody>
    \(table.rows.map { targetRow($0, table, t) })</tbody>
    </table>

    """
  }

  /// One row, with the columns `table` shows.
  public static func targetRow(_ row: TargetRow, _ table: TargetsTable, _ t: InterfaceTexts) -> HTML {
    """
    <tr id="target-\(row.id)" class="status-\(row.status.key)">
    <th scope="row">\(row.label)</th>
    <td>\(row.requirement)\(row.baseline.map { "<br><small>\($0.text)\(t.targets.source)\(source($0.source))</small>" })</td>
    <td>\(row.latest.map { latestCell($0, t) } ?? #"<span class="no-data">\#(t.targets.noData)</span>"#)</td>
    <td class="status">\(statusCell(row, t))</td>
    \(if: table.showsOwner, "<td>\(row.owner.map(link))</td>")
    \(if: table.showsSection, "<td>\(row.section.map(link))</td>")
    <td><time datetime="\(row.dueISO)">\(row.due)</time></td>
    </tr>

    """
  }

  static func latestCell(_ latest: TargetRow.Latest, _ t: InterfaceTexts) -> HTML {
    """
    <strong>\(latest.value)</strong> <small>(\(latest.period))</small><br><small>\(t.targets.asOf)\
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

  /// A source: a link when it is a web address, its name otherwise.
  static func source(_ source: TargetRow.Source) -> HTML {
    inLanguage(source.url.map { #"<a href="\#($0)">\#(source.name)</a>"# } ?? "\(source.name)", source.language)
  }

  /// A text in another language than the page's, marked as such for readers and screen readers.
  static func inLanguage(_ text: HTML, _ language: TargetRow.LanguageMark?) -> HTML {
    guard let language else { return text }
    return #"<span lang="\#(language.lang)">\#(text)</span> \#(language.words)"#
  }

  static func link(_ link: PageLink) -> HTML {
    #"<a href="\#(link.url)">\#(link.text)</a>"#
  }
}
