internal import CCmark
import Foundation
import PageModels

/// Parses CommonMark with libcmark into a `MarkdownDocument`. This is the one file that calls
/// into libcmark, and each body goes through it once a build (see `MarkdownDocuments`).
///
/// cmark runs in safe mode: raw HTML is replaced by a comment and `javascript:`, `vbscript:`,
/// `file:` and non-image `data:` links are dropped, so content cannot inject script. Headings get
/// stable anchors made from their text.
enum MarkdownParser {
  /// Parses a body and renders it once, leaving open in the HTML what depends on the page that
  /// shows it: each heading's tags and each relative link's address (see `MarkdownDocument`).
  static func parse(_ markdown: String) -> MarkdownDocument {
    // CMARK_OPT_UNSAFE is deliberately absent: that is what keeps raw HTML and script URLs out.
    let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
    guard let document = markdown.withCString({ cmark_parse_document($0, strlen($0), options) }) else {
      return MarkdownDocument(pieces: [], headings: [], links: [], marks: [])
    }
    defer { cmark_node_free(document) }

    // Anchors before links, so that a link can tell one of the body's own headings (which moves
    // with the body) from an anchor its section page's template makes.
    var slugger = HeadingSlugger()
    // Collected first: the tree is edited afterwards.
    let headingNodes = nodes(in: document, ofTypes: [CMARK_NODE_HEADING])
    let headings = headingNodes.map { node in
      let text = plainText(of: node)
      return MarkdownDocument.Heading(
        level: Int(cmark_node_get_heading_level(node)), text: text, anchor: slugger.anchor(for: text),
        line: Int(cmark_node_get_start_line(node)))
    }
    // Links next, so the marked parts taken out then carry the open addresses too.
    var columns = ScalarColumns(markdown)
    let links = openLinks(in: document, ownAnchors: Set(headings.map(\.anchor)), columns: &columns)
    let marks = takeDepartmentMarks(from: document, options: options, columns: &columns)
    for (index, heading) in headingNodes.enumerated() { replace(heading, withSlot: index) }

    guard let rendered = cmark_render_html(document, options) else {
      return MarkdownDocument(pieces: [], headings: headings, links: links, marks: marks)
    }
    defer { free(rendered) }
    return MarkdownDocument(pieces: Slots.split(String(cString: rendered)), headings: headings, links: links, marks: marks)
  }

  /// Gives every link and image whose address is relative (no scheme: the only ones a page showing
  /// the body elsewhere rewrites) a slot in place of its address, and returns them in order.
  /// Addresses with a scheme stay cmark's, which drops the unsafe ones.
  private static func openLinks(
    in document: OpaquePointer, ownAnchors: Set<String>, columns: inout ScalarColumns
  ) -> [MarkdownDocument.Link] {
    var links: [MarkdownDocument.Link] = []
    for node in nodes(in: document, ofTypes: [CMARK_NODE_LINK, CMARK_NODE_IMAGE]) {
      guard let url = cmark_node_get_url(node).map({ String(cString: $0) }), !url.hasPrefix(departmentScheme) else { continue }
      let fragment = url.hasPrefix("#") ? String(url.dropFirst()) : nil
      links.append(
        MarkdownDocument.Link(
          url: url, toOwnHeading: fragment.map { ownAnchors.contains(LinkChecker.percentDecoded($0)) } ?? false,
          line: Int(cmark_node_get_start_line(node)),
          column: columns.addressColumn(
            url, line: Int(cmark_node_get_start_line(node)), start: Int(cmark_node_get_start_column(node)),
            end: cmark_node_get_end_line(node) == cmark_node_get_start_line(node) ? Int(cmark_node_get_end_column(node)) : Int.max / 2),
          isOpen: !LinkChecker.hasScheme(url.utf8[...])))
      if links[links.count - 1].isOpen { cmark_node_set_url(node, Slots.link(links.count - 1)) }
    }
    return links
  }

  /// The scheme of the links that mark a part of the text as naming a department.
  static let departmentScheme = "dept:"

  /// Removes every `[text](dept:ID)` mark (keeping its text) and returns the parts they mark.
  private static func takeDepartmentMarks(
    from document: OpaquePointer, options: Int32, columns: inout ScalarColumns
  ) -> [MarkdownDocument.Mark] {
    var marks: [(link: OpaquePointer, department: String, line: Int, column: Int)] = []
    for node in nodes(in: document, ofTypes: [CMARK_NODE_LINK]) {
      guard let url = cmark_node_get_url(node).map({ String(cString: $0) }), url.hasPrefix(departmentScheme) else { continue }
      marks.append(
        (
          node, String(url.dropFirst(departmentScheme.count)), Int(cmark_node_get_start_line(node)),
          columns.column(line: Int(cmark_node_get_start_line(node)), byte: Int(cmark_node_get_start_column(node)))
        ))
    }
    // Every mark goes before any part is rendered, so no part shows another part's mark.
    var marked: [(block: OpaquePointer, department: String, line: Int, column: Int)] = []
    var unplaced: [(department: String, line: Int, column: Int)] = []
    for mark in marks {
      if let block = markedBlock(containing: mark.link) {
        marked.append((block, mark.department, mark.line, mark.column))
      } else {
        unplaced.append((mark.department, mark.line, mark.column))
      }
      while let child = cmark_node_first_child(mark.link) { cmark_node_insert_before(mark.link, child) }
      cmark_node_unlink(mark.link)
      cmark_node_free(mark.link)
    }
    let inAnotherPart = inAnotherMarkedPart(marked.map { ($0.block, $0.department) })
    var parts = MarkedParts(options: options)
    return marked.indices.map { index in
      let mark = marked[index]
      // Every mark stays, for its line to be checked; one in a part already given is flagged.
      let part = parts.html(of: mark.block)
      return MarkdownDocument.Mark(
        department: mark.department, line: mark.line, column: mark.column, part: Slots.split(part),
        isInAnotherMarkedPart: inAnotherPart[index])
    }
      + unplaced.map { MarkdownDocument.Mark(department: $0.department, line: $0.line, column: $0.column, part: nil) }
  }

