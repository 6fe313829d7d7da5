import Foundation
import Testing

@testable import PlanPress

/// What a plan calls itself comes from its `site.yaml`, its document number is optional, and its
/// figures' sources and notes may be given in every language.
@Suite("Any plan: its own wording, an optional document number, sources in every language")
struct PlanWordingTests {
  let copy: FixtureCopy

  init() throws {
    copy = try FixtureCopy("wording")
  }

  private func edit(_ relative: String, _ change: (String) -> String) throws {
    try TestSupport.edit(copy.content.appendingPathComponent(relative), change)
  }

  private func build() throws {
    try SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path)
    ).build()
  }

  private func page(_ path: String) throws -> String { try TestSupport.page(path, in: copy.output) }

  @Test(
    "the list of parts, its navigation and the briefs' titles say what site.yaml calls the plan; a language not given keeps its default")
  func wordingFromSiteYAML() throws {
    try edit("site.yaml") {
      $0 + "wording:\n  parts: {zh: 工作计划}\n  parts-navigation: {zh: 工作计划各部分}\n  brief: {zh: \"{department}工作计划简报\"}\n"
    }
    try build()
    let home = try page("index.html")
    #expect(home.contains(#"<h2 id="sections-heading">工作计划</h2>"#))
    #expect(home.contains("<summary>工作计划各部分</summary>"))
    #expect(!home.contains("工作要点"))
    #expect(try page("print/alpha-office/index.html").contains("<title>甲处工作计划简报 · 测试计划</title>"))
    #expect(try page("en/index.html").contains(#"<h2 id="sections-heading">Key points</h2>"#))
    #expect(try page("en/print/alpha-office/index.html").contains("<title>Alpha Office: brief · Test Plan</title>"))
  }

  @Test("the interface texts hold no plan's name: Templates/i18n says nothing of \"work points\"")
  func interfaceTextsHoldNoPlanName() throws {
    for language in ["zh", "en"] {
      let text = try String(contentsOfFile: TestSupport.templates + "/i18n/\(language).yaml", encoding: .utf8)
      #expect(!text.contains("工作要点") && !text.contains("Key points"), "\(language).yaml")
    }
  }

  @Test("a wording in a language PlanPress has none for is required, at its key")
  func wordingForAnotherLanguage() throws {
    let config = """
      title: {zh: 计划, en: Plan, fr: Plan}
      languages: [zh, en, fr]
      base-url: https://plan.example.org/
      notice: {title: {zh: 通知, en: Notice, fr: Avis}, issuer: {zh: 厅, en: Department, fr: Département}, date: 2015-01-01}
      wording:
        parts: {zh: 工作计划}

      """
    #expect {
      _ = try ContentParser().parseSiteConfig(SourceFile.test(config, path: "site.yaml"))
    } throws: { error in
      let diagnostic = error as? Diagnostic
      return diagnostic?.location.line == 6 && diagnostic?.location.column == 10
        && diagnostic?.message.hasPrefix("wording parts has no text for language 'fr'") == true
    }
  }

  @Test("without a document number no page shows one, nor a placeholder, in any language")
  func withoutDocumentNumber() throws {
    try edit("site.yaml") { $0.replacingOccurrences(of: "  number: 测试〔2000〕1号\n", with: "") }
    try build()
    for path in [
      "index.html", "en/index.html", "print/alpha-office/index.html", "en/print/alpha-office/index.html", "en/sections/alpha/index.html",
    ] {
      let text = try page(path)
      #expect(!text.contains("测试〔2000〕1号"), "\(path)")
      #expect(!text.contains("<dt>文号</dt>") && !text.contains("<dt>Document number</dt>"), "\(path)")
      #expect(!text.contains("<p> · ") && !text.contains(#"<p class="notice-meta"> · "#), "\(path): a separator before nothing")
    }
    #expect(try page("print/alpha-office/index.html").contains(#"@top-right { content: ""; }"#))
    #expect(try page("en/index.html").contains(#"<p class="notice-meta"><span>Test Department</span>"#))
  }

  @Test("an English page shows a figure's English source and note where given, and says the source's language where not")
  func sourcesInEveryLanguage() throws {
    try build()
    let english = try page("en/sections/alpha/index.html")
    // alpha-standard's latest figure: its source is an address, its note given in English.
    #expect(
      english.contains(
        #"<span lang="zh"><a href="https://test.example.org/source">https://test.example.org/source</a></span> (in Chinese)"#))
    #expect(english.contains(#"<small class="note">SYNTHETIC: the note in English</small>"#))
    // alpha-rules': its source given in English, its note only as published.
    #expect(english.contains("source: Synthetic source, its English name</small>"))
    #expect(english.contains(#"<small class="note"><span lang="zh">SYNTHETIC</span> (in Chinese)</small>"#))
    // The Chinese page shows what was published.
    let chinese = try page("sections/alpha/index.html")
    #expect(chinese.contains("，来源：synthetic fixture</small>"))
    #expect(!chinese.contains("English name") && !chinese.contains("（中文）"))
  }

  @Test("a translated column of a language the site lacks, or a translated note without its original, is an error at its field")
  func translatedColumnMistakes() throws {
    var log = DiagnosticLog()
    let parser = MetricsParser(languages: ["zh", "en"])
    _ = parser.parse(SourceFile(path: "m.csv", text: "target,period,value,as-of,source,source-fr\n"), log: &log)
    _ = parser.parse(
      SourceFile(path: "n.csv", text: "target,period,value,as-of,source,note-en\na,2015,1,2015-12-31,s,english only\n"), log: &log)
    #expect(
      log.diagnostics.map { "\($0.location.path):\($0.location.line):\($0.location.column): \($0.message)" } == [
        "m.csv:1:34: unknown column 'source-fr'; did you mean 'source-en'?",
        "n.csv:2:23: a note in en for a figure without a note: give the note as published in the note column",
      ])
  }
}
