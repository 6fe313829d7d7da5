import Foundation
import Testing

@testable import PlanPress

@Suite("Front matter and YAML errors")
struct FrontMatterTests {
  @Test("the front matter and body are split, with the line each starts on")
  func split() throws {
    let document = try FrontMatterDocument(splitting: .test("---\ntitle: x\nlead: y\n---\n\nBody\n"))
    #expect(document.yaml == "title: x\nlead: y")
    #expect(document.yamlFirstLine == 2)
    #expect(document.body == "\nBody\n")
    #expect(document.bodyFirstLine == 5)
  }

  @Test("a file without front matter is an error at line 1")
  func missing() {
    #expect {
      try FrontMatterDocument(splitting: .test("title: x\n", path: "s.md"))
    } throws: { error in
      (error as? Diagnostic)?.formatted.hasPrefix("s.md:1:1: error: missing front matter") == true
    }
  }

  @Test("front matter that is never closed is an error")
  func unclosed() {
    #expect {
      try FrontMatterDocument(splitting: .test("---\ntitle: x\n\nBody\n", path: "s.md"))
    } throws: { error in
      (error as? Diagnostic)?.message.contains("not closed") == true
    }
  }

  @Test("CRLF line endings and a byte-order mark are accepted")
  func crlfAndBOM() throws {
    let bytes = Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: x\r\n---\r\nBody\r\n".utf8)
    let file = try SourceFile.decode(bytes, path: "s.md")
    let document = try FrontMatterDocument(splitting: file)
    #expect(document.yaml == "title: x")
    #expect(document.body == "Body\n")
  }

  @Test("a file that is not UTF-8 is an error naming the byte offset")
  func notUTF8() {
    let bytes = Data("---\ntitle: ".utf8) + Data([0xC4, 0xE3]) + Data("\n---\n".utf8)
    #expect {
      try SourceFile.decode(bytes, path: "gbk.md")
    } throws: { error in
      let diagnostic = error as? Diagnostic
      return diagnostic?.location.line == 2 && diagnostic?.location.column == 8
        && diagnostic?.message.contains("byte offset 11") == true
    }
  }

  @Test("a YAML syntax error points at the line in the file, not in the front matter")
  func yamlErrorLine() throws {
    let file = SourceFile.test("---\ntitle: ok\nlead: [unclosed\n---\nBody\n", path: "sections/01-x.zh.md")
    let document = try FrontMatterDocument(splitting: file)
    #expect {
      try YAMLValue.parse(document.yaml, in: file, firstLine: document.yamlFirstLine)
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      // libyaml notices the unclosed flow sequence where the YAML ends, on file line 4.
      return diagnostic.location.path == "sections/01-x.zh.md" && diagnostic.location.line == 4
        && diagnostic.formatted.hasPrefix("sections/01-x.zh.md:4:")
        && diagnostic.message.contains("YAML")
        && diagnostic.message.contains("line 3")
    }
  }

  @Test("a diagnostic prints the source line with a caret under the column, CJK counted double")
  func caret() {
    let diagnostic = Diagnostic(.error, at: SourceLocation(path: "a.md", line: 3, column: 4), "bad", sourceLine: "标题: x")
    #expect(diagnostic.formatted == "a.md:3:4: error: bad\n标题: x\n     ^")
  }
}

@Suite("Front matter: the split, against its definition")
struct FrontMatterSplitTests {
  /// The split as the content format defines it, line by line: the way PlanPress first did it.
  static func reference(_ text: String) -> (yaml: String, body: String, bodyFirstLine: Int)? {
    func trimmed(_ line: Substring) -> Substring {
      var copy = line
      while let last = copy.last, last == " " || last == "\t" { copy.removeLast() }
      return copy
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    guard let opening = lines.first, trimmed(opening) == "---" else { return nil }
    lines.removeFirst()
    guard let closing = lines.firstIndex(where: { trimmed($0) == "---" || trimmed($0) == "..." }) else { return nil }
    return (lines[..<closing].joined(separator: "\n"), lines[(closing + 1)...].joined(separator: "\n"), closing + 2)
  }

  @Test(
    "the split gives what splitting into lines gives",
    arguments: [
      "", "\n", "---", "---\n", "---\n---", "---\n---\n", "--- \t\n---  \nbody", "---\na: 1\n---\nB", "---\na: 1\n...\nB\n",
      "---\na: 1\n--- x\n---\n\nBody\n\n", "----\na\n---\n", " ---\na\n---\n", "---\n\n\n---\n\n\n", "---\n标题: 中文\n---\n正文\n",
      "---\na: |\n  ---x\n---\nb\n---\nc", "title: x\n---\n", "---\r\na\n---\n",
    ])
  func matchesDefinition(text: String) throws {
    let expected = Self.reference(SourceFile.test(text).text)
    let document = try? FrontMatterDocument(splitting: .test(text))
    #expect(document?.yaml == expected?.yaml)
    #expect(document?.body == expected?.body)
    #expect(document?.bodyFirstLine == expected?.bodyFirstLine)
    if expected != nil { #expect(document?.yamlFirstLine == 2) }
  }
}
