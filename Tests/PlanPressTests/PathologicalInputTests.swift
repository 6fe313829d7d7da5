import Foundation
import Testing

@testable import PlanPress

/// Huge inputs of one kind (marks, links, brackets) that once took quadratic time: every mark
/// and every broken link must still be found and located where it was written. Synthetic texts;
/// nothing here is timed.
@Suite("Pathological inputs")
struct PathologicalInputTests {
  @Test("16,000 department marks in one body: each kept at its line, each part given once")
  func manyMarks() throws {
    let departments = ["a", "b", "c"]
    var lines: [String] = []
    var expected: [String] = []
    func expect(_ department: String, inAnotherPart: Bool) { expected.append("\(department) \(lines.count) \(inAnotherPart)") }
    // 4,000 items of one ordered list.
    for item in 1...4000 {
      lines.append("\(item). 项\(item) [](dept:\(departments[item % 3]))")
      expect(departments[item % 3], inAnotherPart: false)
    }
    lines.append("")
    // 2,000 headings marked for a: the mark for a under each is in the heading's part.
    for heading in 1...2000 {
      lines.append("### 标题\(heading) [](dept:a)")
      expect("a", inAnotherPart: false)
      lines += ["", "正文\(heading) [](dept:a) [](dept:b) [](dept:b) [x](dept:c)"]
      for (department, inAnotherPart) in [("a", true), ("b", false), ("b", true), ("c", false)] {
        expect(department, inAnotherPart: inAnotherPart)
      }
      lines.append("")
    }
    // A paragraph of 2,000 marks, out of the last heading's part: the first for each department gives it.
    lines += ["## 结尾", ""]
    lines.append((0..<2000).map { "[](dept:\(departments[$0 % 3]))" }.joined(separator: " 和 "))
    for number in 0..<2000 { expect(departments[number % 3], inAnotherPart: number >= 3) }

    let rendered = MarkdownParser.parse(lines.joined(separator: "\n"))
    #expect(rendered.mentions.count == 16_000)
    #expect(rendered.mentions.map { "\($0.department) \($0.line) \($0.isInAnotherMarkedPart)" } == expected)
    for (index, mention) in rendered.mentions.prefix(4000).enumerated() {
      #expect(mention.html == "<ol start=\"\(index + 1)\">\n<li>项\(index + 1) </li>\n</ol>\n")
    }
    let heading = try #require(rendered.mentions.first { $0.line == 4002 })
    #expect(heading.html.hasPrefix("<h3>标题1 </h3>\n<p>正文1 ") && heading.html.hasSuffix("x</p>\n"), "\(heading.html)")
    #expect(!rendered.html().string.contains("dept:"))
  }

  @Test("32,000 links on one line: each destination is found at its own column")
  func manyLinksOnALine() {
    var line = "甲乙"
    var scalars = 2
    var columns: [Int] = []
    for number in 0..<32_000 {
      let link = "[a](#nope-\(number)) "
      // A destination's column: the scalars before it (the line so far and `[a](`), plus one.
      columns.append(scalars + 5)
      line += link
      scalars += link.unicodeScalars.count
    }
    let links = MarkdownParser.parse("intro\n\n" + line + "\nend\n").links
    #expect(links.count == columns.count)
    for (link, column) in zip(links, columns) {
      #expect(link.line == 3 && link.column == column, "\(link.url)")
    }
  }

  @Test(
    "destinations in a line of thousands of brackets are found where they are written",
    arguments: [
      // Links cannot hold links: the innermost is the one link.
      (String(repeating: "[", count: 100_000) + "a" + String(repeating: "](#nope)", count: 100_000), "#nope", 100_004),
      (String(repeating: "<", count: 100_000) + "<https://b.example>", "https://b.example", 100_002),
      (String(repeating: "](x", count: 50_000) + " [c](y)", "y", 150_006),
    ])
  func manyBrackets(line: String, destination: String, column: Int) {
    let links = MarkdownParser.parse("# 标题\n" + line).links
    #expect(links.map(\.url) == [destination])
    #expect(links.first?.line == 2 && links.first?.column == column)
  }

  @Test("32,000 broken links on one line: the first 200 are reported at their columns, the others counted")
  func manyBrokenLinks() throws {
    var line = "见"
    var scalars = 1
    var columns: [Int] = []
    for number in 0..<32_000 {
      let link = "[\(number)](#nope-\(number)) "
      columns.append(scalars + "[\(number)](".count + 1)
      line += link
      scalars += link.unicodeScalars.count
    }
    let (path, lineNumber, diagnostics) = try Self.check(appending: line)
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.count == LinkChecker.reportLimit + 1)
    for (number, error) in errors.prefix(LinkChecker.reportLimit).enumerated() {
      #expect(error.location == SourceLocation(path: path, line: lineNumber, column: columns[number]))
      #expect(error.message.hasPrefix("link '#nope-\(number)' on page "), "\(error.message)")
    }
    #expect(errors.first?.sourceLine == line)
    #expect(
      errors.last?.message.hasSuffix("more links lead nowhere and are not listed; fix these and check again") == true)
  }

  @Test("a broken link inside 100,000 nested brackets is reported at its column")
  func brokenLinkInNestedBrackets() throws {
    let line = String(repeating: "[", count: 100_000) + "a" + String(repeating: "](#nope)", count: 100_000)
    let (path, lineNumber, diagnostics) = try Self.check(appending: line)
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1, "\(errors.map(\.message))")
    #expect(errors.first?.location == SourceLocation(path: path, line: lineNumber, column: 100_004))
  }

  @Test("4,000 marks naming no department: each reported at its own line")
  func manyUnknownMarks() throws {
    let lines = (1...4000).map { "- 项\($0) [](dept:nobody-\($0))" }
    let (path, firstLine, diagnostics) = try Self.check(appending: lines.joined(separator: "\n"))
    let errors = diagnostics.filter { $0.severity == .error }
    // Each error points at its mark's `[`, after "- 项", the number and a space.
    let columns = (1...4000).map { 5 + String($0).count }
    #expect(
      errors.map(\.location) == columns.enumerated().map { SourceLocation(path: path, line: firstLine + $0.offset, column: $0.element) })
    #expect(errors.map(\.sourceLine) == lines)
    #expect(errors.last?.message == "unknown department 'nobody-4000' in a mark [](dept:…)")
  }

  /// `planpress check` on a copy of the fixture with `text` appended to a section's body, after
  /// a blank line; returns the file's path, the line the text starts on and the findings.
  private static func check(appending text: String) throws -> (path: String, line: Int, diagnostics: [Diagnostic]) {
    let copy = try FixtureCopy("pathological")
    defer { try? FileManager.default.removeItem(at: copy.directory) }
    let url = copy.content.appendingPathComponent("sections/01-alpha.zh.md")
    var original = try String(contentsOf: url, encoding: .utf8)
    if !original.hasSuffix("\n") { original += "\n" }
    original += "\n"
    try TestSupport.write(original + text + "\n", to: url)
    let diagnostics = SiteBuilder(options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: TestSupport.templates))
      .check()
    let line = original.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
    return (url.path, line, diagnostics)
  }
}
