/// Markup, built with Swift's string interpolation: an interpolated `String` is escaped, and only a
/// value already typed `HTML` (cmark's output, a chart's SVG) goes in as it is.
/// Templates write links and ids through `\(link:)` and `\(id:)`, escaped as text is, so that
/// what a value is reads in the template (the ids are those `SiteOutline` lists).
public struct HTML: ExpressibleByStringInterpolation, Sendable {
  /// The markup's text.
  public let string: String

  public init(stringLiteral literal: String) {
    string = literal
  }
  public init(stringInterpolation: Interpolation) {
    string = stringInterpolation.string
  }
  /// Text that is already HTML, taken as it is: the one way in that does not escape.
  public init(trusted string: String) {
    self.string = string
  }

  /// Appends every part of a template to one string, escaping what is text.
  public struct Interpolation: StringInterpolationProtocol {
    fileprivate var string = ""

    public init(literalCapacity: Int, interpolationCount: Int) {
      string.reserveCapacity(literalCapacity + 16 * interpolationCount)
    }

    /// The template's own markup.
    public mutating func appendLiteral(_ literal: String) { string += literal }

    /// Text: escaped, always.
    public mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &string) }

    /// The value of an `href` or `src`: escaped.
    public mutating func appendInterpolation(link url: String) { HTML.escape(url, into: &string) }

    /// The value of an `id`: escaped.
    public mutating func appendInterpolation(id: String) { HTML.escape(id, into: &string) }

    /// A count, as digits.
    public mutating func appendInterpolation(_ number: Int) { string += String(number) }

    /// Markup as it is; nothing for nil, so an optional part reads `\(latest.map(latestCell))`.
    public mutating func appendInterpolation(_ html: HTML?) {
      if let html { append(html) }
    }

    /// Markup for each item, in order: `\(sections.map(navItem))`. A long list is better given
    /// lazily (`\(rows.lazy.map(row))`): each part is appended as it is made, not all held first.
    public mutating func appendInterpolation<Parts: Sequence<HTML>>(_ parts: Parts) {
      for part in parts { append(part) }
    }

    /// Markup where a condition holds, such as `\(if: link.isCurrent, #" aria-current="page""#)`.
    /// Typed `HTML`, so a literal here is markup; a bare `\(flag ? "<b>" : "")` would be escaped.
    public mutating func appendInterpolation(if condition: Bool, _ html: @autoclosure () -> HTML) {
      if condition { append(html()) }
    }

    private mutating func append(_ html: HTML) { string += html.string }
  }
}

extension HTML {
  /// `text` with `&`, `<`, `>`, `"` and `'` as entities.
  public static func escape(_ text: String) -> String {
    var result = ""
    escape(text, into: &result)
    return result
  }

  /// Appends `text` escaped, copying the runs between special characters whole.
  public static func escape(_ text: String, into result: inout String) {
    // Most texts have nothing to escape; one pass over their bytes tells, and they go in whole.
    if text.utf8.withContiguousStorageIfAvailable({ !$0.contains { entity(for: $0) != nil } }) == true {
      result += text
      return
    }
    let bytes = text.utf8
    var start = bytes.startIndex
    var index = start
    while index != bytes.endIndex {
      guard let entity = entity(for: bytes[index]) else {
        bytes.formIndex(after: &index)
        continue
      }
      result.append(contentsOf: text[start..<index])
      result += entity
      bytes.formIndex(after: &index)
      start = index
    }
    if start == bytes.startIndex { result += text } else { result.append(contentsOf: text[start...]) }
  }

  /// The entity written for a byte that markup gives a meaning, nil for any other.
  private static func entity(for byte: UInt8) -> String? {
    switch byte {
    case UInt8(ascii: "&"): "&amp;"
    case UInt8(ascii: "<"): "&lt;"
    case UInt8(ascii: ">"): "&gt;"
    case UInt8(ascii: "\""): "&quot;"
    case UInt8(ascii: "'"): "&#39;"
    default: nil
    }
  }
}
