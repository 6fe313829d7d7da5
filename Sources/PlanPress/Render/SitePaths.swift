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
  public static let notFound = "404.html"
  public static let sitemap = "sitemap.xml"

  /// The URL of a page as served: `sections/x/index.html` is `sections/x/`.
  static func servedPath(_ path: String) -> String {
    if path == "index.html" { return "" }
    if path.hasSuffix("/index.html") { return String(path.dropLast("index.html".count)) }
    return path
  }

  /// The absolute URL of a page.
  public func absoluteURL(_ path: String) -> String {
    baseURL + Self.servedPath(path)
  }

  /// A link from the page at `from` to the page at `to`, both output paths.
  public static func relativeURL(from: String, to: String) -> String {
    // On UTF-8 bytes rather than characters: pages make several links each, and splitting
    // strings by character was a tenth of a big plan's build.
    let slash = UInt8(ascii: "/")
    let fromFolder = from.utf8.split(separator: slash, omittingEmptySubsequences: false).dropLast()
    let target = servedPath(to)
    let isFolder = target.isEmpty || target.utf8.last == slash
    var targetParts = target.utf8.split(separator: slash, omittingEmptySubsequences: false)[...]
    if isFolder { targetParts = targetParts.dropLast() }
    var common = 0
    while common < fromFolder.count, common < targetParts.count,
      fromFolder[fromFolder.startIndex + common].elementsEqual(targetParts[targetParts.startIndex + common])
    {
      common += 1
    }
    var joined = ""
    var first = true
    for _ in 0..<(fromFolder.count - common) {
      joined += first ? ".." : "/.."
      first = false
    }
    for part in targetParts.dropFirst(common) {
      if !first { joined += "/" }
      joined += String(decoding: part, as: UTF8.self)
      first = false
    }
    if joined.isEmpty { return "./" }
    return isFolder ? joined + "/" : joined
  }

  /// The relative path from a page to the site root (`""`, `../`, `../../` …), for assets.
  public static func rootPrefix(from path: String) -> String {
    String(repeating: "../", count: path.split(separator: "/").count - 1)
  }
}
