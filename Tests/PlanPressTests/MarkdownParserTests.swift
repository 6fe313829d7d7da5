import Testing

@testable import PlanPress

@Suite("MarkdownParser (libcmark)")
struct MarkdownParserTests {
  @Test("headings get anchors from their text and feed the table of contents")
  func headingAnchors() {
    let rendered = MarkdownParser.parse("## 完善和落实社会救助制度。\n\ntext\n\n### Sub *heading* `code`\n")
    #expect(rendered.headings.map(\.anchor) == ["完善和落实社会救助制度", "sub-heading-code"])
    #expect(rendered.headings.map(\.text) == ["完善和落实社会救助制度。", "Sub heading code"])
    #expect(rendered.headings.map(\.level) == [2, 3])
    #expect(rendered.html().string.contains("<h2 id=\"完善和落实社会救助制度\">"))
    #expect(rendered.html().string.contains("<h3 id=\"sub-heading-code\">"))
    #expect(rendered.html().string.contains("<em>heading</em>"))
  }

  // Found by building random edits: an item marked under a heading marked for the same
  // department was in its brief twice.
  @Test("a part marked for a department is given to its brief once, even inside a marked heading's part")
  func markedPartsOnce() {
    let rendered = MarkdownParser.parse(
      """
      ## 甲 [](dept:x)

      1. 一 [](dept:x)
      2. 二 [](dept:x) [](dept:x)

      ## 乙

      3. 三 [](dept:x) [](dept:y)
      """)
    #expect(rendered.mentions.filter { $0.department == "x" }.map(\.line) == [1, 3, 4, 4, 8], "every mark is kept, for its line")
    let forX = rendered.mentions.filter { $0.department == "x" && !$0.isInAnotherMarkedPart }
    #expect(forX.count == 2)
    #expect(forX.first?.html.components(separatedBy: "一").count == 2, "the heading's part, with its items once")
    #expect(forX.first?.html.contains("二") == true)
    #expect(forX.last?.html.contains("三") == true)
    #expect(rendered.mentions.filter { $0.department == "y" && !$0.isInAnotherMarkedPart }.map(\.html) == forX.last.map { [$0.html] })
    #expect(!rendered.html().string.contains("dept:"))
  }

  @Test("headings with the same text get distinct anchors")
  func duplicateAnchors() {
    let rendered = MarkdownParser.parse("## Same\n\n## Same\n\n## Same\n")
    #expect(rendered.headings.map(\.anchor) == ["same", "same-2", "same-3"])
  }

  @Test("a level-1 heading in a body is shown as h2: the page title is the only h1")
  func levelOneDemoted() {
    let rendered = MarkdownParser.parse("# Title in body\n")
    #expect(rendered.html().string.contains("<h2 id=\"title-in-body\">"))
    #expect(!rendered.html().string.contains("<h1"))
  }

  @Test(
    "raw HTML and script links never reach the output",
    arguments: [
      "<script>alert(1)</script>",
      "[x](javascript:alert(1))",
      "<img src=x onerror=alert(1)>",
      "text <span onclick=\"alert(1)\">inline</span>",
      "[x](JAVASCRIPT:alert(1))",
      "[x](vbscript:msgbox(1))",
      "![x](javascript:alert(1))",
    ])
  func safeMode(markdown: String) {
    let html = MarkdownParser.parse(markdown).html().string.lowercased()
    #expect(!html.contains("<script"))
    #expect(!html.contains("javascript:"))
    #expect(!html.contains("vbscript:"))
    #expect(!html.contains("onerror="))
    #expect(!html.contains("onclick="))
  }

  @Test("heading text with markup characters is escaped in the anchor attribute")
  func anchorEscaping() {
    let rendered = MarkdownParser.parse("## a \"quoted\" <b>heading</b>\n")
    #expect(rendered.headings[0].anchor == "a-quoted-heading")
    #expect(!rendered.html().string.contains("<b>"))
  }

  @Test("lists and emphasis render as CommonMark says")
  func commonMark() {
    let html = MarkdownParser.parse("1. one\n2. **two**\n").html().string
    #expect(html == "<ol>\n<li>one</li>\n<li><strong>two</strong></li>\n</ol>\n")
  }

  /// cmark writes an absolute address itself; a relative one is written by `escapeAddress` after
  /// the build has rewritten it. Both must come out the same for the same bytes.
  @Test(
    "a relative link's address is escaped exactly as cmark escapes an absolute one",
    arguments: [
      "plain/path.html", "路径/页面.html", "a b", "a&b", "it's", "q?x=1&y=2#frag", "100%", "quote\"d", "[x]{y}|z^`",
      "tab\there", "é%20ü", "~$@!*(),;:=+-_.",
    ])
  func addressEscapedAsCmarkDoes(path: String) throws {
    func href(_ markdown: String) throws -> Substring {
      let html = MarkdownParser.parse(markdown).html().string
      let start = try #require(html.range(of: "href=\"")).upperBound
      let end = try #require(html[start...].firstIndex(of: "\""))
      return html[start..<end]
    }
    let base = "https://example.org/"
    let byCmark = try href("[a](<\(base)\(path)>)")
    let ours = try href("[a](<\(path)>)")
    #expect(byCmark.hasPrefix(base))
    #expect(ours == byCmark.dropFirst(base.count))
  }
}
