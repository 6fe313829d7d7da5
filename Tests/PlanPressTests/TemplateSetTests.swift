import Foundation
import Mustache
import Testing

@testable import PlanPress

@Suite("Templates")
struct TemplateSetTests {
  /// The column a template syntax error is reported at, for a template of this text.
  private func errorLocation(_ text: String) throws -> PlanPress.SourceLocation? {
    let folder = try TestSupport.temporaryDirectory("templates")
    try TestSupport.write(text, to: folder.appendingPathComponent("home.mustache"))
    var log = DiagnosticLog()
    _ = TemplateSet.load(from: folder.path, log: &log)
    return log.diagnostics.first { $0.message.hasPrefix("template syntax") }?.location
  }

  @Test("a syntax error on the first line is located as on any other line, whatever PlanPress adds before it")
  func firstLineColumns() throws {
    let first = try #require(try errorLocation("<p>{{#open}}</p>{{/shut}}\n"))
    let second = try #require(try errorLocation("\n<p>{{#open}}</p>{{/shut}}\n"))
    #expect(first.line == 1)
    #expect(second.line == 2)
    #expect(first.column == second.column)
  }

  @Test("a brief template places its table of targets with {{{targets_table}}}, not with the partial")
  func briefTable() throws {
    let folder = try TestSupport.temporaryDirectory("templates")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.removeItem(at: folder)
    try FileManager.default.copyItem(at: URL(fileURLWithPath: TestSupport.templates), to: folder)
    let brief = folder.appendingPathComponent("brief.mustache")
    let text = try String(contentsOf: brief, encoding: .utf8)
    func errors() -> [Diagnostic] {
      var log = DiagnosticLog()
      _ = TemplateSet.load(from: folder.path, log: &log)
      return log.diagnostics.filter { $0.severity == .error }
    }
    #expect(errors().isEmpty)

    try TestSupport.write(text.replacingOccurrences(of: "{{{targets_table}}}", with: "{{> targets}}"), to: brief)
    let found = errors()
    let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{{targets_table}}}") }) + 1
    #expect(found.contains { $0.location == SourceLocation(path: brief.path, line: line, column: 17) && $0.message.contains("would show no rows") })
    #expect(found.contains { $0.message.hasPrefix("brief.mustache does not place the department's table of targets") })

