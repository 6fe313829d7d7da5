import Foundation
import Mustache
import Testing

@testable import PlanPress

/// The compiled templates must write what swift-mustache writes, byte for byte.
@Suite("Compiled templates")
struct CompiledTemplatesTests {
  /// Every page of a content folder, rendered with the compiled templates and with swift-mustache alone.
  private func expectSamePages(content: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let (renderer, _) = try SiteBuilder(
      options: BuildOptions(contentDirectory: content, templatesDirectory: TestSupport.templates, outputDirectory: "unused")
    ).prepare()
    #expect(renderer.templates.compiled != nil, "the real templates did not compile", sourceLocation: sourceLocation)
    // Compiled templates alone (a page they could not render would come out empty), against swift-mustache alone.
    let compiled = SiteRenderer(site: renderer.site, templates: renderer.templates.compiledOnly, strings: renderer.strings)
    let reference = SiteRenderer(site: renderer.site, templates: renderer.templates.withoutCompiling, strings: renderer.strings)
    var pages = 0
    for job in renderer.jobs {
      for (fast, slow) in zip(compiled.render(job), reference.render(job)) {
        #expect(fast.path == slow.path, sourceLocation: sourceLocation)
        if fast.contents != slow.contents {
          Issue.record("\(fast.path) differs from swift-mustache's", sourceLocation: sourceLocation)
        }
        pages += 1
      }
    }
    #expect(pages > 10, sourceLocation: sourceLocation)
  }

  @Test("the fixture site's pages are swift-mustache's")
  func fixture() throws {
    let directory = try TestSupport.temporaryDirectory("compiled")
    try expectSamePages(content: try TestSupport.copyOfFixture("basic", into: directory).path)
  }

  @Test("the real plan's pages are swift-mustache's")
  func realContent() throws {
    try expectSamePages(content: TestSupport.packageRoot.appendingPathComponent("Content").path)
  }

  @Test("a plan past the navigation limit renders as swift-mustache renders it")
  func largePlan() throws {
    let directory = try TestSupport.temporaryDirectory("compiled-large")
    let content = try TestSupport.copyOfFixture("basic", into: directory)
    for number in 1...(SiteRenderer.navigationSectionLimit + 2) {
      try TestSupport.write(
        "---\ntitle: 第\(number)部分\nlead: beta-office\n---\n## 事项\(number)\n\n内容。\n",
        to: content.appendingPathComponent(String(format: "sections/%03d-extra%d.zh.md", number + 10, number)))
    }
    try expectSamePages(content: content.path)
  }

  /// Templates that exercise whitespace, standalone lines, sections, partials and inheritance.
  static let cases: [(name: String, templates: [String: String])] = [
    ("standalone sections", ["page": "a\n  {{#list}}\n  - {{name}}\n  {{/list}}\nb {{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}\n{{^missing}}\n  none\n{{/missing}}\n"]),
    ("inline and nested", ["page": "{{#list}}<{{name}}|{{#inner}}{{.}},{{/inner}}>{{/list}} {{&raw}} {{{raw}}} {{raw}}\n"]),
    ("comments", ["page": "x {{! a comment }} y\n  {{! standalone }}\nz\n{{!\nmultiline\n}}\nend"]),
    ("dotted names and the stack", ["page": "{{#dict}}{{inner.value}} {{flag}} {{t.nav.home}}{{/dict}} {{dict.inner.value}} {{dict.missing.value}}\n"]),
    ("partials", ["page": "<ul>\n  {{>item}}\n{{#list}}{{>item}}{{/list}}</ul>\n", "item": "<li>{{name}}</li>\n"]),
    (
      "inheritance",
      [
        "layout": "<html>\n<title>{{$title}}Default {{site}}{{/title}}</title>\n<main>\n{{$main}}{{/main}}\n</main>\n  {{$footer}}\n  foot\n  {{/footer}}\n</html>\n",
        "page": "{{<layout}}\n{{$title}}{{name}} · {{site}}{{/title}}\n{{$main}}\n<p>{{body}}</p>\n{{>item}}\n{{/main}}\n{{/layout}}\n",
        "item": "{{#list}}<i>{{name}}</i>\n{{/list}}",
      ]
    ),
    ("empty lists and false", ["page": "{{#empty}}never{{/empty}}{{^empty}}empty{{/empty}} {{#zero}}[{{.}}]{{/zero}} {{^no}}not{{/no}}\n"]),
    ("numbers and booleans", ["page": "{{count}} {{ratio}} {{flag}} {{#count}}{{.}}{{/count}}\n"]),
    ("text with braces", ["page": "a { b } {x} {{name}}}\n{ {{name}} }\n"]),
  ]

  static var context: [String: Any] {
    [
    "list": [["name": "one", "inner": ["a", "b"]], ["name": "<two> & 'three'"]] as [[String: Any]],
    "flag": true, "no": false, "raw": "<b>bold</b>", "site": "Site", "name": "Name", "body": "Body \"quoted\"",
    "dict": ["inner": ["value": "deep"] as [String: Any]] as [String: Any],
    "t": ["nav": ["home": "Home"] as [String: any Sendable]] as [String: any Sendable],
    "empty": [[String: Any]](), "zero": 0, "count": 42, "ratio": 0.5,
    ]
  }

  @Test("small templates render as swift-mustache renders them", arguments: cases.indices)
  func smallTemplates(index: Int) throws {
    let (name, texts) = Self.cases[index]
    let compiled = try #require(CompiledTemplates(texts: texts), "\(name) did not compile")
    var library = MustacheLibrary()
    for (templateName, text) in texts {
      library.register(try MustacheTemplate(string: HTMLContentType.pragma + "\n" + text), named: templateName)
    }
    let expected = library.render(Self.context, withTemplate: "page")
    #expect(compiled.render(Self.context, with: "page") == expected, "\(name)")
  }

  @Test("features left to swift-mustache are not compiled", arguments: ["{{name(x)}}", "{{=<% %>=}}", "{{>*dynamic}}", "{{% CONTENT_TYPE: TEXT}}", "{{#open}}"])
  func unsupported(text: String) {
    #expect(CompiledTemplates(texts: ["page": text]) == nil)
  }

  @Test("a value of another type hands the page to swift-mustache")
  func otherTypes() throws {
    let compiled = try #require(CompiledTemplates(texts: ["page": "{{#items}}{{.}}{{/items}}{{value}}"]))
    #expect(compiled.render(["items": [1, 2, 3]], with: "page") == nil)
    #expect(compiled.render(["value": Date()], with: "page") == nil)
    #expect(compiled.render(["value": Optional("x") as Any], with: "page") == nil)
    #expect(compiled.render(["value": "ok"], with: "page") == "ok")
  }
}
