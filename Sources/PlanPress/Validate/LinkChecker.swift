import Foundation
import PageModels

/// Checks the links of a rendered site before it is written: every internal `href` and `src`
/// (relative, under the base path, or under the base URL) must lead to a file the build writes or
/// an asset it copies, and every `#anchor` to an element with that `id` on the page it names.
///
/// A broken link is reported where it was written: at its line in the Markdown the page shows when
/// the link is found there, else at the page (a link the templates write, such as to an asset the
/// templates folder lacks). Links to other sites are not followed (builds use no network).
public struct LinkChecker: Sendable {
  /// The site's base URL, ending with `/`.
  public let baseURL: String
  /// The path part of the base URL (`/` or `/plan/`), for root-relative links.
  public let basePath: String
  /// Files the build copies besides the rendered pages (`assets/site.css`), as output paths.
  public let copiedFiles: Set<String>
  /// A checker for a site published at `baseURL`.
  public init(baseURL: String, basePath: String, copiedFiles: Set<String>) {
    self.baseURL = baseURL
    self.basePath = basePath
    self.copiedFiles = copiedFiles
  }

  /// Where a link leads inside the site.
  enum Destination: Hashable, Sendable {
    /// A path inside the output folder (empty for the page itself), and the fragment after `#`, if any.
    case file(path: String, fragment: String?)
    /// Above the output folder's root: no file of the site can be there.
    case outsideSite
  }

  /// Every broken link of the rendered files, once per place it was written.
  public func brokenLinks(in files: [OutputFile], origins: [String: PageOrigin]) -> [Diagnostic] {
    var contents: [String: Data] = [:]
    for file in files { contents[file.path] = file.contents }
    return brokenLinks(paths: files.map(\.path), origins: origins) { contents[$0] }
  }

  /// The same for files that are read when needed (a build's staging folder): each page is read
  /// once for its ids and once for its links, so a big site is never held in memory at once.
  public func brokenLinks(paths: [String], origins: [String: PageOrigin], read: (String) -> Data?) -> [Diagnostic] {
    var existing = copiedFiles
    var anchors: [String: Set<String>] = [:]
    var markup: [String] = []
    for path in paths {
      existing.insert(path)
      guard Self.isMarkup(path), let data = read(path) else { continue }
      markup.append(path)
      anchors[path] = Set(Self.attributeValues(named: ["id"], in: String(decoding: data, as: UTF8.self)).map(\.value))
    }

    // A template's link appears on many pages, and a Markdown body on its untranslated pages too:
    // one report per place written and place led to, naming the first page and counting the others.
    var findings: [Finding] = []
    var findingIndex: [String: Int] = [:]
    var locations: [String: (SourceLocation, String?)] = [:]
    var unreported = 0
    // Pages that repeat content (briefs) last: a broken link they repeat is then already known,
    // located in the Markdown it was written in, from the content's own page.
    let repeatsContent = { (page: String) in origins[page]?.repeatsContent == true }
    for page in markup.filter({ !repeatsContent($0) }) + markup.filter(repeatsContent) {
      guard let data = read(page) else { continue }
      let text = String(decoding: data, as: UTF8.self)
      let links =
        Self.attributeValues(named: ["href", "src"], in: text).map(\.value)
        + (page.hasSuffix(".xml") ? Self.sitemapLocations(in: text) : [])
      for link in links {
        guard let problem = problem(with: link, on: page, existing: existing, anchors: anchors) else { continue }
        // Locating searches the source; a huge file full of broken links must not make that quadratic.
        let origin = origins[page]
        let originKey = "\(origin?.markdown?.file.path ?? "")\u{0}\(origin?.template ?? page)\u{0}\(link)"
        guard
          let (location, sourceLine) = locations[originKey]
            ?? (findings.count < Self.reportLimit ? locate(link, on: page, origin: origin) : nil)
        else {
          unreported += 1
          continue
        }
        locations[originKey] = (location, sourceLine)
        // A template's link is spelt differently on each page but leads to one place; a Markdown
        // link is spelt the same on each language's page but leads to that language's page.
        let place = "\(location.path):\(location.line):\(location.column)"
        let keys = ["\(place) leads to \(problem.target)", "\(place) spelt \(link)"]
        // A page that repeats content (a brief) repeats its broken links too: they are the content's.
        let contentKey = "content leads to \(problem.target)"
        let lookup = (origin?.repeatsContent == true ? [contentKey] : []) + keys
        if let index = lookup.lazy.compactMap({ findingIndex[$0] }).first {
          if findings[index].page != page { findings[index].otherPages += 1 }
          if origin?.markdown != nil { findingIndex[contentKey] = index }
          continue
        }
        for key in keys { findingIndex[key] = findings.count }
        if origin?.markdown != nil { findingIndex[contentKey] = findings.count }
        // A suggestion compares the id with every id of the page: only for what is reported.
        let suggestion = problem.missingAnchor.flatMap { Suggestion.didYouMean($0.id, among: Array($0.idsOnPage), prefix: "#") }
        let message = problem.message + (suggestion ?? "")
        findings.append(Finding(location: location, sourceLine: sourceLine, link: link, page: page, message: message))
      }
    }
    var diagnostics = findings.map(\.diagnostic)
    if unreported > 0, let last = diagnostics.last {
      let what = unreported == 1 ? "1 more link leads" : "\(unreported) more links (repeats included) lead"
      diagnostics.append(Diagnostic(.error, at: last.location, "\(what) nowhere and are not listed; fix these and check again"))
    }
    return diagnostics
  }

