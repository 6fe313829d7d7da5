/// Where each page of the site lives, and the links between pages.
///
/// Pages link to each other with relative URLs (so the site works under any base path and from a
/// folder); `hreflang` alternates, canonical links and the sitemap use absolute URLs, as search
/// engines require.
public struct SitePaths: Sendable {
  public let defaultLanguage: String
  public let baseURL: String

  /// The folder a language's pages live in: the root for the default language, `<code>/` for the others.
  public func prefix(_ language: String) -> String {
    language == defaultLanguage ? "" : "\(language)/"
  }

  public func home(_ language: String) -> String { prefix(language) + "index.html" }
  public func section(_ slug: String, _ language: String) -> String { prefix(language) + "sections/\(slug)/index.html" }
  public func departments(_ language: String) -> String { prefix(language) + "departments/index.html" }
  public func department(_ id: String, _ language: String) -> String { prefix(language) + "departments/\(id)/index.html" }
  public func dashboard(_ language: String) -> String { prefix(language) + "dashboard/index.html" }
  public func brief(_ id: String, _ language: String) -> String { prefix(language) + "print/\(id)/index.html" }
  /// The PDF of a brief, printed from its HTML by headless Chromium.
  public func briefPDF(_ id: String, _ language: String) -> String { prefix(language) + "print/\(id).pdf" }
  public static let notFound = "404.html"
  public static let targetsJSON = "data/targets.json"
  public static let targetsCSV = "data/targets.csv"
  public static let sitemap = "sitemap.xml"

  /// The URL of a page as served: `sections/x/index.html` is `sections/x/`.
  static func servedPath(_ path: String) -> String {
    if path == "index.html" { return "" }
    // On bytes: paths are ASCII (identifiers and language codes), and a page makes many links.
    let suffix = "/index.html".utf8
    let bytes = path.utf8
    if bytes.count >= suffix.count, bytes.suffix(suffix.count).elementsEqual(suffix) {
      return String(decoding: bytes.dropLast(suffix.count - 1), as: UTF8.self)
    }
    return path
  }

  /// The absolute URL of a page.
  public func absoluteURL(_ path: String) -> String {
    baseURL + Self.servedPath(path)
  }

  /// A link from the page at `from` to the page at `to`, both output paths.
  public static func relativeURL(from: String, to: String) -> String {
    // Without splitting either path: pages make links by the thousand (a tenth of a big plan's
    // build went here), so the folders are compared in place on UTF-8 bytes.
    var from = from
    var target = servedPath(to)
    return from.withUTF8 { from in
      target.withUTF8 { target in relativeURL(fromPage: from, toServed: target) }
    }
  }

  private static func relativeURL(fromPage from: UnsafeBufferPointer<UInt8>, toServed target: UnsafeBufferPointer<UInt8>) -> String {
    let slash = UInt8(ascii: "/")
    // The page's folder is everything before its last slash; a served folder's trailing slash is
    // not a part. Each region is a list of parts separated by slashes (nil: no parts at all).
    let fromRegion: Range<Int>? = from.lastIndex(of: slash).map { 0..<$0 }
    let isFolder = target.isEmpty || target.last == slash
    let targetRegion: Range<Int>? = isFolder ? (target.isEmpty ? nil : 0..<(target.count - 1)) : 0..<target.count
    func partCount(_ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>?) -> Int {
      guard let region else { return 0 }
      return bytes[region].reduce(1) { $1 == slash ? $0 + 1 : $0 }
    }
    let fromParts = partCount(from, fromRegion)
    let targetParts = partCount(target, targetRegion)
    // The parts both paths share, compared one by one.
    var common = 0
    var fromStart = fromRegion?.lowerBound ?? 0
    var targetStart = targetRegion?.lowerBound ?? 0
    while common < fromParts, common < targetParts, let fromRegion, let targetRegion {
      let fromEnd = from[fromStart..<fromRegion.upperBound].firstIndex(of: slash) ?? fromRegion.upperBound
      let targetEnd = target[targetStart..<targetRegion.upperBound].firstIndex(of: slash) ?? targetRegion.upperBound
      guard from[fromStart..<fromEnd].elementsEqual(target[targetStart..<targetEnd]) else { break }
      common += 1
      fromStart = fromEnd + 1
      targetStart = targetEnd + 1
    }
    var link: [UInt8] = []
    link.reserveCapacity(3 * (fromParts - common) + target.count + 1)
    for up in 0..<(fromParts - common) {
      if up > 0 { link.append(slash) }
      link.append(contentsOf: "..".utf8)
    }
    if common < targetParts, let targetRegion {
      if !link.isEmpty { link.append(slash) }
      link.append(contentsOf: target[targetStart..<targetRegion.upperBound])
    }
    if link.isEmpty { return "./" }
    if isFolder { link.append(slash) }
    return String(decoding: link, as: UTF8.self)
  }

  /// The output path a relative link (without `#` or `?` part) written in a page of `folder`
  /// (`sections/a`) leads to: `../b/` is `sections/b/index.html`.
  static func resolve(_ link: String, againstFolder folder: String) -> String {
    var parts = folder.split(separator: "/").map(String.init)
    for part in link.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(String(part))
      }
    }
    let resolved = parts.joined(separator: "/")
    // A last part of `.` or `..` names a folder; a name that ends with a dot (`notes.`) does not.
    let last = link.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    let isFolder = link.isEmpty || link.hasSuffix("/") || last == "." || last == ".."
    if isFolder { return resolved.isEmpty ? "index.html" : resolved + "/index.html" }
    return resolved
  }

  /// The relative path from a page to the site root (`""`, `../`, `../../` …), for assets.
  public static func rootPrefix(from path: String) -> String {
    String(repeating: "../", count: path.split(separator: "/").count - 1)
  }
}

/// A page of the site, independent of language.
enum PageRef: Hashable, Sendable {
  case home
  case section(String)
  case departments
  case department(String)
  case dashboard
  case brief(String)

  /// Every page of a plan with these sections and departments, in a stable order.
  static func all(sections: [String], departments: [String]) -> [PageRef] {
    [.home] + sections.map { .section($0) } + [.dashboard, .departments] + departments.map { .department($0) }
      + departments.map { .brief($0) }
  }

  func path(_ language: String, _ paths: SitePaths) -> String {
    switch self {
    case .home: return paths.home(language)
    case .section(let slug): return paths.section(slug, language)
    case .departments: return paths.departments(language)
    case .department(let id): return paths.department(id, language)
    case .dashboard: return paths.dashboard(language)
    case .brief(let id): return paths.brief(id, language)
    }
  }
}
