import Foundation
import PageModels
import PlanPressTemplates

/// The printable brief of each department: what it leads in full, what other sections say of it,
/// and all its targets, laid out for A4 by `Templates/Brief.swift` and `assets/print.css`.
extension SiteRenderer {
  /// The links to a department's brief and, when the build prints them, its PDF.
  func briefLinks(_ id: String, from path: String, _ language: String) -> BriefLinks {
    BriefLinks(
      html: SitePaths.relativeURL(from: path, to: paths.brief(id, language)),
      pdf: withPDFs ? SitePaths.relativeURL(from: path, to: paths.briefPDF(id, language)) : nil)
  }

  /// Every brief, by output path, for the PDF printer.
  public var briefPaths: [(html: String, pdf: String)] {
    site.departments.flatMap { department in
      languages.map { (paths.brief(department.id, $0), paths.briefPDF(department.id, $0)) }
    }
  }

  /// The departments each section's text marks parts as naming (`[](dept:ID)`), by position, for
  /// the sections that have any.
  static func departmentMarks(_ site: Site) -> [Int: Set<String>] {
    var marks: [Int: Set<String>] = [:]
    for (position, section) in site.sections.enumerated() {
      let ids = Set(section.bodies.values.flatMap { $0.marks.map(\.department) })
      if !ids.isEmpty { marks[position] = ids }
    }
    return marks
  }

  /// The sections other than its own whose text marks a part as naming a department, in order.
  func sectionsMarking(_ id: String) -> [Int] {
    departmentMarks.filter { $0.value.contains(id) && site.sections[$0.key].lead != id }.keys.sorted()
  }

  /// A department's brief in a language, and where its table of targets is in it. The table is
  /// most of a big department's brief and depends on nothing of the sections' text, so a rebuild
  /// after an edit of that text passes the previous build's table as `keptTable`.
  func renderBrief(_ id: String, _ language: String, keptTable: Data? = nil) -> (contents: Data, table: Range<Int>?) {
    let path = paths.brief(id, language)
    guard let department = site.department(id), let departmentLink = departmentLink(id, from: path, language) else { return (Data(), nil) }
    let name = text(department.name, language)
    let owned = index.targetsOwned(by: id)
    let judged = owned.compactMap { progress[$0.id] }
    // The table goes where the template puts `targetsTable`. It depends on nothing of the sections'
    // text, which is what lets a rebuild keep it (see `RenderInputs.keptPartKey`).
    let table =
      keptTable
      ?? Data(
        Page.targetsTable(targetsTable(owned, from: path, language, showsOwner: false, showsSection: true), texts(language)).string.utf8)

    // A brief is one job but a big one (a department may lead hundreds of sections): its parts
    // are made on every core, which is what a rebuild after an edit waits for.
    let led = index.sectionsLed(by: id).map { site.sections[$0] }
    let parts = led.concurrentMap { section -> BriefPage.Part in
      let shown = shownLanguage(.section(section.slug), language)
      let body = section.bodies[shown].map { documents.document(of: $0) }?.html(
        headingLevels: 1, anchorPrefix: "\(section.slug)-",
        rewriteLink: rebasing(from: paths.section(section.slug, language), to: path, anchorPrefix: "\(section.slug)-"))
      return BriefPage.Part(
        anchor: "section-\(section.slug)",
        partLabel: strings.text("section.part", language, ["number": QuantityFormatter.ordinal(section.order, language: language)]),
        title: text(section.title, language),
        text: PageText(html: HTML(trusted: body ?? ""), lang: shown, isUntranslated: shown != language))
    }

    var mentions: [BriefPage.Mention] = []
    for position in sectionsMarking(id) {
      let section = site.sections[position]
      let shown = shownLanguage(.section(section.slug), language)
      // Its links, written for the section page, rebased to work from the brief; its anchors are
      // not in the brief, so they lead to the section page.
      guard let source = section.bodies[shown] else { continue }
      let marked = documents.document(of: source).markedParts(
        for: id, rewriteLink: rebasing(from: paths.section(section.slug, language), to: path, anchorPrefix: nil))
      guard !marked.isEmpty else { continue }
      mentions.append(
        BriefPage.Mention(
          title: text(section.title, language),
          text: PageText(html: HTML(trusted: marked.joined()), lang: shown, isUntranslated: shown != language)))
    }

    let page = BriefPage(
      layout: layout(.brief(id), language, title: site.config.wording.briefTitle(name, language)),
      pageCSS: HTML(trusted: pageCSS(department: name, language)),
      department: departmentLink, brief: briefLinks(id, from: path, language),
      notice: noticeSummary(language, withSource: false),
      figuresAsOf: judged.compactMap { $0.latest?.asOf }.max().map { formatDate($0, language) },
      statusTotals: statusTotals(judged.map(\.status), language),
      hasTargets: !owned.isEmpty, parts: parts, mentions: mentions, targetsTable: HTML(trusted: Self.tableMark))
    // The table is put in place of its mark straight from the rendered text's bytes: a big
    // department's brief is tens of megabytes, and each copy of it shows in a build's peak memory.
    var rendered = Page.brief(page, texts(language)).string
    return rendered.withUTF8 { bytes in
      var contents = Data()
      contents.reserveCapacity(bytes.count + table.count)
      var places: [Range<Int>] = []
      var rest = UnsafeRawBufferPointer(bytes)
      while let mark = Self.firstRange(of: Self.tableMarkBytes, in: rest) {
        contents.append(contentsOf: rest[..<mark.lowerBound])
        contents.append(table)
        places.append(contents.count - table.count..<contents.count)
        rest = UnsafeRawBufferPointer(rebasing: rest[mark.upperBound...])
      }
      contents.append(contentsOf: rest)
      // A brief without targets has no table to keep.
      return (contents, places.count == 1 ? places[0] : nil)
    }
  }

