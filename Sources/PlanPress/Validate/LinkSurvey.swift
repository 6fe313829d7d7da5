import Foundation

/// What a rendered page asks of the rest of the site for its links to work, taken while the page
/// is still in memory, so that a build can check its links without reading its pages again.
/// Every file a build writes is known before it renders a page, so a link to a file is checked
/// at once; a link to an id on another page waits until every page is written. The survey keeps
/// a digest of the page's ids too, which tells the next build whether the page may have lost an
/// anchor that an unchanged page links to.
///
/// A survey only says whether every link works. Finding and locating a broken one is the
/// thorough check's work (`LinkChecker.brokenLinks`), which a build runs when a survey fails.
struct LinkSurvey: Sendable {
  /// Links to an id on another page: the page and the id, each once.
  var anchoredLinks: Set<LinkChecker.Destination> = []
  /// A link leads above the site's root, to a file the build does not write, or to an id this
  /// page does not have.
  var leadsNowhere = false
  /// A digest of the page's ids in the order they appear; 0 for a file that is not a page.
  var idsDigest: UInt64 = 0
}

extension LinkChecker {
  /// Surveys one rendered file at its output path; `existing` holds every file the build writes
  /// or copies.
  func survey(_ contents: Data, at page: String, existing: Set<String>) -> LinkSurvey {
    guard Self.isMarkup(page) else { return LinkSurvey() }
    var ids: Set<String> = []
    var links: Set<String> = []
    var digest = StableHasher()
    contents.withUnsafeBytes { bytes in
      Self.scanAttributes(named: ["id", "href", "src"], in: bytes) { name, value, _ in
        if name == 0 {
          if ids.insert(value).inserted { digest.combine(value) }
        } else {
          links.insert(value)
        }
      }
      if page.hasSuffix(".xml") { links.formUnion(Self.sitemapLocations(in: bytes)) }
    }

    var survey = LinkSurvey(idsDigest: digest.finalize())
    let folder = Self.folder(of: page)
    for link in links {
      guard let destination = destination(of: link, fromFolder: folder) else { continue }
      guard case .file(let path, let fragment) = destination else {
        survey.leadsNowhere = true
        continue
      }
      let toOwnPage = path.isEmpty || path == page
      if !toOwnPage, fragment.map({ !$0.isEmpty && $0 != "top" }) ?? false {
        // An id on another page: known once every page is written.
        survey.anchoredLinks.insert(destination)
      } else if problem(leadingTo: destination, from: page, existing: existing, anchors: { $0 == page ? ids : nil }) != nil {
        // A file (whose presence is known now) or an id of this page (whose ids are at hand).
        survey.leadsNowhere = true
      }
    }
    return survey
  }

  /// Whether every link of the surveyed pages leads to a file in `existing` and, with a fragment,
  /// to an id of that page; `read` gives a written page's bytes, for the ids of pages that links
  /// name an anchor on.
  func allLinksLead(_ surveys: some Sequence<LinkSurvey>, existing: Set<String>, read: (String) -> Data?) -> Bool {
    var destinations: Set<Destination> = []
    for survey in surveys {
      if survey.leadsNowhere { return false }
      destinations.formUnion(survey.anchoredLinks)
    }
    // The ids of the pages that links name an anchor on, read on every core; as in the thorough
    // check, an anchor in a copied file is not looked for.
    let anchored = Set(destinations.compactMap { destination -> String? in
      guard case .file(let path, .some) = destination else { return nil }
      return existing.contains(path) ? path : path + "/index.html"
    }).filter { Self.isMarkup($0) && !copiedFiles.contains($0) }.sorted()
    let ids = anchored.concurrentMap { page -> Set<String> in
      var found: Set<String> = []
      read(page)?.withUnsafeBytes { bytes in Self.scanAttributes(named: ["id"], in: bytes) { _, value, _ in found.insert(value) } }
      return found
    }
    let idsByPage = Dictionary(uniqueKeysWithValues: zip(anchored, ids))
    // Other pages' links: the page they are on only matters for links to the page itself.
    return destinations.allSatisfy { problem(leadingTo: $0, from: "", existing: existing, anchors: { idsByPage[$0] }) == nil }
  }
}
