import PageModels

extension Page {
  /// A page's table of contents: its headings down to the third level; nothing when it has none.
  static func tableOfContents(_ entries: [TOCEntry], _ t: InterfaceTexts) -> HTML {
    guard !entries.isEmpty else { return "" }
    return """
      <nav class="toc" aria-labelledby="toc-heading">
      <h2 id="\(id: "toc-heading")">\(t.toc)</h2>
      <ol>
      \(entries.map { "<li\(if: $0.isSub, #" class="toc-sub""#)><a href=\"\(link: "#" + $0.anchor)\">\($0.text)</a></li>\n" })\
      </ol>
      </nav>

      """
  }
}
