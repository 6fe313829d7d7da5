import Testing

@testable import PlanPress

@Suite("Site paths and links")
struct SitePathsTests {
  @Test(
    "relative links between pages",
    arguments: [
      ("index.html", "sections/a/index.html", "sections/a/"),
      ("sections/a/index.html", "index.html", "../../"),
      ("sections/a/index.html", "sections/b/index.html", "../b/"),
      ("sections/a/index.html", "sections/a/index.html", "./"),
      ("sections/a/index.html", "en/sections/a/index.html", "../../en/sections/a/"),
      ("en/index.html", "index.html", "../"),
      ("en/departments/x/index.html", "en/departments/index.html", "../"),
    ])
  func relative(from: String, to: String, expected: String) {
    #expect(SitePaths.relativeURL(from: from, to: to) == expected)
  }

  @Test("absolute URLs and the base path")
  func absolute() {
    let paths = SitePaths(defaultLanguage: "zh", baseURL: "https://x.org/plan/")
    #expect(paths.absoluteURL(paths.section("a", "en")) == "https://x.org/plan/en/sections/a/")
    #expect(paths.absoluteURL(paths.home("zh")) == "https://x.org/plan/")
    #expect(SitePaths.rootPrefix(from: "en/sections/a/index.html") == "../../../")
  }

  @Test(
    "quantities are written as each language writes them",
    arguments: [
      (360.0, "元/月", "zh", "360元/月"),
      (10000.0, "张", "zh", "10000张"),
      (10000.0, "beds", "en", "10,000 beds"),
      (1234567.5, "yuan", "en", "1,234,567.5 yuan"),
      (32.0, "%", "en", "32%"),
      (7.772, "亿元", "zh", "7.772亿元"),
    ])
  func quantities(value: Double, unit: String, language: String, expected: String) {
    #expect(QuantityFormatter.quantity(value, unit: unit, language: language) == expected)
  }

  @Test("part numbers in Chinese numerals")
  func ordinals() {
    #expect(QuantityFormatter.ordinal(1, language: "zh") == "一")
    #expect(QuantityFormatter.ordinal(10, language: "zh") == "十")
    #expect(QuantityFormatter.ordinal(11, language: "zh") == "十一")
    #expect(QuantityFormatter.ordinal(21, language: "zh") == "二十一")
    #expect(QuantityFormatter.ordinal(11, language: "en") == "11")
  }
}

@Suite("Site paths: relative links against their definition")
struct RelativeURLDefinitionTests {
  /// The link as first written, splitting by character: the definition the faster one must match.
  static func reference(from: String, to: String) -> String {
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

  /// The served path as first written, by character.
  static func servedPath(_ path: String) -> String {
    if path == "index.html" { return "" }
    if path.hasSuffix("/index.html") { return String(path.dropLast("index.html".count)) }
    return path
  }

  @Test("every pair of a set of paths links as the definition says")
  func matchesDefinition() {
    let paths = [
      "index.html", "en/index.html", "sections/a/index.html", "en/sections/a/index.html", "sections/b/index.html",
      "departments/index.html", "en/departments/x/index.html", "404.html", "sitemap.xml", "assets/site.css", "a//b/index.html",
      "sections/中文/index.html", "/index.html", "", "/", "a/", "//", "en/", "x/index.html/", "index.html/index.html", "sections//index.html",
    ]
    for path in paths { #expect(SitePaths.servedPath(path) == Self.servedPath(path), "\(path)") }
    for from in paths {
      for to in paths {
        #expect(SitePaths.relativeURL(from: from, to: to) == Self.reference(from: from, to: to), "\(from) → \(to)")
      }
    }
  }

  @Test(
    "a link is resolved against a folder: . and .. as folders, a name ending with a dot as a file",
    arguments: [
      ("notes.", "sections/a/notes."), ("../b/", "sections/b/index.html"), (".", "sections/a/index.html"), ("..", "sections/index.html"),
      ("./x/..", "sections/a/index.html"), ("x.html", "sections/a/x.html"), ("", "sections/a/index.html"),
    ])
  func resolve(link: String, expected: String) {
    #expect(SitePaths.resolve(link, againstFolder: "sections/a") == expected)
  }
}
