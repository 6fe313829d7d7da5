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
    if path.hasSuffix("/index.html") { return String(path.dropLast("index.html".count)) }
    return path
  }

  /// The absolute URL of a page.
  public func absoluteURL(_ path: String) -> String {
    baseURL + Self.servedPath(path)
  }

  /// A link from the page at `from` to the page at `to`, both output paths.
  public static func relativeURL(from: String, to: String) -> String {
    let fromFolder = from.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    let target = servedPath(to)
    var targetParts = target.split(separator: "/", omittingEmptySubsequences: false)
    let isFolder = target.isEmpty || target.hasSuffix("/")
    if isFolder { targetParts = targetParts.dropLast() }
    var common = 0
    while common < fromFolder.count, common < targetParts.count, fromFolder[fromFolder.startIndex + common] == targetParts[common] {
      common += 1
    }
    let up = Array(repeating: "..", count: fromFolder.count - common)
    let down = targetParts[common...].map(String.init)
    let joined = (up + down).joined(separator: "/")
    if joined.isEmpty { return "./" }
    return isFolder ? joined + "/" : joined
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
    let isFolder = link.isEmpty || link.hasSuffix("/") || link.hasSuffix(".") || link == ".."
    if isFolder { return resolved.isEmpty ? "index.html" : resolved + "/index.html" }
    return resolved
  }

  /// The relative path from a page to the site root (`""`, `../`, `../../` …), for assets.
  public static func rootPrefix(from path: String) -> String {
    String(repeating: "../", count: path.split(separator: "/").count - 1)
  }
}
