import Foundation
import PageModels
import Testing

@testable import PlanPress

@Suite("Link checker: internal links and anchors of the rendered pages")
struct LinkCheckerTests {
  static let checker = LinkChecker(
    baseURL: "https://test.example.org/plan/", basePath: "/plan/", copiedFiles: ["assets/site.css"])

  typealias Destination = LinkChecker.Destination

  @Test(
    "where a link leads from a page",
    arguments: [
      ("../beta/", "sections/alpha/index.html", Destination.file(path: "sections/beta/index.html", fragment: nil)),
      ("./", "sections/alpha/index.html", .file(path: "sections/alpha/index.html", fragment: nil)),
      ("../../", "sections/alpha/index.html", .file(path: "index.html", fragment: nil)),
      ("../../en/sections/alpha/", "sections/alpha/index.html", .file(path: "en/sections/alpha/index.html", fragment: nil)),
      ("../beta", "sections/alpha/index.html", .file(path: "sections/beta", fragment: nil)),
      ("../beta/?view=1#h", "sections/alpha/index.html", .file(path: "sections/beta/index.html", fragment: "h")),
      ("#x", "sections/alpha/index.html", .file(path: "", fragment: "x")),
      ("", "sections/alpha/index.html", .file(path: "", fragment: nil)),
      ("../../assets/site.css", "sections/alpha/index.html", .file(path: "assets/site.css", fragment: nil)),
      ("../../../up", "sections/alpha/index.html", .outsideSite),
      ("https://test.example.org/plan/en/", "index.html", .file(path: "en/index.html", fragment: nil)),
      ("https://test.example.org/plan", "index.html", .file(path: "index.html", fragment: nil)),
      ("/plan/assets/site.css", "404.html", .file(path: "assets/site.css", fragment: nil)),
      ("/plan/", "404.html", .file(path: "index.html", fragment: nil)),
    ])
  func destinations(link: String, page: String, expected: Destination) {
    #expect(Self.checker.destination(of: link, from: page) == expected)
  }

  @Test(
    "links to other sites and other schemes are not followed",
    arguments: ["https://example.com/x", "http://test.example.org/plan/", "mailto:a@example.org", "//cdn.example.org/x.js", "/other/"])
  func external(link: String) {
    #expect(Self.checker.destination(of: link, from: "index.html") == nil)
  }

  @Test("a folder without its slash counts, as web servers redirect it")
  func folderWithoutSlash() {
    let problem = Self.checker.problem(
      with: "../beta", on: "sections/alpha/index.html", existing: ["sections/beta/index.html"], anchors: [:])
    #expect(problem == nil)
  }

  @Test("attributes in double and single quotes are read, entities decoded; look-alike attributes are not")
  func attributes() {
    let html = #"<a href="a?x=1&amp;y=2">x</a> <link href='b.css'> <div data-href="no" id="h&#39;1"> <img src="i.png">"#
    #expect(LinkChecker.attributeValues(named: ["href", "src"], in: html).map(\.value) == ["a?x=1&y=2", "b.css", "i.png"])
    #expect(LinkChecker.attributeValues(named: ["id"], in: html).map(\.value) == ["h'1"])
  }

  @Test("attributes are found as a byte-by-byte reading of each whitespace finds them, on generated markup")
  func attributesAsReadByteByByte() {
    // Generated, not from a real page: pieces that make and break attributes, joined at random.
    let pieces = [
      " ", "\n", "\t", "=", "\"", "'", "id", "href", "src", "data-", "x", "<a", ">", "&amp;", "中", "#", "id=\"", " href='", " src=",
      "=\"\"",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      let markup = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
      for names in [["id", "href", "src"], ["id"]] {
        var found: [String] = []
        var text = markup
        text.withUTF8 { LinkChecker.scanAttributes(named: names, in: UnsafeRawBufferPointer($0)) { found.append("\($0) \($1) \($2)") } }
        #expect(found == Self.attributesReadByteByByte(names, in: Array(markup.utf8)), "\(markup.debugDescription)")
      }
    }
  }

