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
    plan.departments.flatMap { department in
      languages.map { (paths.brief(department.id, $0), paths.briefPDF(department.id, $0)) }
    }
  }

  /// A department's brief in a language, with where each of its kept parts is in it (see
  /// `OutputFile.keptParts`): its table of targets, the text of each section it leads and what each
  /// section marking it says of it. The table is most of a big department's brief and reads
  /// nothing of the sections' text, and a section's text nothing of the others', so a rebuild
  /// after an edit of one section's text takes all but that section's from the previous brief,
  /// `kept`. Each part is made by a function of its name alone, its reads recorded apart, so that
  /// what it shows is in the key it is kept by.
  func renderBrief(_ id: String, _ language: String, kept: KeptParts = KeptParts()) -> OutputFile {
    let path = paths.brief(id, language)
    guard let department = plan.department(id), let departmentLink = departmentLink(id, from: path, language) else {
      return OutputFile(path: path, contents: Data())
    }
    let name = text(department.name, language)
    let owned = plan.targetsOwned(by: id)
    let judged = owned.targets.compactMap { plan.judged($0) }
    // The table goes where the template puts `targetsTable`.
    let table = part("table", kept: kept) { renderer in
      let owned = renderer.plan.targetsOwned(by: id)
      return Page.targetsTable(
        renderer.targetsTable(owned.targets, from: path, language, showsOwner: false, showsSection: true, in: owned.section),
        renderer.texts(language))
    }

    // A brief is one job but a big one (a department may lead hundreds of sections): the texts
    // not kept are made on every core, which is what a rebuild after an edit waits for.
    let led = plan.sectionsLed(by: id)
    let shown = led.map { shownLanguage(.section($0.slug), language) }
    let sectionTexts = led.concurrentMap { section in
      let slug = section.slug
      return part("section/\(slug)", kept: kept) { renderer in
        renderer.shownText(ofSection: slug, language).map { renderer.documents.document(of: $0) }?.html(
          headingLevels: 1, anchorPrefix: "\(slug)-",
          rewriteLink: rebasing(from: paths.section(slug, language), to: path, anchorPrefix: "\(slug)-")) ?? ""
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
    let marking = plan.sectionsMarking(id)
    let mentionTexts = marking.concurrentMap { section -> BriefPart? in
      // Its links, written for the section page, rebased to work from the brief; its anchors are
      // not in the brief, so they lead to the section page.
      let slug = section.slug
      let mention = part("mention/\(slug)", kept: kept) { renderer -> HTML in
        guard let source = renderer.shownText(ofSection: slug, language) else { return "" }
        return
          "\(renderer.documents.document(of: source).markedParts(for: id, rewriteLink: rebasing(from: paths.section(slug, language), to: path, anchorPrefix: nil)))"
      }
      return mention.bytes.isEmpty ? nil : mention
    }
    let mentions = marking.indices.compactMap { position -> BriefPage.Mention? in
      guard mentionTexts[position] != nil else { return nil }
      let shown = shownLanguage(.section(marking[position].slug), language)
      return BriefPage.Mention(
        title: text(marking[position].title, language),
        text: PageText(html: HTML(trusted: Self.partMark("m\(position)")), lang: shown, isUntranslated: shown != language))
    }

    let page = BriefPage(
      layout: layout(.brief(id), language, title: config.wording.briefTitle(name, language)),
      pageCSS: HTML(trusted: pageCSS(department: name, language)),
      department: departmentLink, brief: briefLinks(id, from: path, language),
      notice: noticeSummary(language, withSource: false),
      figuresAsOf: judged.compactMap { $0.latest?.asOf }.max().map { formatDate($0, language) },
      statusTotals: statusTotals(judged.map(\.status), language),
      hasTargets: !owned.isEmpty, parts: parts, mentions: mentions, targetsTable: HTML(trusted: Self.partMark("table")))
    // Each part is put in place of its mark straight from the rendered text's bytes: a big
    // department's brief is tens of megabytes, and each copy of it shows in a build's peak memory.
    let brief = Page.brief(page, texts(language))
    var file = OutputFile(path: path, contents: Data())
    var rendered = brief.string
    return rendered.withUTF8 { bytes in
      var contents = Data()
      contents.reserveCapacity(
        bytes.count + table.bytes.count + sectionTexts.reduce(0) { $0 + $1.bytes.count }
          + mentionTexts.reduce(0) { $0 + ($1?.bytes.count ?? 0) })
      var placed: [(name: String?, reads: Set<PlanRead>, place: Range<Int>)] = []
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
          part = BriefPart(bytes: Data(), isTaken: false, name: nil, reads: [])
        }
        contents.append(contentsOf: rest[..<mark.lowerBound])
        contents.append(part.bytes)
        let place = contents.count - part.bytes.count..<contents.count
        placed.append((part.name, part.reads, place))
        if part.isTaken { file.takenFromPrevious.append(place) }
        rest = UnsafeRawBufferPointer(rebasing: rest[(mark.upperBound + end.upperBound)...])
      }
      contents.append(contentsOf: rest)
      // A part is kept only where it is in the brief once (a brief without targets has no table).
      let counts = Dictionary(placed.compactMap(\.name).map { ($0, 1) }, uniquingKeysWith: +)
      file.keptParts = placed.compactMap { part in part.name.flatMap { counts[$0] == 1 ? ($0, part.reads, part.place) : nil } }
      file.contents = contents
      return file
    }
  }

  /// A part of a brief with its name and what it read: rendered now, or taken from the previous
  /// brief.
  private struct BriefPart {
    var bytes: Data
    var isTaken: Bool
    var name: String?
    var reads: Set<PlanRead>
  }

  /// The part `kept` holds by `name`, or the one `render` makes, given a renderer that records its
  /// reads apart. Either way its reads count for the brief's too.
  private func part(_ name: String, kept: KeptParts, render: (SiteRenderer) -> HTML) -> BriefPart {
    if let part = kept[name] {
      plan.record(contentsOf: part.reads)
      return BriefPart(bytes: part.bytes, isTaken: true, name: name, reads: Set(part.reads))
    }
    let (html, reads) = recording(render)
    return BriefPart(bytes: Data(html.string.utf8), isTaken: false, name: name, reads: reads)
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
      @page { @top-left { content: \(cssString(department)); } @top-right { content: \(cssString(config.notice.number ?? "")); } @bottom-center { content: \(footer); } }
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
