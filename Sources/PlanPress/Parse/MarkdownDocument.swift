import Foundation
import PageModels

/// A Markdown body as cmark parsed it, once a build: its HTML with slots where the page that shows
/// it decides (each heading's tags, each relative link's address), and what later stages read of
/// it: headings with their anchors, links and department marks with their places.
///
/// A section page shows the body as written; a brief shows it with headings a level down, anchors
/// prefixed and relative links rebased (see `html(headingLevels:anchorPrefix:rewriteLink:)`).
public struct MarkdownDocument: Sendable, Hashable {
  /// A run of finished HTML, or a slot filled when the body is shown.
  enum Piece: Sendable, Hashable {
    case html(String)
    /// The opening or closing tag of the heading at this index of `headings`.
    case headingStart(Int)
    case headingEnd(Int)
    /// The address of the link at this index of `links`.
    case link(Int)
  }

  /// A heading as written: its level in the Markdown, text and anchor (unique in the body).
  public struct Heading: Sendable, Hashable {
    public let level: Int
    public let text: String
    public let anchor: String
    /// Counted from the body's first line.
    public let line: Int
  }

  /// A link or image address as written (after cmark decoded entities and escapes).
  public struct Link: Sendable, Hashable {
    public let url: String
    /// `#anchor` of one of the body's own headings, which moves with the body.
    public let toOwnHeading: Bool
    /// Counted from the body's first line, and from the line's first byte.
    public let line: Int
    public let column: Int
    /// Relative (no scheme): filled by the page; one with a scheme is left as cmark wrote it.
    let isOpen: Bool
  }

  /// A `[](dept:ID)` mark, removed from the text, and the part it marks as naming the department.
  public struct Mark: Sendable, Hashable {
    public let department: String
    public let line: Int
    public let column: Int
    /// The list item (in its list), paragraph, or heading with what follows it up to the next
    /// heading of its level, with its headings as written (no anchors: it stands in another page).
    let part: [Piece]?
    /// Another mark for the same department gives a part that holds this one: a brief shows it once.
    public var isInAnotherMarkedPart = false
  }

  let pieces: [Piece]
  public let headings: [Heading]
  public let links: [Link]
  public let marks: [Mark]

  /// Given a relative link's address and whether it leads to one of the body's own headings
  /// (before any `anchorPrefix`), returns the address to write.
  public typealias LinkRewrite = (_ url: String, _ toOwnHeading: Bool) -> String

  /// The body as a page shows it: headings `headingLevels` further down (never above `h2`, which
  /// is below the page title, nor past `h6`), anchors prefixed, relative links rewritten.
  public func html(headingLevels: Int = 0, anchorPrefix: String = "", rewriteLink: LinkRewrite? = nil) -> HTML {
    var html = ""
    for piece in pieces {
      switch piece {
      case .html(let text): html += text
      case .headingStart(let index):
        html += "<h\(level(of: index, headingLevels))"
        html += " id=\""
        HTML.escape(anchorPrefix + headings[index].anchor, into: &html)
        html += "\">"
      case .headingEnd(let index): html += "</h\(level(of: index, headingLevels))>"
      case .link(let index): html += address(of: links[index], rewriteLink)
      }
    }
    return HTML(trusted: html)
  }

  /// The headings as a page shows them (see `html(headingLevels:anchorPrefix:rewriteLink:)`).
  public func shownHeadings(headingLevels: Int = 0, anchorPrefix: String = "") -> [ShownHeading] {
    headings.indices.map {
      ShownHeading(level: level(of: $0, headingLevels), text: headings[$0].text, anchor: anchorPrefix + headings[$0].anchor)
    }
  }

  /// The HTML of the parts marked as naming `department`, each once, in order.
  public func markedParts(for department: String, rewriteLink: LinkRewrite? = nil) -> [HTML] {
    marks.filter { $0.department == department && !$0.isInAnotherMarkedPart }.compactMap { part(of: $0, rewriteLink: rewriteLink) }
  }

