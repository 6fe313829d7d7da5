import PageModels

extension Page {
  /// How many targets have each status, a row a department or a part.
  static func statusCounts(_ table: StatusCountsTable, _ t: InterfaceTexts) -> HTML {
    """
    <table class="status-matrix">
    <thead><tr><th scope="col">\(table.label)</th>\
    \(table.statuses.map { #"<th scope="col"><span aria-hidden="true">\#($0.symbol)</span> <span class="status-name">\#($0.text)</span></th>"# })\
    <th scope="col">\(t.dashboard.total)</th></tr></thead>
    <tbody>
    \(table.rows.map { #"<tr><th scope="row">\#(link($0.link))</th>\#($0.counts.map { "<td>\($0)</td>" })<td>\#($0.total)</td></tr>\#n"# })\
    </tbody>
    </table>

    """
  }
}