  /// For each mark, whether another mark for the same department gives a part that holds it: an
  /// earlier mark in the same block, a mark in a block around it, or a marked heading whose part
  /// takes it (see `MarkedParts.html(of:)`). Each block's ancestors and each marked heading's
  /// part are walked once, not once per pair of marks.
  private static func inAnotherMarkedPart(_ marked: [(block: OpaquePointer, department: String)]) -> [Bool] {
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
      if let part = rendered[block] { return part }
      let html: String
      let nodes = cmark_node_get_type(block) == CMARK_NODE_HEADING ? [block] + MarkdownParser.blocksUnder(heading: block) : [block]
      switch cmark_node_get_type(block) {
      case CMARK_NODE_ITEM:
        // An item alone renders as a bare <li>; keep its list, and its number in an ordered list.
        if let list = cmark_node_parent(block), cmark_node_get_list_type(list) == CMARK_ORDERED_LIST {
          html = "<ol start=\"\(number(of: block, in: list))\">\n\(render(block))</ol>\n"
        } else {
          html = "<ul>\n\(render(block))</ul>\n"
        }
      case CMARK_NODE_HEADING:
        html = nodes.map(render).joined()
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

  /// The nodes of these types in a tree (itself included), in document order; collected first, so
  /// that the tree can be edited afterwards.
  private static func nodes(in root: OpaquePointer, ofTypes types: [cmark_node_type]) -> [OpaquePointer] {
    guard let iterator = cmark_iter_new(root) else { return [] }
    defer { cmark_iter_free(iterator) }
    var nodes: [OpaquePointer] = []
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), types.contains(cmark_node_get_type(node)) {
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
  /// opening and closing tags are slots, filled by the page (see `MarkdownDocument.Piece`), with
  /// the heading's inline children moved inside.
  private static func replace(_ heading: OpaquePointer, withSlot index: Int) {
    guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
    cmark_node_set_on_enter(block, Slots.headingStart(index))
    cmark_node_set_on_exit(block, Slots.headingEnd(index))
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

/// Turns cmark's columns, counted in bytes, into the columns of diagnostics, counted in Unicode
/// scalars (a Chinese character is one column, not three). Places are asked for in the order of
/// the text, so each line is counted once however many links it holds.
struct ScalarColumns {
  private let bytes: [UInt8]
  private var lineStarts: [Int] = []
  /// The last place counted: its byte offset in the body and its scalar column.
  private var last = (offset: 0, column: 1)

  init(_ markdown: String) { bytes = Array(markdown.utf8) }

  /// The scalar column of a byte column of a 1-based line.
  mutating func column(line: Int, byte: Int) -> Int {
    guard let start = lineStart(line), byte >= 1 else { return max(byte, 1) }
    let offset = min(start + byte - 1, bytes.count)
    if last.offset < start || last.offset > offset { last = (start, 1) }
    // A scalar starts at every byte but UTF-8's continuation bytes (10xxxxxx).
    for index in last.offset..<offset where bytes[index] & 0xC0 != 0x80 { last.column += 1 }
    last.offset = offset
    return last.column
  }

  /// Where a link's address is written: the last place in the link's source (from the byte
  /// columns `start` to `end` of a line) where the address's text is, else the link's start.
  mutating func addressColumn(_ url: String, line: Int, start: Int, end: Int) -> Int {
    let address = Array(url.utf8)
    if let lineStart = lineStart(line), !address.isEmpty, end >= start {
      let from = min(lineStart + start - 1, bytes.count)
      let to = min(lineStart + end, bytes.count)
      var candidate = to - address.count
      while candidate >= from {
        if bytes[candidate] == address[0], bytes[candidate..<candidate + address.count].elementsEqual(address) {
          return column(line: line, byte: candidate - lineStart + 1)
        }
        candidate -= 1
      }
    }
    return column(line: line, byte: start)
  }

  private mutating func lineStart(_ line: Int) -> Int? {
    if lineStarts.isEmpty { lineStarts = [0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 } }
    return lineStarts.indices.contains(line - 1) ? lineStarts[line - 1] : nil
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