  /// The HTML of the part a mark gives; nil for a mark outside any paragraph, item or heading.
  func part(of mark: Mark, rewriteLink: LinkRewrite? = nil) -> HTML? {
    mark.part.map { part in
      let html = part.map { piece in
        switch piece {
        case .html(let text): return text
        case .link(let index): return address(of: links[index], rewriteLink)
        // Marked parts are taken before headings get slots.
        case .headingStart, .headingEnd: return ""
        }
      }.joined()
      return HTML(trusted: html)
    }
  }

  private func level(of heading: Int, _ shift: Int) -> Int {
    min(6, max(2, headings[heading].level) + shift)
  }

  /// The address written for a link.
  private func address(of link: Link, _ rewrite: LinkRewrite?) -> String {
    var url = rewrite?(link.url, link.toOwnHeading) ?? link.url
    // A rewritten address never gains a scheme; if it did, it is dropped as cmark drops unsafe ones.
    if url != link.url, LinkChecker.hasScheme(url.utf8[...]) { url = "" }
    return Self.escapeAddress(url)
  }

  /// An address as cmark writes it in `href` and `src` (its `houdini_escape_href`): bytes outside
  /// the URL-safe set percent-encoded, `&` and `'` as entities. A test checks it against cmark.
  static func escapeAddress(_ url: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(url.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in url.utf8 {
      switch byte {
      case UInt8(ascii: "&"): escaped += "&amp;"
      case UInt8(ascii: "'"): escaped += "&#x27;"
      case _ where byte < 128 && hrefSafe[Int(byte)]: escaped.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        escaped.unicodeScalars.append("%")
        escaped.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
        escaped.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 15)]))
      }
    }
    return escaped
  }

  private static let hrefSafe: [Bool] = (0..<128).map { byte in
    let scalar = Character(Unicode.Scalar(UInt8(byte)))
    return scalar.isASCII && (scalar.isLetter || scalar.isNumber) || "-_.+!*(),%#@?=;:/$~".contains(scalar)
  }
}

/// A heading as a page shows it, for its table of contents.
public struct ShownHeading: Sendable, Hashable {
  public let level: Int
  public let text: String
  public let anchor: String
}

/// The markers `MarkdownParser` puts where a slot goes, and finding them in cmark's HTML. Each
/// holds a random word made once a run, which no text of a plan can contain; they are all
/// replaced before anything is written.
enum Slots {
  private static let word = "pp" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()

  static func link(_ index: Int) -> String { "\(word)l\(index)z" }
  static func headingStart(_ index: Int) -> String { "\(word)s\(index)z" }
  static func headingEnd(_ index: Int) -> String { "\(word)e\(index)z" }

  /// The HTML as pieces, split at every marker.
  static func split(_ html: String) -> [MarkdownDocument.Piece] {
    let bytes = Array(html.utf8)
    let marker = Array(word.utf8)
    var pieces: [MarkdownDocument.Piece] = []
    var textStart = 0
    var position = 0
    func text(upTo end: Int) {
      if end > textStart { pieces.append(.html(String(decoding: bytes[textStart..<end], as: UTF8.self))) }
    }
    while position + marker.count < bytes.count {
      guard bytes[position] == marker[0], bytes[position..<position + marker.count].elementsEqual(marker) else {
        position += 1
        continue
      }
      let kind = bytes[position + marker.count]
      var end = position + marker.count + 1
      var index = 0
      while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]), index < Int.max / 20 {
        index = index * 10 + Int(bytes[end] - UInt8(ascii: "0"))
        end += 1
      }
      // The word is random, so text cannot spell a marker; a near miss stays text all the same.
      guard end > position + marker.count + 1, end < bytes.count, bytes[end] == UInt8(ascii: "z"),
        [UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e")].contains(kind)
      else {
        position += marker.count
        continue
      }
      text(upTo: position)
      switch kind {
      case UInt8(ascii: "l"): pieces.append(.link(index))
      case UInt8(ascii: "s"): pieces.append(.headingStart(index))
      default: pieces.append(.headingEnd(index))
      }
      position = end + 1
      textStart = position
    }
    text(upTo: bytes.count)
    return pieces
  }
}