  /// A broken link as it will be reported.
  private struct Finding {
    var location: SourceLocation
    var sourceLine: String?
    var link: String
    /// The first page it was found on, and how many other pages repeat it.
    var page: String
    var message: String
    var otherPages = 0

    var diagnostic: Diagnostic {
      let others = otherPages == 0 ? "" : " (and \(otherPages) other page\(otherPages == 1 ? "" : "s"))"
      return Diagnostic(.error, at: location, "link '\(link)' on page \(page)\(others) \(message)", sourceLine: sourceLine)
    }
  }

  /// How many broken links are located and listed; past it they are only counted.
  static let reportLimit = 200

  /// What is wrong with a link, or nil when it is fine.
  struct Problem {
    /// Where the link leads, anchor included.
    var target: String
    /// Words that finish "link 'x' on page p …".
    var message: String
    /// For a missing anchor, the id and the ids the page has, to suggest the closest.
    var missingAnchor: (id: String, idsOnPage: Set<String>)?
  }

  func problem(with link: String, on page: String, existing: Set<String>, anchors: [String: Set<String>]) -> Problem? {
    destination(of: link, from: page).flatMap { problem(leadingTo: $0, from: page, existing: existing, anchors: { anchors[$0] }) }
  }

  /// What is wrong with a place a link leads to, or nil when it is fine; `anchors` gives the ids
  /// of a page of the site (nil for files that are not pages).
  func problem(leadingTo destination: Destination, from page: String, existing: Set<String>, anchors: (String) -> Set<String>?) -> Problem?
  {
    switch destination {
    case .outsideSite:
      return Problem(target: "..", message: "leads above the site's root folder")
    case .file(let path, let fragment):
      let wanted = path.isEmpty ? page : path
      guard let target = Self.servedFile(wanted, existing: existing) else {
        return Problem(target: wanted, message: "leads to \(wanted), which the site does not have")
      }
      guard let id = Self.anchorID(fragment), let ids = anchors(target) else { return nil }
      guard !ids.contains(id) else { return nil }
      return Problem(
        target: target + "#" + id, message: "leads to no element with id '\(id)' on \(target)", missingAnchor: (id, ids))
    }
  }

  /// The file served for a path inside the site: the path itself or, as web servers serve
  /// `sections/x` as `sections/x/`, a folder's index; nil when the site has neither.
  static func servedFile(_ path: String, existing: Set<String>) -> String? {
    if existing.contains(path) { return path }
    return existing.contains(path + "/index.html") ? path + "/index.html" : nil
  }

  /// The id a link's fragment asks its page for, decoded; nil for no fragment, an empty one and
  /// `#top`, which browsers take for the top of any page.
  static func anchorID(_ fragment: String?) -> String? {
    guard let fragment, !fragment.isEmpty, fragment != "top" else { return nil }
    return percentDecoded(fragment)
  }

