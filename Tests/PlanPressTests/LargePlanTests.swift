import Foundation
import Testing

@testable import PlanPress

/// Plans with many sections: past a limit, the navigation stops listing every part, and the
/// dashboard and department pages count targets by part instead of listing them all.
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
        "---\ntitle: 第\(number)部分\nlead: alpha-office\ntargets:\n  - id: t\(number)\n    label: 目标\(number)\n    department: alpha-office\n    milestone: true\n---\n## 事项\(number)\n\n第\(number)部分的内容。\n",
        to: sections.appendingPathComponent(String(format: "%03d-s%d.zh.md", number, number)))
    }
    let output = directory.appendingPathComponent("Output")
    try SiteBuilder(
      options: BuildOptions(contentDirectory: content.path, templatesDirectory: TestSupport.templates, outputDirectory: output.path)
    )
    .build()
    return output
  }

  private func page(_ path: String, in output: URL) throws -> String {
    try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
  }

  @Test("up to the limit, every page's navigation lists every part")
  func navigationListsParts() throws {
    let count = Site.largePlanSections
    let output = try buildSite(sections: count)
    let html = try page("sections/s1/index.html", in: output)
    #expect(html.contains("<a href=\"../s\(count)/\">第\(count)部分</a>"))
    #expect(!html.contains("#sections-heading"))
  }

  @Test("past the limit, the navigation links to the home page's list instead, which lists every part")
  func navigationLinksToContents() throws {
    let count = Site.largePlanSections + 1
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

  @Test("up to the limit, the dashboard and each department page list every target")
  func smallPlanListsTargets() throws {
    let count = Site.largePlanSections
    let output = try buildSite(sections: count)
    for path in ["dashboard/index.html", "departments/alpha-office/index.html"] {
      let html = try page(path, in: output)
      #expect(html.contains("<tr id=\"target-t\(count)\""), "\(path)")
      #expect(!html.contains("#targets-heading"), "\(path)")
    }
  }

  @Test("past the limit, the dashboard and department pages count targets by part; each part's page and the brief list them")
  func largePlanCountsTargets() throws {
    let count = Site.largePlanSections + 1
    let output = try buildSite(sections: count)
    let dashboard = try page("dashboard/index.html", in: output)
    #expect(!dashboard.contains("<tr id=\"target-"))
    #expect(dashboard.contains("<h2 id=\"by-section-heading\">按部分统计</h2>"))
    #expect(dashboard.contains("本计划超过\(Site.largePlanSections)个部分"))
    // One row a part: its link to the part's targets, a count a status (all six), its total.
    let row = "<tr><th scope=\"row\"><a href=\"../sections/s\(count)/#targets-heading\">第\(count)部分</a></th>"
    #expect(dashboard.contains(row + String(repeating: "<td>", count: 1)))
    #expect(dashboard.components(separatedBy: "#targets-heading\"").count - 1 == count)
    let department = try page("en/departments/alpha-office/index.html", in: output)
    #expect(!department.contains("<tr id=\"target-"))
    #expect(department.contains("<a href=\"../../sections/s1/#targets-heading\">"))
    #expect(department.contains("This plan has more than \(Site.largePlanSections) parts"))
    #expect(try page("sections/s\(count)/index.html", in: output).contains("<tr id=\"target-t\(count)\""))
    let brief = try page("print/alpha-office/index.html", in: output)
    #expect((1...count).allSatisfy { brief.contains("<tr id=\"target-t\($0)\"") })
  }
}