  /// Where `pattern` first occurs in `bytes`.
  private static func firstRange(of pattern: [UInt8], in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
    guard let base = bytes.baseAddress, let first = pattern.first else { return nil }
    var start = 0
    while start + pattern.count <= bytes.count, let found = memchr(base + start, Int32(first), bytes.count - start) {
      let offset = base.distance(to: UnsafeRawPointer(found))
      guard offset + pattern.count <= bytes.count else { return nil }
      if bytes[offset..<offset + pattern.count].elementsEqual(pattern) { return offset..<offset + pattern.count }
      start = offset + 1
    }
    return nil
  }

  /// Stands for the table of targets while a brief is rendered: no text of a plan can contain it.
  private static let tableMark = "\u{FFFE}planpress-targets-table-\(UUID().uuidString)\u{FFFE}"
  private static let tableMarkBytes = Array(tableMark.utf8)

  /// Rebases a link written for the page at `from` so that it works on the page at `to`. A link
  /// to one of the body's own headings gets `anchorPrefix` (the brief's anchors for that section);
  /// without one, and for any other anchor of the section page (one its template makes, such as
  /// `#targets-heading`), it leads back to the section page.
  func rebasing(from: String, to: String, anchorPrefix: String?) -> MarkdownDocument.LinkRewrite {
    { url, toOwnHeading in
      if url.hasPrefix("#") {
        if let anchorPrefix, toOwnHeading { return "#" + anchorPrefix + String(url.dropFirst()) }
        // `#` and `#top` (but for a heading of that name) mean the top of whichever page they are on.
        if url == "#" || url == "#top" { return url }
        return SitePaths.relativeURL(from: to, to: from) + url
      }
      // Absolute addresses (any scheme, or from the server root) mean the same on every page.
      if url.hasPrefix("/") || LinkChecker.hasScheme(url.utf8[...]) { return url }
      let split = url.firstIndex { $0 == "#" || $0 == "?" } ?? url.endIndex
      let fromFolder = from.split(separator: "/").dropLast().joined(separator: "/")
      let target = SitePaths.resolve(String(url[..<split]), againstFolder: fromFolder)
      return SitePaths.relativeURL(from: to, to: target) + url[split...]
    }
  }

  /// The `@page` rules of a brief: running header with the department and document number, and
  /// page numbers in the language's own words. Built here because margin boxes take only CSS
  /// strings, which must be escaped as CSS, not HTML.
  func pageCSS(department: String, _ language: String) -> String {
    let footer = cssContent(strings.text("brief.page_numbers", language))
    return """
      @page { @top-left { content: \(cssString(department)); } @top-right { content: \(cssString(site.config.notice.number ?? "")); } @bottom-center { content: \(footer); } }
      """
  }

  /// A CSS string literal; `<` is escaped too, so the text can never close the `<style>` element.
  func cssString(_ text: String) -> String {
    var escaped = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"", "\\", "<", ">", "\n", "\r", "\u{0C}": escaped += "\\" + String(scalar.value, radix: 16) + " "
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped + "\""
  }

  /// `第 {page} 页 / 共 {pages} 页` as a CSS `content` value with page counters.
  func cssContent(_ pattern: String) -> String {
    var parts: [String] = []
    var rest = Substring(pattern)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let name = rest[rest.index(after: open)..<close]
      if open > rest.startIndex { parts.append(cssString(String(rest[..<open]))) }
      parts.append(name == "pages" ? "counter(pages)" : "counter(page)")
      rest = rest[rest.index(after: close)...]
    }
    if !rest.isEmpty { parts.append(cssString(String(rest))) }
    return parts.joined(separator: " ")
  }
}
