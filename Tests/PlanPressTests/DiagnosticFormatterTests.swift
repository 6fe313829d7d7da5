import Foundation
import Testing

@testable import PlanPress

@Suite("Diagnostic formats: text, GitHub annotations, JSON")
struct DiagnosticFormatterTests {
  static let diagnostics = [
    Diagnostic(
      .error, at: SourceLocation(path: "Content/sections/01-a.zh.md", line: 4, column: 7),
      "unknown department 'x'; did you mean 'y'?", sourceLine: "lead: x"),
    Diagnostic(.warning, at: SourceLocation(path: "Content/a,b:c.md", line: 1, column: 1), "100% done\r\nnext line"),
  ]

  @Test("text is the compiler form with the source line and a caret")
  func text() {
    let text = DiagnosticFormatter(format: .text, readsSourceLines: false).string(for: Self.diagnostics)
    #expect(
      text == """
        Content/sections/01-a.zh.md:4:7: error: unknown department 'x'; did you mean 'y'?
        lead: x
              ^
        Content/a,b:c.md:1:1: warning: 100% done\\r\\nnext line

        """)
  }

  @Test("a long source line is shown around the column, cut with …, the caret still under the column")
  func longSourceLine() {
    let line = String(repeating: "a", count: 1_000) + "X" + String(repeating: "b", count: 1_000)
    let diagnostic = Diagnostic(.error, at: SourceLocation(path: "f.md", line: 2, column: 1_001), "here", sourceLine: line)
    let printed = diagnostic.formatted.split(separator: "\n").map(String.init)
    let context = Diagnostic.sourceLineContext
    #expect(printed[1] == "…" + String(repeating: "a", count: context) + "X" + String(repeating: "b", count: context - 1) + "…")
    #expect(printed[2] == String(repeating: " ", count: context + 1) + "^")
    // Short lines are shown whole.
    #expect(Diagnostic.window(of: "lead: x", around: 6) == ("lead: x", 6))
    // Tabs show as spaces; a column past the end puts the caret there.
    #expect(Diagnostic.window(of: "a\tb", around: 10) == ("a b", 3))
    #expect(Diagnostic.window(of: line, around: 5_000) == ("…" + String(repeating: "b", count: context), context + 1))
  }

  @Test("a value a message quotes cannot break its line: line breaks and control characters are escaped")
  func controlCharactersInMessages() {
    // A header cell with a stray quote ran on to the next line, and its name was quoted whole
    // (found by Scripts/fuzz-check).
    let file = SourceFile(path: "Content/metrics/m.csv", text: "target,\"period\nwelfare,2015\n")
    var log = DiagnosticLog()
    _ = MetricsParser().parse(file, log: &log)
    let unknown = log.diagnostics.first { $0.message.hasPrefix("unknown column") }
    let lines = unknown?.formatted.split(separator: "\n", omittingEmptySubsequences: false) ?? []
    // The finding, its source line and the caret.
    #expect(lines.count == 3, "\(lines)")
    #expect(lines.first?.hasPrefix(#"Content/metrics/m.csv:1:8: error: unknown column 'period\nwelfare,2015"#) == true, "\(lines)")

    let odd = Diagnostic(.error, at: SourceLocation(path: "a\u{1B}b.md", line: 2, column: 3), "x\t\u{0}\u{7F}\u{85}\u{2028}y\\n")
    #expect(odd.formatted == #"a\u{1B}b.md:2:3: error: x\t\0\u{7F}\u{85}\u{2028}y\n"#)
  }

  @Test("GitHub annotations escape data and properties as the runner expects")
  func github() {
    let lines = DiagnosticFormatter(format: .github).string(for: Self.diagnostics).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[0] == "::error file=Content/sections/01-a.zh.md,line=4,col=7::unknown department 'x'; did you mean 'y'?")
    #expect(lines[1] == "::warning file=Content/a%2Cb%3Ac.md,line=1,col=1::100%25 done%0D%0Anext line")
  }

  @Test("escaping: % first, so escapes are not escaped twice")
  func escaping() {
    #expect(DiagnosticFormatter.escapeGitHubData("%0A\n") == "%250A%0A")
    #expect(DiagnosticFormatter.escapeGitHubProperty("a:b,c%") == "a%3Ab%2Cc%25")
  }

  @Test("JSON is a list of objects with file, line, column, severity and message")
  func json() throws {
    let text = DiagnosticFormatter(format: .json).string(for: Self.diagnostics)
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    #expect(objects.count == 2)
    #expect(objects[0]["file"] as? String == "Content/sections/01-a.zh.md")
    #expect(objects[0]["line"] as? Int == 4)
    #expect(objects[0]["column"] as? Int == 7)
    #expect(objects[0]["severity"] as? String == "error")
    #expect(objects[0]["message"] as? String == "unknown department 'x'; did you mean 'y'?")
    #expect(objects[0]["sourceLine"] as? String == "lead: x")
    #expect(objects[1]["severity"] as? String == "warning")
    #expect(objects[1]["message"] as? String == "100% done\r\nnext line")
    #expect(DiagnosticFormatter(format: .json).string(for: []) == "[]\n")
  }

  @Test("text reads a missing source line from the file, once per file")
  func sourceLineFromDisk() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("f.yaml").path
    try TestSupport.write("a: 1\nb: 2\n", to: URL(fileURLWithPath: path))
    let text = DiagnosticFormatter(format: .text).string(for: [
      Diagnostic(.error, at: SourceLocation(path: path, line: 2, column: 4), "bad")
    ])
    #expect(text == "\(path):2:4: error: bad\nb: 2\n   ^\n")
  }

  @Test(
    "a misspelt name is told the closest name there is, unless none is close or the closest is one that failed",
    arguments: [
      ("titel", ["title", "lead", "departments"], [], "", "; did you mean 'title'?"),
      ("improve-systm", ["improve-system", "intro"], [], "#", "; did you mean '#improve-system'?"),
      ("colour", ["title", "lead"], [], "", nil),
      ("alpha-rulez", ["alpha-standard"], ["alpha-rules"], "", nil),
      ("alpha-rulez", ["alpha-rules"], ["beta"], "", "; did you mean 'alpha-rules'?"),
    ] as [(String, [String], [String], String, String?)])
  func didYouMean(word: String, candidates: [String], rejected: [String], prefix: String, expected: String?) {
    #expect(Suggestion.didYouMean(word, among: candidates, rejected: Set(rejected), prefix: prefix) == expected)
  }
}
