import Testing

@testable import PlanPress

@Suite("Content parser: targets and translations")
struct ContentParserTests {
  private func target(_ yaml: String) throws -> PlanPress.Target {
    let file = SourceFile.test(yaml, path: "t.md")
    let value = try YAMLValue.parse(yaml, in: file, firstLine: 1)
    return try ContentParser().parseTarget(value, language: "zh", section: "s", planEnd: PlanDate("2015-12-31"))
  }

  private func targetError(_ yaml: String) -> Diagnostic? {
    do {
      _ = try target(yaml)
      return nil
    } catch {
      return error as? Diagnostic
    }
  }

  static let allKinds: [(String, TargetKind)] = [
    ("at-least: 360", .atLeast(360)),
    ("at-most: 12", .atMost(12)),
    ("between: [15, 20]", .between(15, 20)),
    ("equals: 100", .equals(100)),
    ("milestone: true", .milestone),
  ]

  @Test(
    "base-url is kept as browsers write it: scheme and host in lower case, no default port, the path encoded, a final slash",
    arguments: [
      ("https://plan.example.org", "https://plan.example.org/"),
      ("https://test.example.org/plan", "https://test.example.org/plan/"),
      ("HTTPS://Test.Example.org:443/计划 plan", "https://test.example.org/%E8%AE%A1%E5%88%92%20plan/"),
      ("http://plan.example.org:80/a/", "http://plan.example.org/a/"),
      ("http://plan.example.org:8080/a%20b/", "http://plan.example.org:8080/a%20b/"),
      ("https://例子.中国/计划/", "https://xn--fsqu00a.xn--fiqs8s/%E8%AE%A1%E5%88%92/"),
    ])
  func canonicalBaseURL(written: String, canonical: String) {
    #expect(ContentParser.canonicalBaseURL(written) == canonical)
  }

  @Test(
    "base-url must be an absolute http(s) address without query or fragment",
    arguments: [
      "plan.example.org/", "/plan/", "ftp://plan.example.org/", "https://plan.example.org/?v=1", "https://plan.example.org/#top",
      "https:///plan/",
    ])
  func invalidBaseURL(written: String) {
    #expect(ContentParser.canonicalBaseURL(written) == nil)
  }

  @Test("every kind of target is read", arguments: allKinds)
  func kinds(line: String, kind: TargetKind) throws {
    let parsed = try target("id: t1\nlabel: 标签\ndepartment: d\nunit: 元\n\(line)\n")
    #expect(parsed.kind == kind)
    #expect(parsed.due == PlanDate("2015-12-31"))
    #expect(parsed.label["zh"] == "标签")
  }

  @Test(
    "a mistaken target is a located error saying what was expected",
    arguments: [
      ("id: t1\nlabel: l\ndepartment: d\nunit: 元\n", 1, "has no kind"),
      ("id: t1\nlabel: l\ndepartment: d\nunit: 元\nat-least: 1\nat-most: 2\n", 1, "has 2 kinds"),
      ("id: t1\nlabel: l\ndepartment: d\nunit: 元\nbetween: [20, 15]\n", 5, "low end (20) is above its high end (15)"),
      ("id: t1\nlabel: l\ndepartment: d\nunit: 元\nat-lest: 3\n", 5, "did you mean 'at-least'?"),
      ("id: T_1\nlabel: l\ndepartment: d\nmilestone: true\n", 1, "must use only lowercase letters"),
      ("id: t1\nlabel: l\ndepartment: d\nat-least: 3\n", 1, "missing the required key 'unit'"),
      ("id: t1\nlabel: l\ndepartment: d\nunit: 元\nat-least: lots\n", 5, "expected a number"),
      ("id: t1\nlabel: l\ndepartment: d\nmilestone: true\ndue: 2015-02-30\n", 5, "a date that exists"),
      ("id: t1\nlabel: l\ndepartment: d\nunit: 元\nat-least: 3\nbaseline: 2\n", 6, "without 'baseline-source'"),
    ])
  func targetErrors(yaml: String, line: Int, message: String) {
    let diagnostic = targetError(yaml)
    #expect(diagnostic?.location.line == line)
    #expect(diagnostic?.message.contains(message) == true, "\(diagnostic?.message ?? "no error")")
  }

  @Test(
    "stale-after-days takes any whole number of days; one beyond the calendar means never stale",
    arguments: [("30", 30), ("0", 0), ("1e300", Int(Int32.max)), ("9223372036854775808", Int(Int32.max))])
  func staleAfterDays(written: String, days: Int) throws {
    // 1e300 trapped converting to Int.
    let yaml = """
      title: {zh: 计划}
      languages: [zh]
      base-url: https://plan.example.org/
      notice: {number: 1号, title: {zh: 通知}, issuer: {zh: 厅}, date: 2015-01-14}
      metrics: {stale-after-days: \(written)}
      """
    let config = try ContentParser().parseSiteConfig(SourceFile.test(yaml, path: "site.yaml"))
    #expect(config.metrics.staleAfterDays == days)
  }

  @Test("a base-url longer than browsers take is an error at its line, not a site of huge pages (found by make fuzz)")
  func longBaseURL() {
    let yaml = """
      title: {zh: 计划}
      languages: [zh]
      base-url: https://plan.example.org/\(String(repeating: "[", count: 3_000))
      notice: {number: 1号, title: {zh: 通知}, issuer: {zh: 厅}, date: 2015-01-14}
      """
    #expect(throws: Diagnostic.self) { try ContentParser().parseSiteConfig(SourceFile.test(yaml, path: "site.yaml")) }
    do {
      _ = try ContentParser().parseSiteConfig(SourceFile.test(yaml, path: "site.yaml"))
    } catch let error as Diagnostic {
      #expect(error.location.line == 3)
      #expect(error.message.hasPrefix("base-url is 3025 bytes long"))
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test("dates are checked against the calendar")
  func dates() {
    #expect(PlanDate("2016-02-29") != nil)
    #expect(PlanDate("2015-02-29") == nil)
    #expect(PlanDate("2015-13-01") == nil)
    #expect(PlanDate("2015-1-1") == nil)
  }

  @Test("section file names give order, slug and language; others are refused")
  func sectionFileNames() {
    let parsed = ContentLoader.parseSectionFileName("01-social-assistance.zh.md")
    #expect(parsed?.order == 1)
    #expect(parsed?.slug == "social-assistance")
    #expect(parsed?.language == "zh")
    #expect(ContentLoader.parseSectionFileName("social.zh.md") == nil)
    #expect(ContentLoader.parseSectionFileName("01-Social.zh.md") == nil)
    #expect(ContentLoader.parseSectionFileName("01-../x.zh.md") == nil)
    #expect(ContentLoader.parseSectionFileName("01-x.md") == nil)
  }
}
