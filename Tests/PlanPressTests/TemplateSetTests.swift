import Foundation
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

  @Test("values are HTML-escaped as swift-mustache escapes them", arguments: [
    ("plain 中文", "plain 中文"), ("a < b & c > d", "a &lt; b &amp; c &gt; d"), ("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"), ("", ""),
  ])
  func escaping(text: String, expected: String) {
    #expect(HTML.escape(text) == expected)
  }
}
