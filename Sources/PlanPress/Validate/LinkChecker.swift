import Foundation
import PageModels

/// Checks the links written in the plan's Markdown before anything is rendered: every internal
/// link (relative, under the base path, or under the base URL) must lead to a file the build
/// writes or an asset it copies, and every `#anchor` to an id the page it names will have (see
/// `SiteOutline`). The links the templates write are the templates' own, and tests check them.
///
/// A broken link is reported where it was written, at its line and column in the Markdown, once
/// for all the pages that show it. Links to other sites are not followed (builds use no network).
public struct LinkChecker: Sendable {
  /// The site's base URL, ending with `/`.
  public let baseURL: String
  /// The path part of the base URL (`/` or `/plan/`), for root-relative links.
  public let basePath: String
  /// A checker for a site published at `baseURL`.
  public init(baseURL: String, basePath: String) {
    self.baseURL = baseURL
    self.basePath = basePath
  }

  /// The checker for a site published where its settings say.
  init(for config: SiteConfig) {
    self.init(baseURL: config.baseURL, basePath: config.basePath)
  }

  /// Where a link leads inside the site.
  enum Destination: Hashable, Sendable {
    /// A path inside the output folder (empty for the page itself), and the fragment after `#`, if any.
    case file(path: String, fragment: String?)
    /// Above the output folder's root: no file of the site can be there.
    case outsideSite
  }

  /// Every link of the bodies the site's pages show that leads nowhere, each an error where it
  /// was written, in page order; past `reportLimit`, counted in one more.
  func brokenLinks(in outline: SiteOutline) -> [Diagnostic] {
    // A page's ids are made only when a link asks for one of them, once.
    let ids = Locked<[String: Set<String>?]>([:])
    let idsOfPage = { (page: String) -> Set<String>? in
      if let known = ids.withLock({ $0[page] }) { return known }
      let found = outline.ids(ofPage: page)
      ids.withLock { $0[page] = found }
      return found
    }
    // Each group of bodies on any core: a rebuild of a big plan checks every body's links.
    let found = Array(
      (0..<outline.bodyGroupCount).concurrentMap { group in
        outline.shownBodies(inGroup: group).flatMap { body, languages -> [BrokenLink] in
          // Most bodies link nowhere: their pages' paths are not made.
          let links = outline.documents.links(of: body)
          guard !links.isEmpty else { return [] }
          let pages = languages.map { outline.page(ofGroup: group, $0) }
          return links.compactMap { link -> BrokenLink? in
            let broken = pages.compactMap { page in
              destination(of: link.url, from: page).flatMap { destination in
                problem(leadingTo: destination, from: page, existing: outline.files, anchors: idsOfPage).map { (page, $0) }
              }
            }
            return broken.first.map { BrokenLink(body: body, link: link, page: $0.0, problem: $0.1, otherPages: broken.count - 1) }
          }
        }
      }.joined())
    var diagnostics = found.prefix(Self.reportLimit).map(\.diagnostic)
    let unreported = found.count - diagnostics.count
    if unreported > 0, let last = diagnostics.last {
      let what = unreported == 1 ? "1 more link leads" : "\(unreported) more links lead"
      diagnostics.append(Diagnostic(.error, at: last.location, "\(what) nowhere and are not listed; fix these and check again"))
    }
    return diagnostics
  }

  /// An error for each file of `assets/` the templates link pages to that the templates folder
  /// does not have (see `LinkedAssets`).
  static func missingLinkedAssets(_ assets: [AssetFile], templatesDirectory: String) -> [Diagnostic] {
    let present = Set(assets.map { "assets/" + $0.relative })
    return LinkedAssets.all.filter { !present.contains($0) }.map { linked in
      Diagnostic(
        .error, at: SourceLocation(path: URL(fileURLWithPath: templatesDirectory).appendingPathComponent(linked).path),
        "the templates link pages to this file, and the templates folder does not have it")
    }
  }

  /// A link that leads nowhere from the first page of `page` and `otherPages` more.
  private struct BrokenLink {
    var body: MarkdownSource
    var link: MarkdownDocument.Link
    var page: String
    var problem: Problem
    var otherPages: Int

    var diagnostic: Diagnostic {
      // A suggestion compares the id with every id of the page: only for what is reported.
      let suggestion = problem.missingAnchor.flatMap { Suggestion.didYouMean($0.id, among: Array($0.idsOnPage), prefix: "#") }
      let others = otherPages == 0 ? "" : " (and \(otherPages) other page\(otherPages == 1 ? "" : "s"))"
      let line = body.fileLine(link.line)
      return Diagnostic(
        .error, at: body.file.location(line: line, column: link.column),
        "link '\(link.url)' on page \(page)\(others) \(problem.message)\(suggestion ?? "")", sourceLine: body.file.line(line))
    }
  }

  /// How many broken links are located and listed; past it they are only counted.
  static let reportLimit = 200

  /// What is wrong with a link, or nil when it is fine.
  struct Problem {
    /// Words that finish "link 'x' on page p …".
    var message: String
    /// For a missing anchor, the id and the ids the page has, to suggest the closest.
    var missingAnchor: (id: String, idsOnPage: Set<String>)?
  }

  /// What is wrong with a place a link leads to, or nil when it is fine; `anchors` gives the ids
  /// of a page of the site (nil for files that are not pages).
  func problem(leadingTo destination: Destination, from page: String, existing: Set<String>, anchors: (String) -> Set<String>?) -> Problem?
  {
    switch destination {
    case .outsideSite:
      return Problem(message: "leads above the site's root folder")
    case .file(let path, let fragment):
      let wanted = path.isEmpty ? page : path
      guard let target = Self.servedFile(wanted, existing: existing) else {
        return Problem(message: "leads to \(wanted), which the site does not have")
      }
      guard let id = Self.anchorID(fragment), let ids = anchors(target) else { return nil }
      guard !ids.contains(id) else { return nil }
      return Problem(
        message: "leads to no element with id '\(id)' on \(target)", missingAnchor: (id, ids))
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
}
