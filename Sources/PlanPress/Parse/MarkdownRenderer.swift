internal import CCmark
import Foundation
import PageModels

/// A heading of a Markdown body, as it appears in a page's table of contents.
public struct Heading: Sendable, Hashable {
  /// 2 for `##`, 3 for `###` …; body headings are never level 1, which belongs to the page title.
  public let level: Int
  public let text: String
  /// The `id` of the heading element, unique within the page.
  public let anchor: String
}

/// A part of a body that content marks as naming a department, with `[](dept:ID)`: the list
/// item or paragraph holding the mark, or, for a mark in a heading, the heading and what follows it
/// up to the next heading of the same level.
public struct DepartmentMention: Sendable, Hashable {
  public let department: String
  /// The marked part as HTML (headings without anchors, so it can stand in another page).
  public let html: String
  /// The mark's line, counted from the start of the body.
  public let line: Int
  /// Another mark for the same department gives a part that holds this one (a marked heading's
  /// part, or the same block): a brief shows the part once.
  public var isInAnotherMarkedPart = false
}

/// A Markdown body rendered to HTML, with the headings found in it.
public struct RenderedMarkdown: Sendable, Hashable {
  public let html: String
  public let headings: [Heading]
  public var mentions: [DepartmentMention] = []
}

/// Renders CommonMark to HTML with libcmark. This is the one file that calls into libcmark.
///
/// cmark runs in safe mode: raw HTML is replaced by a comment and `javascript:`, `vbscript:`,
/// `file:` and non-image `data:` links are dropped, so content cannot inject script. Headings are
/// rewritten to carry stable `id` anchors made from their text.
public enum MarkdownRenderer {
  /// Renders a body. `headingLevels` shifts heading levels down (a brief that nests a section under
  /// its own title uses 1), and `anchorPrefix` keeps anchors unique where several bodies share a page.
  ///
  /// `rewriteLink` is given every link and image address written in the content (but department
  /// marks) and returns the address to use: a page that shows the body somewhere
  /// else than its section page rebases relative links with it.
  public static func render(
    _ markdown: String, headingLevels: Int = 0, anchorPrefix: String = "", rewriteLink: LinkRewrite? = nil
  ) -> RenderedMarkdown {
    // CMARK_OPT_UNSAFE is deliberately absent: that is what keeps raw HTML and script URLs out.
    let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
    guard let document = markdown.withCString({ cmark_parse_document($0, strlen($0), options) }) else {
      return RenderedMarkdown(html: "", headings: [])
    }
    defer { cmark_node_free(document) }

    // Anchors before links, so that a link can tell one of the body's own headings (which moves
    // with the body) from an anchor its section page's template makes.
    var slugger = HeadingSlugger()
    let headingNodes = headingNodes(in: document)
    let texts = headingNodes.map(plainText)
    let anchors = texts.map { slugger.anchor(for: $0) }
    // Links next, so the marked parts taken out then carry the rewritten addresses too.
    if let rewriteLink { rewriteLinks(in: document, ownAnchors: Set(anchors), with: rewriteLink) }
    let mentions = takeDepartmentMarks(from: document, options: options)
    var headings: [Heading] = []
    for (heading, (text, anchor)) in zip(headingNodes, zip(texts, anchors)) {
      let level = min(6, max(2, Int(cmark_node_get_heading_level(heading))) + headingLevels)
      headings.append(Heading(level: level, text: text, anchor: anchorPrefix + anchor))
      replace(heading, withHeadingOfLevel: level, anchor: anchorPrefix + anchor)
    }

    guard let rendered = cmark_render_html(document, options) else {
      return RenderedMarkdown(html: "", headings: headings, mentions: mentions)
    }
    defer { free(rendered) }
    return RenderedMarkdown(html: String(cString: rendered), headings: headings, mentions: mentions)
  }

  /// Gives a link's address and whether it is `#anchor` of one of the body's own headings (before
  /// any `anchorPrefix`); returns the address to use.
  public typealias LinkRewrite = (_ url: String, _ toOwnHeading: Bool) -> String