  /// Text with its `%XX` escapes decoded, as a browser reads a link's path or fragment; as it is
  /// when they are not valid UTF-8. Most links have none, and Foundation's decoding is dear.
  static func percentDecoded(_ text: String) -> String {
    text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? text : text
  }

  /// Where a link leads: nil for links to other sites and for schemes such as `mailto:`.
  func destination(of link: String, from page: String) -> Destination? {
    destination(of: link, fromFolder: Self.folder(of: page))
  }

  /// The folders a page is in, for resolving its relative links (`sections/a/index.html` → `sections`, `a`).
  static func folder(of page: String) -> [String] {
    page.split(separator: "/").dropLast().map(String.init)
  }

  /// Where a link leads from a page in `folder` (see `folder(of:)`). Read from its UTF-8 bytes
  /// in place: a build asks this of every link of every page it writes.
  func destination(of link: String, fromFolder folder: [String]) -> Destination? {
    var link = link
    return link.withUTF8 { destination(ofBytes: $0[...], fromFolder: folder) }
  }

  private func destination(ofBytes link: Slice<UnsafeBufferPointer<UInt8>>, fromFolder folder: [String]) -> Destination? {
    let slash = UInt8(ascii: "/")
    let text = { (bytes: Slice<UnsafeBufferPointer<UInt8>>) in String(decoding: bytes, as: UTF8.self) }
    var rest = link
    var fragment: String?
    if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
      fragment = text(rest[(hash + 1)...])
      rest = rest[..<hash]
    }
    if let query = rest.firstIndex(of: UInt8(ascii: "?")) { rest = rest[..<query] }

    let fromRoot: Bool
    let baseURL = baseURL.utf8
    if rest.starts(with: baseURL) {
      rest = rest.dropFirst(baseURL.count)
      fromRoot = true
    } else if rest.count + 1 == baseURL.count, baseURL.starts(with: rest), baseURL.last == slash {
      rest = rest.dropFirst(rest.count)
      fromRoot = true
    } else if Self.hasScheme(rest) || rest.starts(with: "//".utf8) {
      return nil
    } else if rest.first == slash {
      // A root-relative link outside the base path points at another site on the same host.
      guard rest.starts(with: basePath.utf8) else { return nil }
      rest = rest.dropFirst(basePath.utf8.count)
      fromRoot = true
    } else {
      fromRoot = false
    }
    if !fromRoot && rest.isEmpty { return .file(path: "", fragment: fragment) }

