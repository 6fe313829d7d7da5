/// Where each link destination is first written in a Markdown body, found in one pass over its
/// bytes, so that locating many broken links in a huge file stays linear.
///
/// It knows the forms content uses: inline links and images `[text](destination "title")`
/// (also `(<destination>)`), reference definitions `[label]: destination`, and autolinks
/// `<destination>`. A destination is indexed as written and percent-decoded.
struct MarkdownLinkIndex {
  /// A place in the body: the line (from 0), the column (in Unicode scalars, from 1), and the
  /// line's text, kept because finding a line again in a huge file is slow.
  struct Place: Equatable {
    var line: Int
    var column: Int
    var text: String
  }

  private(set) var places: [String: Place] = [:]

  init(_ body: String) {
    let bytes = Array(body.utf8)
    var line = 0
    var lineStart = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
      } else if byte == UInt8(ascii: "]"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "(") || bytes[index + 1] == UInt8(ascii: ":")
      {
        record(Self.destination(in: bytes, from: index + 2), bytes: bytes, line: line, lineStart: lineStart)
      } else if byte == UInt8(ascii: "<") {
        record(Self.destination(in: bytes, from: index), bytes: bytes, line: line, lineStart: lineStart)
      }
      index += 1
    }
  }

  /// Where the link was written, in any of its spellings.
  func place(of link: String) -> Place? {
    places[link] ?? link.removingPercentEncoding.flatMap { places[$0] }
  }

  private mutating func record(_ found: Range<Int>?, bytes: [UInt8], line: Int, lineStart: Int) {
    guard let found, !found.isEmpty else { return }
    let destination = String(decoding: bytes[found], as: UTF8.self)
    let column = String(decoding: bytes[lineStart..<found.lowerBound], as: UTF8.self).unicodeScalars.count + 1
    let lineEnd = bytes[found.upperBound...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    let place = Place(line: line, column: column, text: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
    if places[destination] == nil { places[destination] = place }
    if let decoded = destination.removingPercentEncoding, places[decoded] == nil { places[decoded] = place }
  }

  /// The destination that starts at `start` (after spaces; in `<…>` or up to a space or `)`).
  private static func destination(in bytes: [UInt8], from start: Int) -> Range<Int>? {
    var begin = start
    while begin < bytes.count, bytes[begin] == UInt8(ascii: " ") || bytes[begin] == UInt8(ascii: "\t") { begin += 1 }
    guard begin < bytes.count else { return nil }
    let angled = bytes[begin] == UInt8(ascii: "<")
    if angled { begin += 1 }
    var end = begin
    while end < bytes.count {
      let byte = bytes[end]
      if byte == UInt8(ascii: "\n") || (angled ? byte == UInt8(ascii: ">") : (byte == UInt8(ascii: " ") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\t"))) {
        break
      }
      end += 1
    }
    // An autolink or angled destination must be closed on its line.
    if angled, end >= bytes.count || bytes[end] != UInt8(ascii: ">") { return nil }
    return begin..<end
  }
}