  private static func rewriteLinks(in document: OpaquePointer, ownAnchors: Set<String>, with rewrite: LinkRewrite) {
    guard let iterator = cmark_iter_new(document) else { return }
    defer { cmark_iter_free(iterator) }
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
        [CMARK_NODE_LINK, CMARK_NODE_IMAGE].contains(cmark_node_get_type(node)),
        let url = cmark_node_get_url(node).map({ String(cString: $0) }), !url.hasPrefix(departmentScheme)
      else { continue }
      let fragment = url.hasPrefix("#") ? String(url.dropFirst()) : nil
      let rewritten = rewrite(url, fragment.map { ownAnchors.contains($0.removingPercentEncoding ?? $0) } ?? false)
      if rewritten != url { cmark_node_set_url(node, rewritten) }
    }
  }

  /// The scheme of the links that mark a part of the text as naming a department.
  static let departmentScheme = "dept:"

  /// Removes every `[text](dept:ID)` mark (keeping its text) and returns the parts they mark.
  private static func takeDepartmentMarks(from document: OpaquePointer, options: Int32) -> [DepartmentMention] {
    var marks: [(link: OpaquePointer, department: String, line: Int)] = []
    if let iterator = cmark_iter_new(document) {
      while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
        guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_LINK,
          let url = cmark_node_get_url(node).map({ String(cString: $0) }), url.hasPrefix(departmentScheme)
        else { continue }
        marks.append((node, String(url.dropFirst(departmentScheme.count)), Int(cmark_node_get_start_line(node))))
      }
      cmark_iter_free(iterator)
    }
    // Every mark goes before any part is rendered, so no part shows another part's mark.
    var marked: [(block: OpaquePointer, department: String, line: Int)] = []
    for mark in marks {
      if let block = markedBlock(containing: mark.link) { marked.append((block, mark.department, mark.line)) }
      while let child = cmark_node_first_child(mark.link) { cmark_node_insert_before(mark.link, child) }
      cmark_node_unlink(mark.link)
      cmark_node_free(mark.link)
    }
    let inAnotherPart = inAnotherMarkedPart(marked)
    var parts = MarkedParts(options: options)
    return marked.indices.map { index in
      let mark = marked[index]
      var mention = DepartmentMention(department: mark.department, html: parts.html(of: mark.block), line: mark.line)
      // Every mark stays, for its line to be checked; one in a part already given is flagged.
      mention.isInAnotherMarkedPart = inAnotherPart[index]
      return mention
    }
  }

  /// For each mark, whether another mark for the same department gives a part that holds it: an
  /// earlier mark in the same block, a mark in a block around it, or a marked heading whose part
  /// takes it (see `MarkedParts.html(of:)`). Each block's ancestors and each marked heading's
  /// part are walked once, not once per pair of marks.
  private static func inAnotherMarkedPart(_ marked: [(block: OpaquePointer, department: String, line: Int)]) -> [Bool] {
    struct MarkedBlock: Hashable {
      let block: OpaquePointer
      let department: String
    }
    let markedBlocks = Set(marked.map { MarkedBlock(block: $0.block, department: $0.department) })
    let markedHeadings = Set(marked.map(\.block).filter { cmark_node_get_type($0) == CMARK_NODE_HEADING })
    // The marked headings whose parts take each block. A block is in at most one part per heading
    // level, so this is linear in the blocks.
    var headingsTaking: [OpaquePointer: [OpaquePointer]] = [:]
    for heading in markedHeadings {
      for block in blocksUnder(heading: heading) { headingsTaking[block, default: []].append(heading) }
    }
    var seen: Set<MarkedBlock> = []
    return marked.map { mark in
      // A later mark of a block for the same department is in the part the first one gives.
      guard seen.insert(MarkedBlock(block: mark.block, department: mark.department)).inserted else { return true }
      var current: OpaquePointer? = mark.block
      while let node = current {
        if node != mark.block, markedBlocks.contains(MarkedBlock(block: node, department: mark.department)) { return true }
        if let headings = headingsTaking[node],
          headings.contains(where: { markedBlocks.contains(MarkedBlock(block: $0, department: mark.department)) })
        {
          return true
        }
        current = cmark_node_parent(node)
      }
      return false
    }
  }

  /// The blocks a heading's part takes after it: up to the next heading of its level or above.
  private static func blocksUnder(heading: OpaquePointer) -> [OpaquePointer] {
    let level = cmark_node_get_heading_level(heading)
    var blocks: [OpaquePointer] = []
    var next = cmark_node_next(heading)
    while let node = next {
      if cmark_node_get_type(node) == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) <= level { break }
      blocks.append(node)
      next = cmark_node_next(node)
    }
    return blocks
  }

  /// The nearest list item, heading or paragraph around a node.
  private static func markedBlock(containing node: OpaquePointer) -> OpaquePointer? {
    var current = cmark_node_parent(node)
    var paragraph: OpaquePointer?
    while let block = current {
      switch cmark_node_get_type(block) {
      case CMARK_NODE_ITEM, CMARK_NODE_HEADING: return block
      case CMARK_NODE_PARAGRAPH: if paragraph == nil { paragraph = block }
      default: break
      }
      current = cmark_node_parent(block)
    }
    return paragraph
  }

  /// The HTML of the parts marks give, each rendered once however many marks it holds.
  private struct MarkedParts {
    let options: Int32
    private var rendered: [OpaquePointer: String] = [:]
    /// The number of each item of the ordered lists met so far.
    private var itemNumbers: [OpaquePointer: Int] = [:]

    init(options: Int32) { self.options = options }

    /// A list item in its list, a heading with the blocks its part takes, or the block alone.
    mutating func html(of block: OpaquePointer) -> String {
      if let html = rendered[block] { return html }
      let html: String
      switch cmark_node_get_type(block) {
      case CMARK_NODE_ITEM:
        // An item alone renders as a bare <li>; keep its list, and its number in an ordered list.
        if let list = cmark_node_parent(block), cmark_node_get_list_type(list) == CMARK_ORDERED_LIST {
          html = "<ol start=\"\(number(of: block, in: list))\">\n\(render(block))</ol>\n"
        } else {
          html = "<ul>\n\(render(block))</ul>\n"
        }
      case CMARK_NODE_HEADING:
        html = render(block) + MarkdownRenderer.blocksUnder(heading: block).map(render).joined()
      default:
        html = render(block)
      }
      rendered[block] = html
      return html
    }

    private mutating func number(of item: OpaquePointer, in list: OpaquePointer) -> Int {
      if let number = itemNumbers[item] { return number }
      var number = Int(cmark_node_get_list_start(list))
      var next = cmark_node_first_child(list)
      while let sibling = next {
        itemNumbers[sibling] = number
        number += 1
        next = cmark_node_next(sibling)
      }
      return itemNumbers[item] ?? Int(cmark_node_get_list_start(list))
    }

    private func render(_ node: OpaquePointer) -> String {
      guard let rendered = cmark_render_html(node, options) else { return "" }
      defer { free(rendered) }
      return String(cString: rendered)
    }
  }

  /// The heading nodes in document order; collected first because the tree is edited afterwards.
  private static func headingNodes(in document: OpaquePointer) -> [OpaquePointer] {
    guard let iterator = cmark_iter_new(document) else { return [] }
    defer { cmark_iter_free(iterator) }
    var nodes: [OpaquePointer] = []
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
        cmark_node_get_type(node) == CMARK_NODE_HEADING
      {
        nodes.append(node)
      }
    }
    return nodes
  }

  /// The text a reader sees in a node: its text and code spans, with line breaks as spaces.
  private static func plainText(of node: OpaquePointer) -> String {
    guard let iterator = cmark_iter_new(node) else { return "" }
    defer { cmark_iter_free(iterator) }
    var text = ""
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
      switch cmark_node_get_type(child) {
      case CMARK_NODE_TEXT, CMARK_NODE_CODE:
        if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
      case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
        text += " "
      default:
        break
      }
    }
    return text
  }

  /// cmark's HTML renderer writes no heading ids, so each heading becomes a custom block whose
  /// opening and closing tags carry the anchor, with the heading's inline children moved inside.
  private static func replace(_ heading: OpaquePointer, withHeadingOfLevel level: Int, anchor: String) {
    guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
    cmark_node_set_on_enter(block, "<h\(level) id=\"\(HTML.escape(anchor))\">")
    cmark_node_set_on_exit(block, "</h\(level)>")
    while let child = cmark_node_first_child(heading) {
      guard cmark_node_append_child(block, child) == 1 else {
        cmark_node_free(block)
        return
      }
    }
    cmark_node_replace(heading, block)
    cmark_node_free(heading)
  }
}

/// Makes heading anchors from heading text: lowercase letters and digits of any script, words
/// joined by `-`, and a numeric suffix where two headings of a page would share one.
struct HeadingSlugger {
  private var used: [String: Int] = [:]

  mutating func anchor(for text: String) -> String {
    var slug = ""
    var pendingDash = false
    for scalar in text.lowercased().unicodeScalars {
      if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
        if pendingDash, !slug.isEmpty { slug += "-" }
        pendingDash = false
        slug.unicodeScalars.append(scalar)
      } else if scalar == "-" || scalar == "_" || scalar.properties.isWhitespace {
        pendingDash = true
      }
    }
    if slug.isEmpty { slug = "section" }
    let count = used[slug, default: 0]
    used[slug] = count + 1
    return count == 0 ? slug : "\(slug)-\(count + 1)"
  }
}