  /// The reading `scanAttributes` must agree with: at each whitespace, a name, `=` and a quote,
  /// then the value up to the same quote.
  private static func attributesReadByteByByte(_ names: [String], in bytes: [UInt8]) -> [String] {
    var found: [String] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") else { continue }
      for (position, name) in names.map({ Array($0.utf8) }).enumerated() {
        let equals = index + name.count
        guard equals + 1 < bytes.count, Array(bytes[index..<equals]) == name, bytes[equals] == UInt8(ascii: "="),
          bytes[equals + 1] == UInt8(ascii: "\"") || bytes[equals + 1] == UInt8(ascii: "'"),
          let end = bytes[(equals + 2)...].firstIndex(of: bytes[equals + 1])
        else { continue }
        let raw = String(decoding: bytes[(equals + 2)..<end], as: UTF8.self)
        found.append("\(position) \(raw.contains("&") ? HTML.unescape(raw) : raw) \(equals + 2)")
        index = end + 1
        break
      }
    }
    return found
  }

  /// A small site in which the page `sections/alpha/index.html` carries one extra link.
  static func siteWith(link: String) -> [OutputFile] {
    func page(_ path: String, _ html: String) -> OutputFile { OutputFile(path: path, contents: Data(html.utf8)) }
    return [
      page("index.html", #"<h1 id="top-heading">Plan</h1><a href="sections/alpha/">alpha</a> <a href="sections/beta/#b%C3%A9">beta</a>"#),
      page("sections/alpha/index.html", ##"<h2 id="a">A</h2> <a href="#a">a</a> <a href="#top">top</a> <a href="\##(link)">x</a>"##),
      page("sections/beta/index.html", #"<h2 id="bé">B</h2> <link rel="stylesheet" href="../../assets/site.css">"#),
      page("sitemap.xml", "<urlset><url><loc>https://test.example.org/plan/sections/alpha/</loc></url></urlset>"),
    ]
  }

  @Test(
    "a survey of the pages as they are written finds a broken link exactly when the thorough check does",
    arguments: [
      ("../beta/", true), ("../beta/#b%C3%A9", true), ("../../#top-heading", true), ("../beta", true), ("#a", true),
      ("https://example.com/nowhere", true), ("../../assets/site.css", true),
      ("../gamma/", false), ("../beta/#b", false), ("#missing", false), ("../../../up", false), ("../../#top", true),
      ("../../assets/missing.css", false), ("https://test.example.org/plan/en/", false), ("/plan/sections/beta/#bé", true),
    ])
  func surveyAgreesWithThoroughCheck(link: String, leads: Bool) {
    let files = Self.siteWith(link: link)
    let contents = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    let existing = Self.checker.copiedFiles.union(contents.keys)
    let surveys = Dictionary(
      uniqueKeysWithValues: files.map { ($0.path, Self.checker.survey($0.contents, at: $0.path, existing: existing)) })
    #expect(Self.checker.allLinksLead(surveys, existing: existing) { contents[$0] } == leads)
    // The other pages carried over from a previous build, unsurveyed: their ids are read.
    let linking = "sections/alpha/index.html"
    #expect(Self.checker.allLinksLead([linking: surveys[linking] ?? LinkSurvey()], existing: existing) { contents[$0] } == leads)
    #expect(Self.checker.brokenLinks(in: files, origins: [:]).isEmpty == leads)
  }

  @Test(
    "the links and ids a page's model wrote are those the page holds, parts taken from the previous brief included",
    arguments: ["fixture", "shipped plan"])
  func referencesAreThePages(plan: String) throws {
    let content =
      plan == "fixture" ? try FixtureCopy("references").content.path : TestSupport.packageRoot.appendingPathComponent("Content").path
    let builder = SiteBuilder(options: BuildOptions(contentDirectory: content, templatesDirectory: TestSupport.templates))
    var clock = StageClock()
    let prepared = try builder.prepare(withPDFs: true, clock: &clock, documents: MarkdownDocuments())
    let renderer = prepared.renderer
    let checker = LinkChecker(for: renderer)
    var files = renderer.renderAll()
    // Each brief again, with every part it can keep taken from its first rendering: those parts'
    // links and ids are read from their bytes.
    var keptBriefs = 0
    for job in renderer.jobs {
      guard case .brief = job, let first = renderer.render(job).first else { continue }
      let again = renderer.render(job, kept: KeptParts(of: first))
      #expect(again.map(\.contents) == [first.contents])
      if again.contains(where: { !$0.unrecorded.isEmpty }) { keptBriefs += 1 }
      files += again
    }
    #expect(keptBriefs > 0)
    let existing = checker.copiedFiles.union(files.map(\.path))
    var pages = 0
    for file in files where LinkChecker.isMarkup(file.path) {
      pages += 1
      #expect(file.references != nil, "\(file.path)")
      #expect(
        checker.survey(file, existing: existing) == checker.survey(file.contents, at: file.path, existing: existing),
        "\(file.path) has a link or id its model did not record: a template wrote an href, src or id without \\(link:) or \\(id:)")
    }
    #expect(pages > 20)
  }

  @Test("a page's ids digest changes when it loses or changes an id, and only then")
  func idsDigest() {
    func digest(_ html: String) -> UInt64 { Self.checker.survey(Data(html.utf8), at: "index.html", existing: []).idsDigest }
    let original = digest(#"<h2 id="a">A</h2><p>text</p><h2 id="b">B</h2>"#)
    #expect(digest(#"<h2 id="a">A</h2><p>other text</p><h2 id="b">B</h2>"#) == original)
    #expect(digest(#"<h2 id="a">A</h2>"#) != original)
    #expect(digest(#"<h2 id="a">A</h2><h2 id="c">B</h2>"#) != original)
    #expect(Self.checker.survey(Data("body { }".utf8), at: "assets/site.css", existing: []).idsDigest == 0)
  }

  @Test("HTML character references are decoded, other ampersands kept")
  func unescape() {
    #expect(HTML.unescape("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#x27; &nbsp; & f") == "a & b <c> \"d\" 'e' &nbsp; & f")
  }

  @Test("a sitemap's addresses: each <loc> up to the next, if a </loc> closes it there")
  func sitemapLocations() {
    #expect(LinkChecker.sitemapLocations(in: "<loc>a</loc>\n<loc>b</loc>") == ["a", "b"])
    #expect(LinkChecker.sitemapLocations(in: "<loc>a<loc>b</loc>") == ["b"])
    #expect(LinkChecker.sitemapLocations(in: "x</loc><loc>c&amp;d</loc><loc>e") == ["c&d"])
    #expect(LinkChecker.sitemapLocations(in: "<loc></loc>") == [""])
    #expect(LinkChecker.sitemapLocations(in: "no addresses").isEmpty)
  }

  @Test("links written in content, to pages and to anchors in any script, pass when they lead somewhere")
  func contentLinksPass() throws {
    let links = """

      [见上](#完善甲制度) [乙](../beta/#乙事项) [乙的指标](../beta/#target-beta-deadline) [处](../../departments/alpha-office/)
      [首页](https://test.example.org/plan/) [英文](../../en/sections/alpha/#improve-the-alpha-system-2) [外站](https://example.com/nowhere)
      """
    let (_, diagnostics) = try Self.check(editing: "sections/01-alpha.zh.md") { $0 + links }
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.formatted))")
  }

  /// `planpress check` on a copy of the fixture with one content file changed; returns the file and the findings.
  private static func check(editing file: String, _ change: (String) -> String) throws -> (URL, [Diagnostic]) {
    let copy = try FixtureCopy("links")
    defer { try? FileManager.default.removeItem(at: copy.directory) }
    let url = copy.content.appendingPathComponent(file)
    try TestSupport.write(change(try String(contentsOf: url, encoding: .utf8)), to: url)
    let diagnostics = SiteBuilder(options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: TestSupport.templates))
      .check()
    return (url, diagnostics)
  }

  @Test("a broken link in a Markdown body is reported at its line and column, once for all the pages that show it")
  func brokenContentLink() throws {
    let (beta, diagnostics) = try Self.check(editing: "sections/02-beta.zh.md") {
      $0.replacingOccurrences(of: "乙部分只有中文。", with: "乙部分只有[中文](#乙事项)和[别处](../alpha/#不存在)。")
    }
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1, "\(errors.map(\.formatted))")
    let error = try #require(errors.first)
    #expect(error.location == SourceLocation(path: beta.path, line: 13, column: 22))
    // The zh page and the untranslated en page show the same body, and so do the briefs of both offices (beta leads it, alpha is named in it).
    #expect(
      error.message
        == "link '../alpha/#%E4%B8%8D%E5%AD%98%E5%9C%A8' on page sections/beta/index.html (and 5 other pages) leads to no element with id '不存在' on sections/alpha/index.html"
    )
    #expect(error.sourceLine == "乙部分只有[中文](#乙事项)和[别处](../alpha/#不存在)。")
  }

  @Test("a broken anchor of a section's own page is reported at its Markdown line, though its department's brief repeats it")
  func brokenOwnPageAnchor() throws {
    let copy = try FixtureCopy("links")
    defer { try? FileManager.default.removeItem(at: copy.directory) }
    let alpha = copy.content.appendingPathComponent("sections/01-alpha.zh.md")
    try TestSupport.write(try String(contentsOf: alpha, encoding: .utf8) + "\n见[目标](#targets-heading)和[别处](#不存在)。\n", to: alpha)
    let options = BuildOptions(
      contentDirectory: copy.content.path, templatesDirectory: TestSupport.templates, outputDirectory: copy.output.path)
    var found: [[Diagnostic]] = [SiteBuilder(options: options).check()]
    // A build checks its pages as written, briefs among them: it must find the same.
    #expect(throws: BuildFailure.self) {
      do { try SiteBuilder(options: options).build() } catch let failure as BuildFailure {
        found.append(failure.diagnostics)
        throw failure
      }
    }
    for diagnostics in found {
      let errors = diagnostics.filter { $0.severity == .error }
      #expect(errors.count == 1, "\(errors.map(\.formatted))")
      let error = try #require(errors.first)
      #expect(error.location == SourceLocation(path: alpha.path, line: 34, column: 30))
      #expect(
        error.message
          == "link '#%E4%B8%8D%E5%AD%98%E5%9C%A8' on page sections/alpha/index.html (and 1 other page) leads to no element with id '不存在' on sections/alpha/index.html"
      )
    }
    #expect(found.count == 2)
  }
}
