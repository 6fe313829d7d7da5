import Foundation
import Testing

@testable import PlanPress

/// Plans with many sections: the navigation stops listing every part past a limit.
@Suite("Large plans")
struct LargePlanTests {
  /// A site of `count` sections, `s1` … `sN`, built with the real templates; returns the output folder.
  private func buildSite(sections count: Int) throws -> URL {
    let directory = try TestSupport.temporaryDirectory("large")
    let content = try TestSupport.copyOfFixture("basic", into: directory)
    let sections = content.appendingPathComponent("sections")
    try FileManager.default.removeItem(at: sections)
    // The fixture's figures are for its own targets, which these sections do not have.
    try FileManager.default.removeItem(at: content.appendingPathComponent("metrics"))
    for number in 1...count {
      try TestSupport.write(
        "---\ntitle: 第\(number)部分\nlead: alpha-office\n---\n## 事项\(number)\n\n第\(number)部分的内容。\n",
        to: sections.appendingPathComponent(String(format: "%03d-s%d.zh.md", number, number)))
    }
    let output = directory.appendingPathComponent("Output")
    try SiteBuilder(options: BuildOptions(contentDirectory: content.path, templatesDirectory: TestSupport.templates, outputDirectory: output.path))
      .build()
    return output
  }

  private func page(_ path: String, in output: URL) throws -> String {
    try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
  }

  @Test("up to the limit, every page's navigation lists every part")
  func navigationListsParts() throws {
    let count = SiteRenderer.navigationSectionLimit
    let output = try buildSite(sections: count)
    let html = try page("sections/s1/index.html", in: output)
    #expect(html.contains("<a href=\"../s\(count)/\">第\(count)部分</a>"))
    #expect(!html.contains("#sections-heading"))
  }

  @Test("past the limit, the navigation links to the home page's list instead, which lists every part")
  func navigationLinksToContents() throws {
    let count = SiteRenderer.navigationSectionLimit + 1
    let output = try buildSite(sections: count)
    let html = try page("sections/s1/index.html", in: output)
    #expect(html.contains("<li><a href=\"../../#sections-heading\">全部各部分</a></li>"))
    #expect(try page("en/sections/s1/index.html", in: output).contains("<li><a href=\"../../#sections-heading\">All parts</a></li>"))
    #expect(try page("departments/index.html", in: output).contains("<li><a href=\"../#sections-heading\">"))
    // Only the pager links to other parts; the page no longer grows with the plan.
    #expect(!html.contains("s\(count)/"))
    #expect(html.contains("<a rel=\"next\" href=\"../s2/\">"))
    let home = try page("index.html", in: output)
    #expect(home.contains("id=\"sections-heading\""))
    #expect(home.contains("<a href=\"sections/s\(count)/\">第\(count)部分</a>"))
  }
}
