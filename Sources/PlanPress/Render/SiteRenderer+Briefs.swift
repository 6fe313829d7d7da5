import Foundation
import PageModels
import PlanPressTemplates

/// The keys of the inputs of a brief's kept parts (see `SiteRenderer.renderBrief`).
struct BriefPartKeys: Sendable {
  var table: UInt64
  /// Each led section's text, by slug.
  var sections: [String: UInt64]
  /// What each section marking the department says of it, by slug.
  var mentions: [String: UInt64]

  /// The keys of the sections' texts, their own and what they say of the department.
  var texts: [UInt64] { Array(sections.values) + mentions.values }
  var all: [UInt64] { [table] + texts }
}

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

  /// The sections other than its own whose text marks a part as naming a department, in order.
  func sectionsMarking(_ id: String) -> [Int] {
    departmentMarks.filter { $0.value.contains(id) && site.sections[$0.key].lead != id }.keys.sorted()
  }

  /// A department's brief in a language, with where each of its kept parts is in it (see
  /// `OutputFile.keptParts`): its table of targets, the text of each section it leads and what each
  /// section marking it says of it. The table is most of a big department's brief and depends on
  /// nothing of the sections' text, and a section's text on nothing of the others', so a rebuild
  /// after an edit of one section's text takes all but that section's from the previous brief,
  /// `kept`, by their `keys`.
  func renderBrief(_ id: String, _ language: String, kept: KeptParts = KeptParts(), keys: BriefPartKeys? = nil) -> OutputFile {
    let path = paths.brief(id, language)
    guard let department = site.department(id), let departmentLink = departmentLink(id, from: path, language) else {
      return OutputFile(path: path, contents: Data(), references: PageReferences())
    }
    let name = text(department.name, language)
    let owned = index.targetsOwned(by: id)
    let judged = owned.compactMap { progress[$0.id] }
    // The table goes where the template puts `targetsTable`. It depends on nothing of the sections'
    // text, which is what lets a rebuild keep it (see `RenderInputs.briefPartKeys`).
    let table = BriefPart(kept: kept, key: keys?.table) {
      Page.targetsTable(targetsTable(owned, from: path, language, showsOwner: false, showsSection: true), texts(language))
    }

    // A brief is one job but a big one (a department may lead hundreds of sections): the texts
    // not kept are made on every core, which is what a rebuild after an edit waits for.
    let led = index.sectionsLed(by: id).map { site.sections[$0] }
    let shown = led.map { shownLanguage(.section($0.slug), language) }
    let sectionTexts = led.indices.concurrentMap { position in
      let section = led[position]
      return BriefPart(kept: kept, key: keys?.sections[section.slug]) {
        section.bodies[shown[position]].map { documents.document(of: $0) }?.html(
          headingLevels: 1, anchorPrefix: "\(section.slug)-",
          rewriteLink: rebasing(from: paths.section(section.slug, language), to: path, anchorPrefix: "\(section.slug)-")) ?? ""
      }
    }
    let parts = led.indices.map { position in
      BriefPage.Part(
        anchor: "section-\(led[position].slug)",
        partLabel: strings.text("section.part", language, ["number": QuantityFormatter.ordinal(led[position].order, language: language)]),
        title: text(led[position].title, language),
        text: PageText(
          html: HTML(trusted: Self.partMark("\(position)")), lang: shown[position], isUntranslated: shown[position] != language))
    }

    // The parts of other sections marked as naming the department, each with its text: kept, or
    // made anew (and left out when the section has none after all).
    let marking = sectionsMarking(id).map { site.sections[$0] }
    let mentionTexts = marking.concurrentMap { section -> BriefPart? in
      let key = keys?.mentions[section.slug]
      if let text = kept[key] { return BriefPart(bytes: text, references: nil, key: key) }
      // Its links, written for the section page, rebased to work from the brief; its anchors are
      // not in the brief, so they lead to the section page.
      guard let source = section.bodies[shownLanguage(.section(section.slug), language)] else { return nil }
      let marked = documents.document(of: source).markedParts(
        for: id, rewriteLink: rebasing(from: paths.section(section.slug, language), to: path, anchorPrefix: nil))
      return marked.isEmpty ? nil : BriefPart(rendered: "\(marked)", key: key)
    }
    let mentions = marking.indices.compactMap { position -> BriefPage.Mention? in
      guard mentionTexts[position] != nil else { return nil }
      let shown = shownLanguage(.section(marking[position].slug), language)
      return BriefPage.Mention(
        title: text(marking[position].title, language),
        text: PageText(html: HTML(trusted: Self.partMark("m\(position)")), lang: shown, isUntranslated: shown != language))
    }

    let page = BriefPage(
      layout: layout(.brief(id), language, title: site.config.wording.briefTitle(name, language)),
      pageCSS: HTML(trusted: pageCSS(department: name, language)),
      department: departmentLink, brief: briefLinks(id, from: path, language),
      notice: noticeSummary(language, withSource: false),
      figuresAsOf: judged.compactMap { $0.latest?.asOf }.max().map { formatDate($0, language) },
      statusTotals: statusTotals(judged.map(\.status), language),
      hasTargets: !owned.isEmpty, parts: parts, mentions: mentions, targetsTable: HTML(trusted: Self.partMark("table")))
    // Each part is put in place of its mark straight from the rendered text's bytes: a big
    // department's brief is tens of megabytes, and each copy of it shows in a build's peak memory.
    let brief = Page.brief(page, texts(language))
    var file = OutputFile(path: path, contents: Data(), references: brief.references)
    var rendered = brief.string
    return rendered.withUTF8 { bytes in
      var contents = Data()
      contents.reserveCapacity(
        bytes.count + table.bytes.count + sectionTexts.reduce(0) { $0 + $1.bytes.count }
          + mentionTexts.reduce(0) { $0 + ($1?.bytes.count ?? 0) })
      var placed: [(key: UInt64?, place: Range<Int>)] = []
      var rest = UnsafeRawBufferPointer(bytes)
      while let mark = Self.firstRange(of: Self.partMarkStart, in: rest),
        let end = Self.firstRange(of: Self.partMarkEnd, in: UnsafeRawBufferPointer(rebasing: rest[mark.upperBound...]))
      {
        let name = String(decoding: rest[mark.upperBound..<mark.upperBound + end.lowerBound], as: UTF8.self)
        let part: BriefPart
        if name == "table" {
          part = table
        } else if let position = Int(name), sectionTexts.indices.contains(position) {
          part = sectionTexts[position]
        } else if name.hasPrefix("m"), let position = Int(name.dropFirst()), mentionTexts.indices.contains(position),
          let text = mentionTexts[position]
        {
          part = text
        } else {
          part = BriefPart(bytes: Data(), references: PageReferences(), key: nil)
        }
        contents.append(contentsOf: rest[..<mark.lowerBound])
        contents.append(part.bytes)
        let place = contents.count - part.bytes.count..<contents.count
        placed.append((part.key, place))
        if let partReferences = part.references { file.references?.append(partReferences) } else { file.unrecorded.append(place) }
        rest = UnsafeRawBufferPointer(rebasing: rest[(mark.upperBound + end.upperBound)...])
      }
      contents.append(contentsOf: rest)
      // A part is kept only where it is in the brief once (a brief without targets has no table).
      let counts = Dictionary(placed.compactMap(\.key).map { ($0, 1) }, uniquingKeysWith: +)
      file.keptParts = placed.compactMap { part in part.key.flatMap { counts[$0] == 1 ? ($0, part.place) : nil } }
      file.contents = contents
      return file
    }
  }

  /// A part of a brief with the key of its inputs: rendered now, with the links and ids its model
  /// wrote, or taken from the previous brief (`references` nil), whose links are read from its bytes.
  private struct BriefPart {
    var bytes: Data
    var references: PageReferences?
    var key: UInt64?

    init(bytes: Data, references: PageReferences?, key: UInt64?) {
      (self.bytes, self.references, self.key) = (bytes, references, key)
    }

    init(rendered html: HTML, key: UInt64?) {
      self.init(bytes: Data(html.string.utf8), references: html.references, key: key)
    }

    /// The part `kept` holds for `key`, or the one `render` makes.
    init(kept: KeptParts, key: UInt64?, render: () -> HTML) {
      if let bytes = kept[key] {
        self.init(bytes: bytes, references: nil, key: key)
      } else {
        self.init(rendered: render(), key: key)
      }
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

  /// Stands for a part (`table`, a section's text by its position, or `m` and a mention's position)
  /// while a brief is rendered: no text of a plan can contain it.
  private static func partMark(_ name: String) -> String { partMarkPrefix + name + "\u{FFFE}" }
  private static let partMarkPrefix = "\u{FFFE}planpress-brief-part-\(UUID().uuidString)-"
  private static let partMarkStart = Array(partMarkPrefix.utf8)
  private static let partMarkEnd = Array("\u{FFFE}".utf8)

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