    try TestSupport.write(text, to: brief)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("targets.mustache"))
    #expect(errors().contains { $0.message.hasPrefix("missing template 'targets.mustache'") })
  }

  @Test("a template that names a partial by a value, or changes its delimiters, is rendered from the values as they are")
  func dynamicPartials() throws {
    let context: [String: Any] = ["lang": "zh", "rows": [["lang": "en"]] as [[String: Any]]]
    for (page, expected) in [
      ("{{>*lang}} {{#rows}}{{>*lang}}{{/rows}}", "中文 English"), ("{{=<% %>=}}<%>*lang%>", "中文"), ("{{lang}}", "zh"),
    ] {
      let texts = ["page": page, "zh": "中文", "en": "English"]
      var library = MustacheLibrary()
      for (name, text) in texts { library.register(try MustacheTemplate(string: text), named: name) }
      let templates = TemplateSet(library: library, texts: texts)
      #expect(templates.preparesValues == !page.contains("*"), "\(page)")
      #expect(templates.render(context, with: "page") == expected, "\(page)")
    }
  }

  @Test("a plan's mistakes are reported before the templates', as when the plan was checked first, though both are checked at once")
  func planMistakesBeforeTemplateMistakes() throws {
    let copy = try FixtureCopy("plan-then-templates", copyingTemplates: true)
    try TestSupport.edit(copy.content.appendingPathComponent("sections/01-alpha.zh.md")) {
      $0.replacingOccurrences(of: "lead: alpha-office", with: "lead: nowhere-office")
    }
    try TestSupport.edit(copy.templates.appendingPathComponent("home.mustache")) { $0 + "{{>missing-partial}}\n" }
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path))
    let failure = try #require(#expect(throws: BuildFailure.self) { try builder.build() })
    let messages = failure.diagnostics.map(\.message)
    let plan = try #require(messages.firstIndex { $0.hasPrefix("unknown department 'nowhere-office'") })
    let template = try #require(messages.firstIndex { $0.contains("'missing-partial'") })
    #expect(plan < template)
  }

  @Test("values are HTML-escaped as swift-mustache escapes them", arguments: [
    ("plain 中文", "plain 中文"), ("a < b & c > d", "a &lt; b &amp; c &gt; d"), ("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"), ("", ""),
  ])
  func escaping(text: String, expected: String) {
    #expect(HTML.escape(text) == expected)
  }

  @Test("values prepared for swift-mustache render as the dictionaries and strings they come from", arguments: [
    "{{name}} {{{markup}}} {{empty}}|{{missing}}|{{count}} {{ratio}} {{flag}}",
    "{{#name}}[{{.}}]{{/name}}{{^name}}none{{/name}} {{#empty}}[{{.}}]{{/empty}}{{^empty}}empty{{/empty}} {{#missing}}x{{/missing}}{{^missing}}gone{{/missing}}",
    "{{#name}}{{outer}}{{/name}} {{#link}}<a href=\"{{url}}\">{{name}}</a> {{outer}}{{/link}} {{link.url}} {{link.deeper.text}}",
    "{{#rows}}<li id=\"{{id}}\">{{label}} {{outer}} {{t.greeting}}{{#first()}} first{{/first()}}{{#last()}} last{{/last()}}</li>{{/rows}}",
    "{{#words}}{{.}},{{/words}} {{#reversed(words)}}{{.}}{{/reversed(words)}} {{count(rows)}} {{#empty(none)}}no rows{{/empty(none)}}",
    "{{uppercased(name)}} {{lowercased(name)}} {{capitalized(name)}} {{reversed(name)}} {{#empty(empty)}}blank{{/empty(empty)}}",
    "{{count(link)}} {{#sorted(link)}}{{key}}={{value}};{{/sorted(link)}} {{#enumerated(t)}}{{key}}{{/enumerated(t)}}",
    "{{words}} {{rows}} {{link}} {{t}}",
    "{{#sorted(words)}}{{.}}{{/sorted(words)}} {{^sorted(words)}}none{{/sorted(words)}} {{#sorted(reversed(words))}}{{.}}{{/sorted(reversed(words))}} {{#sorted(numbers)}}{{.}}{{/sorted(numbers)}}",
    "{{twice}} {{#twice}}[{{.}}]{{/twice}} {{box}} {{keyed.k}}|{{keyed}} {{maybe}} {{maybeList}}",
    "{{plusone(count)}} {{#even(count)}}even{{/even(count)}}{{#odd(count)}}odd{{/odd(count)}} {{note}}|{{#note}}n{{/note}}",
  ])
  func preparedValues(template: String) throws {
    let context: [String: Any] = [
      "name": "Civil <Affairs> & co", "markup": "<em>x</em>", "empty": "", "count": 3, "ratio": 0.25, "flag": true, "outer": "外",
      "note": Optional<String>.none as Any,
      "link": ["url": "../a/?b=1&c=2", "name": "救助", "deeper": ["text": "深"]] as [String: Any],
      "rows": [["id": "r1", "label": "一"], ["id": "r2", "label": "二", "outer": "inner"]] as [[String: Any]],
      "words": ["甲", "乙", "丙"], "none": [String](), "numbers": [3, 1, 2],
      "twice": Optional<Optional<String>>.some("y") as Any, "box": ["k": Optional("v") as Any] as [String: Any],
      "keyed": [AnyHashable("k"): "v"] as [AnyHashable: Any], "maybe": Optional(7) as Any, "maybeList": [Optional("a"), nil] as [String?],
      "t": ["greeting": "你好"] as [String: any Sendable],
    ]
    let library = MustacheLibrary(templates: ["page": try MustacheTemplate(string: template)])
    let expected = try #require(library.render(context, withTemplate: "page"))
    #expect(!expected.isEmpty)
    #expect(library.render(TemplateValue.prepared(context), withTemplate: "page") == expected)
    #expect(TemplateSet(library: library, texts: [:]).render(context, with: "page") == expected)
  }
}
