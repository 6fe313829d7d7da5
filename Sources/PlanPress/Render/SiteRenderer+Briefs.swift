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

  /// Marks `[](dept:ID)` that name no department, located at their line in the Markdown file.
  public func unknownDepartmentMarks() -> [Diagnostic] {
    let ids = site.departments.map(\.id)
    let known = Set(ids)
    // Only sections whose text may hold such a mark are rendered to find it (see `DepartmentMarks`).
    let suspect = departmentMarks.keys.sorted().filter { position in
      departmentMarks[position].map { !$0.ids.isSubset(of: known) } ?? false
    }
    return suspect.concurrentMap { position -> [Diagnostic] in
      let section = site.sections[position]
      var diagnostics: [Diagnostic] = []
      for (_, source) in section.bodies.sorted(by: { $0.key < $1.key }) {
        let unknown = MarkdownRenderer.render(source.body).mentions.filter { !known.contains($0.department) }
        // The file's lines are split once: finding each mark's line from the start is quadratic.
        let lines = unknown.isEmpty ? [] : source.file.text.split(separator: "\n", omittingEmptySubsequences: false)
        for mention in unknown {
          let line = source.bodyFirstLine + mention.line - 1
          var message = "unknown department '\(mention.department)' in a mark [](dept:…)"
          if let suggestion = closestMatch(to: mention.department, among: ids) { message += "; did you mean '\(suggestion)'?" }
          let sourceLine = lines.indices.contains(line - 1) ? String(lines[line - 1]) : nil
          diagnostics.append(Diagnostic(.error, at: source.file.location(line: line, column: 1), message, sourceLine: sourceLine))
        }
      }
      return diagnostics
    }.flatMap { $0 }
  }

  /// The departments a section's text marks parts as naming, found by reading its bytes for
  /// `dept:` rather than by rendering it: this reads the whole plan on every build. Reading finds
  /// every mark cmark would find in any form of link (`](dept:ID)`, `](<dept:ID>)`, a reference
  /// definition), and perhaps more, which only costs a rendering to check the ids. A text whose
  /// bytes cannot tell is rendered instead, and its marks are then exact: one where a `dept:` is
  /// followed by other than an id and the end of a link, and one with an entity or a backslash
  /// escape, which cmark decodes in a link's address (`dept&#58;ID`, `d&#101;pt:ID`, `dept\:ID`).
  struct DepartmentMarks: Sendable {
    /// What follows each `dept:`, as far as an id's characters (`a-z`, `0-9`, `-`) go; for a text
    /// that was rendered, the ids its marks name.
    var ids: Set<String> = []

    /// The marks of a section's bodies, in every language.
    init(_ bodies: some Collection<MarkdownSource>) {
      var readable = true
      for source in bodies { source.withBodyBytes { readable = scan($0) && readable } }
      if !readable {
        ids = Set(bodies.flatMap { MarkdownRenderer.render($0.body).mentions.map(\.department) })
      }
    }

    /// Adds the ids after each `dept:` in `bytes`; false if the bytes may hide a mark or misname one.
    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      guard let base = bytes.baseAddress else { return true }
      var readable =
        memchr(base, Int32(UInt8(ascii: "&")), bytes.count) == nil && memchr(base, Int32(UInt8(ascii: "\\")), bytes.count) == nil
      let scheme = Array(MarkdownRenderer.departmentScheme.utf8)
      var index = 0
      while index + scheme.count <= bytes.count {
        guard bytes[index] == scheme[0], bytes[index..<index + scheme.count].elementsEqual(scheme) else {
          index += 1
          continue
        }
        let start = index + scheme.count
        var end = start
        while end < bytes.count, Self.isIDByte(bytes[end]) { end += 1 }
        ids.insert(String(decoding: bytes[start..<end], as: UTF8.self))
        if end == start || end == bytes.count || !Self.endsLink(bytes[end]) { readable = false }
        index = max(end, index + 1)
      }
      return readable
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || byte == UInt8(ascii: "-")
    }

    private static func endsLink(_ byte: UInt8) -> Bool {
      [")", ">", " ", "\t", "\"", "'", "\n"].contains { byte == UInt8(ascii: $0) }
    }
  }

  /// The marks of each section whose text has any (see `DepartmentMarks`), by position.
  static func departmentMarks(_ site: Site) -> [Int: DepartmentMarks] {
    let found = site.sections.concurrentMap { DepartmentMarks($0.bodies.values) }
    var marks: [Int: DepartmentMarks] = [:]
    for (position, found) in found.enumerated() where !found.ids.isEmpty { marks[position] = found }
    return marks
  }

  /// The sections other than its own whose text marks a part as naming a department, in order.
  func sectionsMarking(_ id: String) -> [Int] {
    departmentMarks.filter { $0.value.ids.contains(id) && site.sections[$0.key].lead != id }.keys.sorted()
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
      let body = MarkdownRenderer.render(
        section.bodies[shown]?.body ?? "", headingLevels: 1, anchorPrefix: "\(section.slug)-",
        rewriteLink: rebasing(from: paths.section(section.slug, language), to: path, anchorPrefix: "\(section.slug)-"))
      return BriefPage.Part(
        anchor: "section-\(section.slug)",
        partLabel: strings.text("section.part", language, ["number": QuantityFormatter.ordinal(section.order, language: language)]),
        title: text(section.title, language),
        text: PageText(html: HTML(trusted: body.html), lang: shown, isUntranslated: shown != language))
    }

    var mentions: [BriefPage.Mention] = []
    for position in sectionsMarking(id) {
      let section = site.sections[position]
      let shown = shownLanguage(.section(section.slug), language)
      // Rendered again so that its links, written for the section page, work from the brief; its
      // anchors are not in the brief, so they lead to the section page.
      guard let source = section.bodies[shown] else { continue }
      let marked = MarkdownRenderer.render(
        source.body, headingLevels: 1, rewriteLink: rebasing(from: paths.section(section.slug, language), to: path, anchorPrefix: nil)
      ).mentions.filter { $0.department == id && !$0.isInAnotherMarkedPart }
      guard !marked.isEmpty else { continue }
      mentions.append(
        BriefPage.Mention(
          title: text(section.title, language),
          text: PageText(html: HTML(trusted: marked.map(\.html).joined()), lang: shown, isUntranslated: shown != language)))
    }

    let page = BriefPage(
      layout: layout(.brief(id), language, title: site.config.wording.briefTitle(name, language)),
      pageCSS: HTML(trusted: pageCSS(department: name, language)),
      department: departmentLink, brief: briefLinks(id, from: path, language),
      notice: noticeSummary(language, withSource: false),
      figuresAsOf: judged.compactMap { $0.latest?.asOf }.max().map { formatDate($0, language) },
      statusTotals: statusTotals(judged.map(\.status), language),
      hasTargets: !owned.isEmpty, parts: parts, mentions: mentions, targetsTable: HTML(trusted: Self.tableMark))
    let rendered = Data(Page.brief(page, texts(language)).string.utf8)
    var contents = Data()
    contents.reserveCapacity(rendered.count + table.count)
    var places: [Range<Int>] = []
    var rest = rendered[...]
    while let mark = rest.range(of: Self.tableMarkBytes) {
      contents.append(rest[..<mark.lowerBound])
      contents.append(table)
      places.append(contents.count - table.count..<contents.count)
      rest = rendered[mark.upperBound...]
    }
    contents.append(rest)
    // A brief without targets has no table to keep.
    return (contents, places.count == 1 ? places[0] : nil)
  }

  /// Stands for the table of targets while a brief is rendered: no text of a plan can contain it.
  private static let tableMark = "\u{FFFE}planpress-targets-table-\(UUID().uuidString)\u{FFFE}"
  private static let tableMarkBytes = Data(tableMark.utf8)

  /// Rebases a link written for the page at `from` so that it works on the page at `to`. A link
  /// to one of the body's own headings gets `anchorPrefix` (the brief's anchors for that section);
  /// without one, and for any other anchor of the section page (one its template makes, such as
  /// `#targets-heading`), it leads back to the section page.
  func rebasing(from: String, to: String, anchorPrefix: String?) -> MarkdownRenderer.LinkRewrite {
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
