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
    var scan = Scan(bytes: bytes)
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
      } else if byte == UInt8(ascii: "]"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "(") || bytes[index + 1] == UInt8(ascii: ":")
      {
        record(scan.destination(from: index + 2), scan: &scan, line: line, lineStart: lineStart)
      } else if byte == UInt8(ascii: "<") {
        record(scan.destination(from: index), scan: &scan, line: line, lineStart: lineStart)
      }
      index += 1
    }
  }

  /// Where the link was written, in any of its spellings.
  func place(of link: String) -> Place? {
    places[link] ?? link.removingPercentEncoding.flatMap { places[$0] }
  }

  private mutating func record(_ found: Range<Int>?, scan: inout Scan, line: Int, lineStart: Int) {
    guard let found, !found.isEmpty else { return }
    let destination = String(decoding: scan.bytes[found], as: UTF8.self)
    let decoded = destination.removingPercentEncoding
    // Only a first spelling is kept: a line of thousands of links costs nothing per repeat.
    guard places[destination] == nil || decoded.map({ places[$0] == nil }) == true else { return }
    let place = scan.place(at: found.lowerBound, line: line, lineStart: lineStart)
    if places[destination] == nil { places[destination] = place }
    if let decoded, places[decoded] == nil { places[decoded] = place }
  }

  /// The reading of the body's bytes, with what it remembers so that each byte of a long line is
  /// read a bounded number of times however many links the line holds.
  private struct Scan {
    let bytes: [UInt8]
    /// The last search for the end of a destination of each kind: where it started and ended.
    private var angledSearch = (from: Int.max, end: 0)
    private var plainSearch = (from: Int.max, end: 0)
    /// The line whose text was last taken, and the column counted so far on it.
    private var lineText = (line: -1, text: "")
    private var counted = (offset: 0, column: 1)

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The destination that starts at `start` (after spaces; in `<…>` or up to a space or `)`).
    /// One with a `<` in `<…>`, or a `(` without `<…>`, is not read: cmark takes neither for a
    /// link's address, and skipping them keeps the destinations of a line from overlapping.
    mutating func destination(from start: Int) -> Range<Int>? {
      var begin = start
      while begin < bytes.count, bytes[begin] == UInt8(ascii: " ") || bytes[begin] == UInt8(ascii: "\t") { begin += 1 }
      guard begin < bytes.count else { return nil }
      let angled = bytes[begin] == UInt8(ascii: "<")
      if angled { begin += 1 }
      let end: Int
      if angled {
        end = Self.firstStop(in: bytes, from: begin, after: &angledSearch) {
          $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "<")
        }
        // An autolink or angled destination must be closed on its line.
        guard end < bytes.count, bytes[end] == UInt8(ascii: ">") else { return nil }
      } else {
        end = Self.firstStop(in: bytes, from: begin, after: &plainSearch) {
          $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: "\t")
            || $0 == UInt8(ascii: "(")
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "(") { return nil }
      }
      return begin..<end
    }

    /// The first byte at or after `start` that `isStop` accepts (or the end); a search from within
    /// the last one's span, which ends at the same byte, is not read again.
    private static func firstStop(
      in bytes: [UInt8], from start: Int, after last: inout (from: Int, end: Int), _ isStop: (UInt8) -> Bool
    ) -> Int {
      if last.from <= start, start <= last.end { return last.end }
      var end = start
      while end < bytes.count, !isStop(bytes[end]) { end += 1 }
      last = (start, end)
      return end
    }

    /// The place of the byte at `offset` on the line starting at `lineStart`.
    mutating func place(at offset: Int, line: Int, lineStart: Int) -> Place {
      if lineText.line != line {
        let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        lineText = (line, String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
        counted = (lineStart, 1)
      }
      if offset < counted.offset { counted = (lineStart, 1) }
      // Columns count Unicode scalars: every byte that does not continue a UTF-8 sequence.
      for byte in bytes[counted.offset..<offset] where byte & 0xC0 != 0x80 { counted.column += 1 }
      counted.offset = offset
      return Place(line: line, column: counted.column, text: lineText.text)
    }
  }
}