    var parts = fromRoot ? [] : folder
    let segments = rest.split(separator: slash, omittingEmptySubsequences: false)
    let isDot = { (segment: Slice<UnsafeBufferPointer<UInt8>>) in segment.elementsEqual(".".utf8) }
    let isDotDot = { (segment: Slice<UnsafeBufferPointer<UInt8>>) in segment.elementsEqual("..".utf8) }
    for segment in segments {
      if segment.isEmpty || isDot(segment) { continue }
      if isDotDot(segment) {
        guard !parts.isEmpty else { return .outsideSite }
        parts.removeLast()
        continue
      }
      parts.append(Self.percentDecoded(text(segment)))
    }
    let endsInFolder = rest.isEmpty || rest.last == slash || segments.last.map { isDot($0) || isDotDot($0) } ?? false
    let joined = parts.joined(separator: "/")
    guard endsInFolder else { return .file(path: joined, fragment: fragment) }
    // A folder is served as its index page.
    return .file(path: joined.isEmpty ? "index.html" : joined + "/index.html", fragment: fragment)
  }

  // MARK: Locating a link in its source

  /// The place the link was written, and the text of that line: in the page's Markdown when it
  /// is there (as its parse found it), else at the Markdown file behind the page, else at the page.
  func locate(_ link: String, on page: String, origin: PageOrigin?) -> (SourceLocation, String?) {
    guard let origin, let markdown = origin.markdown else { return (SourceLocation(path: page), nil) }
    let decoded = link.removingPercentEncoding
    let links = origin.markdownLinks
    // As written, else as cmark escaped it into the page.
    let written =
      links.first { $0.url == link || $0.url == decoded } ?? links.first { MarkdownDocument.escapeAddress($0.url) == link }
    guard let written else { return (markdown.file.location(), nil) }
    let line = markdown.fileLine(written.line)
    return (markdown.file.location(line: line, column: written.column), markdown.file.line(line))
  }

  // MARK: Reading markup

  static func isMarkup(_ path: String) -> Bool {
    path.hasSuffix(".html") || path.hasSuffix(".xml")
  }

  /// Whether a link starts with a scheme (`https:`, `mailto:`): a letter, then letters, digits,
  /// `+`, `-` or `.` up to a colon.
  static func hasScheme(_ link: some Collection<UInt8>) -> Bool {
    func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
    guard let colon = link.firstIndex(of: UInt8(ascii: ":")), let first = link.first, isLetter(first) else { return false }
    return link[..<colon].allSatisfy {
      isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
        || $0 == UInt8(ascii: ".")
    }
  }

  /// The values of the named attributes in markup, HTML entities decoded, with the UTF-8 offset
  /// where each value starts.
  static func attributeValues(named names: [String], in text: String) -> [(value: String, byteOffset: Int)] {
    var values: [(value: String, byteOffset: Int)] = []
    var text = text
    text.withUTF8 { bytes in
      scanAttributes(named: names, in: UnsafeRawBufferPointer(bytes)) { _, value, offset in values.append((value, offset)) }
    }
    return values
  }

  /// Calls `found` with each value of the named attributes in markup: the name's position in
  /// `names`, the value with HTML entities decoded, and the UTF-8 offset where the value starts.
  static func scanAttributes(
    named names: [String], in bytes: UnsafeRawBufferPointer, _ found: (_ name: Int, _ value: String, _ byteOffset: Int) -> Void
  ) {
    guard let base = bytes.baseAddress else { return }
    let nameBytes = names.map { Array($0.utf8) }
    // An attribute is `name="value"` (or with `'`) after whitespace inside a tag; text content has
    // `"` escaped, so a quoted value after `name=` only occurs in tags. Each `=` is found with
    // `memchr` (most bytes of a page are text) and the name looked for just before it.
    var index = 0
    while index < bytes.count, let match = memchr(base + index, Int32(UInt8(ascii: "=")), bytes.count - index) {
      let equals = base.distance(to: UnsafeRawPointer(match))
      index = equals + 1
      guard equals + 1 < bytes.count, bytes[equals + 1] == UInt8(ascii: "\"") || bytes[equals + 1] == UInt8(ascii: "'") else { continue }
      guard
        let position = nameBytes.firstIndex(where: { name in
          let nameStart = equals - name.count
          guard nameStart >= 1, bytes[nameStart..<equals].elementsEqual(name) else { return false }
          let before = bytes[nameStart - 1]
          return before == UInt8(ascii: " ") || before == UInt8(ascii: "\n") || before == UInt8(ascii: "\t")
        })
      else { continue }
      let quote = bytes[equals + 1]
      let valueStart = equals + 2
      guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else { continue }
      let raw = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
      found(position, bytes[valueStart..<valueEnd].contains(UInt8(ascii: "&")) ? HTML.unescape(raw) : raw, valueStart)
      index = valueEnd + 1
    }
  }

  /// The `<loc>` addresses of a sitemap.
  static func sitemapLocations(in text: String) -> [String] {
    var text = text
    return text.withUTF8 { sitemapLocations(in: UnsafeRawBufferPointer($0)) }
  }

  static func sitemapLocations(in bytes: UnsafeRawBufferPointer) -> [String] {
    let open = Array("<loc>".utf8)
    let close = Array("</loc>".utf8)
    func find(_ needle: [UInt8], from start: Int, below limit: Int? = nil) -> Int? {
      var index = start
      while index + needle.count <= limit ?? bytes.count {
        if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
        index += 1
      }
      return nil
    }
    // Each `<loc>` up to the next one, or the end, holds an address if a `</loc>` closes it there.
    var locations: [String] = []
    var next = find(open, from: 0)
    while let start = next {
      let valueStart = start + open.count
      next = find(open, from: valueStart)
      if let end = find(close, from: valueStart, below: next ?? bytes.count) {
        locations.append(HTML.unescape(String(decoding: bytes[valueStart..<end], as: UTF8.self)))
      }
    }
    return locations
  }
}
