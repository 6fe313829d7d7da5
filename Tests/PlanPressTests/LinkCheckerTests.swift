import Foundation
import PageModels
import Testing

@testable import PlanPress

@Suite("Link checker: the links of the plan's Markdown, checked before rendering")
struct LinkCheckerTests {
  static let checker = LinkChecker(baseURL: "https://test.example.org/plan/", basePath: "/plan/")

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
  func folderWithoutSlash() throws {
    let page = "sections/alpha/index.html"
    let destination = try #require(Self.checker.destination(of: "../beta", from: page))
    #expect(Self.checker.problem(leadingTo: destination, from: page, existing: ["sections/beta/index.html"], anchors: { _ in nil }) == nil)
  }

  @Test("links written in content, to pages and to anchors in any script, pass when they lead somewhere")
  func contentLinksPass() throws {
    let links = """

      [见上](#完善甲制度) [乙](../beta/#乙事项) [乙的指标](../beta/#target-beta-deadline) [处](../../departments/alpha-office/)
      [首页](https://test.example.org/plan/) [英文](../../en/sections/alpha/#improve-the-alpha-system-2) [外站](https://example.com/nowhere)
      [简报的指标](../../print/alpha-office/#targets) [总览](../../dashboard/#totals-heading) [各部分](../../#sections-heading) [正文](#main)
      """
    let (_, diagnostics) = try Self.check(editing: "sections/01-alpha.zh.md") { $0 + links }
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.formatted))")
  }

  @Test("an id the templates write on one kind of page is not found on another")
  func templateIDsArePerPage() throws {
    let (alpha, diagnostics) = try Self.check(editing: "sections/01-alpha.zh.md") { $0 + "\n[各部门](../../departments/#targets-heading)\n" }
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.map(\.location.path) == [alpha.path])
    #expect(errors.first?.message.contains("leads to no element with id 'targets-heading' on departments/index.html") == true)
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
    // The zh page and the untranslated en page show the same body (the briefs that show it too lead
    // where it leads: their links are rebased to it).
    #expect(
      error.message
        == "link '../alpha/#不存在' on page sections/beta/index.html (and 1 other page) leads to no element with id '不存在' on sections/alpha/index.html"
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
    // A build runs the same check, before it renders anything: it must find the same.
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
          == "link '#不存在' on page sections/alpha/index.html leads to no element with id '不存在' on sections/alpha/index.html"
      )
    }
    #expect(found.count == 2)
  }
}
