import Foundation
import PageModels

/// What a rendered page asks of the rest of the site for its links to work, taken from the links
/// and ids its model wrote (`PageReferences`), so that a build checks links without reading pages.
/// Every file a build writes is known before it renders a page, so a link to a file is checked
/// at once; a link to an id on another page waits until every page is written. The survey keeps
/// a digest of the page's ids too, which tells the next build whether the page may have lost an
/// anchor that an unchanged page links to.
///
/// A survey only says whether every link works. Finding and locating a broken one is the
/// thorough check's work (`LinkChecker.brokenLinks`), which a build runs when a survey fails.
struct LinkSurvey: Sendable, Equatable {
  /// Links to an id on another page: the page and the id, each once.
  var anchoredLinks: Set<LinkChecker.Destination> = []
  /// A link leads above the site's root, to a file the build does not write, or to an id this
  /// page does not have.
  var leadsNowhere = false
  /// A digest of the page's ids; 0 for a file that is not a page.
  var idsDigest: UInt64 = 0
  /// Each of the page's ids, hashed (`StableHasher`), sorted: what links from other pages are
  /// checked against, without reading the page again once every page is written. Two ids alike
  /// in 64 bits would let a link to the missing one pass; with a big plan's million ids, that is
  /// one chance in ten million million.
  var idHashes: [UInt64] = []

  /// Whether the page has an element with this id.
  func hasID(_ id: String) -> Bool {
    let hash = Self.hash(ofID: id)
    var (low, high) = (0, idHashes.count)
    while low < high {
      let middle = (low + high) / 2
      if idHashes[middle] < hash { low = middle + 1 } else { high = middle }
    }
    return low < idHashes.count && idHashes[low] == hash
  }

  static func hash(ofID id: String) -> UInt64 {
    StableHasher.hash { $0.combine(id) }
  }
}

extension LinkChecker {
  /// Surveys one rendered file at its output path from the links and ids its model wrote, and
  /// those read from the parts it took from the previous build; `existing` holds every file the
  /// build writes or copies.
  func survey(_ file: OutputFile, existing: Set<String>) -> LinkSurvey {
    guard Self.isMarkup(file.path) else { return LinkSurvey() }
    guard var references = file.references else { return survey(file.contents, at: file.path, existing: existing) }
    file.contents.withUnsafeBytes { bytes in
      for part in file.unrecorded { references.append(Self.references(in: UnsafeRawBufferPointer(rebasing: bytes[part]))) }
    }
    return survey(references, at: file.path, existing: existing)
  }

  /// Surveys a file from its bytes: a page carried over from the previous build.
  func survey(_ contents: Data, at page: String, existing: Set<String>) -> LinkSurvey {
    guard Self.isMarkup(page) else { return LinkSurvey() }
    let references = contents.withUnsafeBytes { bytes in
      var references = Self.references(in: bytes)
      if page.hasSuffix(".xml") { references.links += Self.sitemapLocations(in: bytes) }
      return references
    }
    return survey(references, at: page, existing: existing)
  }

  /// The links and ids of markup, read from its bytes.
  static func references(in bytes: UnsafeRawBufferPointer) -> PageReferences {
    var references = PageReferences()
    scanAttributes(named: ["id", "href", "src"], in: bytes) { name, value, _ in
      if name == 0 { references.ids.append(value) } else { references.links.append(value) }
    }
    return references
  }

  func survey(_ references: PageReferences, at page: String, existing: Set<String>) -> LinkSurvey {
    let ids = Set(references.ids)
    let idHashes = ids.map(LinkSurvey.hash(ofID:)).sorted()
    // Of the ids as a set: a page whose parts were read from the previous file lists them in another order.
    var digest = StableHasher()
    for hash in idHashes { digest.combine(hash) }
    var survey = LinkSurvey(idsDigest: digest.finalize(), idHashes: idHashes)
    let folder = Self.folder(of: page)
    for link in Set(references.links) {
      guard let destination = destination(of: link, fromFolder: folder) else { continue }
      guard case .file(let path, let fragment) = destination else {
        survey.leadsNowhere = true
        continue
      }
      let toOwnPage = path.isEmpty || path == page
      if !toOwnPage, Self.anchorID(fragment) != nil {
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
  /// to an id of that page. The ids of a surveyed page are in its survey; `read` gives the bytes
  /// of a page that was not surveyed (one carried over from the previous build), for its ids.
  func allLinksLead(_ surveys: [String: LinkSurvey], existing: Set<String>, read: (String) -> Data?) -> Bool {
    var destinations: Set<Destination> = []
    for survey in surveys.values {
      if survey.leadsNowhere { return false }
      destinations.formUnion(survey.anchoredLinks)
    }
    // The page each anchor is looked for on; as in the thorough check, an anchor in a copied file
    // is not looked for.
    var anchorsByPage: [String: [String]] = [:]
    for destination in destinations {
      guard case .file(let path, let fragment) = destination, let page = Self.servedFile(path, existing: existing) else { return false }
      guard let id = Self.anchorID(fragment), Self.isMarkup(page), !copiedFiles.contains(page) else { continue }
      anchorsByPage[page, default: []].append(id)
    }
    // The pages that were not surveyed are read on every core.
    let unsurveyed = anchorsByPage.keys.filter { surveys[$0] == nil }.sorted()
    let readIDs = unsurveyed.concurrentMap { page -> Set<String> in
      var found: Set<String> = []
      read(page)?.withUnsafeBytes { bytes in Self.scanAttributes(named: ["id"], in: bytes) { _, value, _ in found.insert(value) } }
      return found
    }
    let idsOfRead = Dictionary(uniqueKeysWithValues: zip(unsurveyed, readIDs))
    return anchorsByPage.allSatisfy { page, ids in
      if let survey = surveys[page] { return ids.allSatisfy(survey.hasID) }
      return idsOfRead[page].map { found in ids.allSatisfy(found.contains) } ?? false
    }
  }
}
