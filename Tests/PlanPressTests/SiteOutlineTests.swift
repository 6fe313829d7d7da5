import Foundation
import Testing

@testable import PlanPress

/// The outline a build checks links against before rendering (`SiteOutline`): its files must be
/// the files the build writes, and each page's ids those the templates give the page.
@Suite("Site outline: the files and ids links are checked against")
struct SiteOutlineTests {
  /// A copy of the fixture plan, or of the shipped one, or of the fixture with more sections than
  /// a large plan's limit.
  private static func content(_ plan: String) throws -> String {
    switch plan {
    case "shipped plan":
      return TestSupport.packageRoot.appendingPathComponent("Content").path
    case "large plan":
      let copy = try FixtureCopy("outline-large")
      let sections = copy.content.appendingPathComponent("sections")
      for number in 1...(Site.largePlanSections + 1) {
        try TestSupport.write(
          "---\ntitle: 第\(number)部分\nlead: alpha-office\ntargets:\n  - id: large-\(number)\n    label: 目标\(number)\n    department: beta-office\n    milestone: true\n---\n## 事项\(number)\n\n第\(number)部分[](dept:alpha-office)的内容。\n",
          to: sections.appendingPathComponent(String(format: "%03d-large%d.zh.md", 100 + number, number)))
      }
      return copy.content.path
    default:
      return try FixtureCopy("outline").content.path
    }
  }

  @Test(
    "the outline's files are those a build writes, and each page's ids those its templates write",
    arguments: [("fixture", false), ("fixture", true), ("shipped plan", true), ("large plan", false)])
  func outlineIsTheRenderedSite(plan: String, withPDFs: Bool) throws {
    let builder = SiteBuilder(options: BuildOptions(contentDirectory: try Self.content(plan), templatesDirectory: TestSupport.templates))
    var clock = StageClock()
    let prepared = try builder.prepare(withPDFs: withPDFs, clock: &clock, documents: MarkdownDocuments())
    let renderer = prepared.renderer
    let outline = prepared.outline
    let files = renderer.renderAll()
    let copied = Set(renderer.assets.map { "assets/" + $0.relative }).union(withPDFs ? Set(renderer.briefPaths.map(\.pdf)) : [])
    #expect(outline.files == Set(files.map(\.path)).union(copied))
    var pages = 0
    var kinds: Set<String> = []
    for file in files where file.path.hasSuffix(".html") {
      let written = TestSupport.ids(in: String(decoding: file.contents, as: UTF8.self))
      let declared = outline.ids(ofPage: file.path) ?? []
      #expect(
        written == declared,
        "\(file.path): the templates write \(written.subtracting(declared).sorted()) and not \(declared.subtracting(written).sorted())")
      pages += 1
      kinds.formUnion(written.filter { ["mentions", "toc-heading", "by-section-heading"].contains($0) || $0.hasPrefix("target-") })
    }
    #expect(pages > 15)
    #expect(outline.ids(ofPage: SitePaths.sitemap) == nil)
    // The branches of the templates the plans reach: a brief's mentions, a table of contents, a
    // large plan's counts by section, rows of targets.
    if plan == "fixture" { #expect(kinds.isSuperset(of: ["mentions", "toc-heading"])) }
    if plan == "large plan" { #expect(kinds.contains("by-section-heading")) }
    #expect(kinds.contains { $0.hasPrefix("target-") })
  }
}
