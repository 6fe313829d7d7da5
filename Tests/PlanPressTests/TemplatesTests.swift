import Foundation
import PageModels
import Testing

@testable import PlanPress

/// The pages are Swift (`Templates/`): every `String` they interpolate is escaped, only values
/// typed `HTML` pass as they are, so no text of the content can become markup.
@Suite("Templates: typed pages, escaped by construction")
struct TemplatesTests {
  @Test(
    "text is HTML-escaped",
    arguments: [
      ("plain 中文", "plain 中文"), ("a < b & c > d", "a &lt; b &amp; c &gt; d"), ("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"), ("", ""),
    ])
  func escaping(text: String, expected: String) {
    #expect(HTML.escape(text) == expected)
  }

  @Test("an interpolated String is escaped, HTML is not, and if: adds markup only where its condition holds")
  func interpolation() {
    let text = "<b>&</b>"
    let markup = HTML(trusted: "<em>x</em>")
    let page: HTML =
      "<p title=\"\(text)\">\(text)\(markup)\(if: true, "<br>")\(if: false, "<hr>")\([markup, markup])\(nil as HTML?)\(3)</p>"
    #expect(page.string == "<p title=\"&lt;b&gt;&amp;&lt;/b&gt;\">&lt;b&gt;&amp;&lt;/b&gt;<em>x</em><br><em>x</em><em>x</em>3</p>")
  }

  /// Written into every text of the content a page can show.
  static let hostile = #"</script>"><svg onload=alert(1)>&'"#
  static let hostileEscaped = "&lt;/script&gt;&quot;&gt;&lt;svg onload=alert(1)&gt;&amp;&#39;"

  @Test("hostile text in every field of the content is escaped on every page that shows it")
  func hostileContent() throws {
    let copy = try FixtureCopy(#function)
    let yaml = "'" + Self.hostile.replacingOccurrences(of: "'", with: "''") + "'"
    let csv = "\"" + Self.hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    func edit(_ path: String, _ change: (String) -> String) throws {
      try TestSupport.edit(copy.content.appendingPathComponent(path), change)
    }
    try edit("site.yaml") {
      $0.replacingOccurrences(of: "{zh: 测试计划, en: Test Plan}", with: "{zh: \(yaml), en: \(yaml)}")
        .replacingOccurrences(of: "number: 测试〔2000〕1号", with: "number: \(yaml)")
        .replacingOccurrences(of: "issuer: {zh: 测试厅, en: Test Department}", with: "issuer: {zh: \(yaml), en: \(yaml)}")
    }
    try edit("departments.yaml") { $0.replacingOccurrences(of: "{zh: 甲处, en: Alpha Office}", with: "{zh: \(yaml), en: \(yaml)}") }
    try edit("sections/01-alpha.zh.md") {
      $0.replacingOccurrences(of: "title: 甲部分", with: "title: \(yaml)")
        .replacingOccurrences(of: "label: 甲标准", with: "label: \(yaml)")
        .replacingOccurrences(of: "unit: 元/月", with: "unit: \(yaml)")
        .replacingOccurrences(of: "baseline-source: synthetic fixture", with: "baseline-source: \(yaml)")
    }
    try edit("sections/01-alpha.en.md") { $0 }
    try edit("metrics/synthetic.csv") {
      $0.replacingOccurrences(of: "元/月", with: csv).replacingOccurrences(of: "synthetic fixture", with: csv)
        .replacingOccurrences(of: "\"SYNTHETIC: invented figure, for tests\"", with: csv)
        .replacingOccurrences(of: "\"SYNTHETIC:\r\na note over two lines\"", with: csv)
        .replacingOccurrences(of: "\"Synthetic source, its English name\"", with: csv)
        .replacingOccurrences(of: "\"SYNTHETIC: the note in English\"", with: csv)
    }
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path)
    )
    try builder.build()
    let pages = try TestSupport.snapshot(of: copy.output).filter { $0.key.hasSuffix(".html") }
    #expect(pages.count > 10)
    var showing: [String] = []
    for (path, data) in pages {
      let html = String(decoding: data, as: UTF8.self)
      #expect(!html.contains("<svg onload"), "\(path) holds the hostile text unescaped")
      #expect(!html.contains("</script>\""), "\(path) holds the hostile text unescaped")
      if html.contains(Self.hostileEscaped) { showing.append(path) }
    }
    // The site title is on every page; the section, its targets and the department on theirs.
    #expect(showing.count == pages.count, "\(Set(pages.keys).subtracting(showing).sorted())")
    let section = try TestSupport.page("sections/alpha/index.html", in: copy.output)
    #expect(section.components(separatedBy: Self.hostileEscaped).count > 5, "title, label, unit, sources and note on the section page")
    let dashboard = try TestSupport.page("dashboard/index.html", in: copy.output)
    #expect(dashboard.contains("<small class=\"note\">\(Self.hostileEscaped)</small>"))
  }

  @Test("a plan's mistakes are reported before the interface texts', though both are checked at once")
  func planMistakesBeforeInterfaceTextMistakes() throws {
    let copy = try FixtureCopy("plan-then-texts", copyingTemplates: true)
    try TestSupport.edit(copy.content.appendingPathComponent("sections/01-alpha.zh.md")) {
      $0.replacingOccurrences(of: "lead: alpha-office", with: "lead: nowhere-office")
    }
    try TestSupport.edit(copy.templates.appendingPathComponent("i18n/en.yaml")) {
      $0.replacingOccurrences(of: "  skip: Skip to content\n", with: "")
    }
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path)
    )
    let failure = try #require(#expect(throws: BuildFailure.self) { try builder.build() })
    let messages = failure.diagnostics.map(\.message)
    let plan = try #require(messages.firstIndex { $0.hasPrefix("unknown department 'nowhere-office'") })
    let texts = try #require(
      messages.firstIndex { $0.contains("interface text 'nav.skip' is missing in en.yaml (shown by the templates)") })
    #expect(plan < texts)
  }
}
