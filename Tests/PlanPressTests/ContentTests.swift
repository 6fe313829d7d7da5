import Foundation
import Testing

@testable import PlanPress

/// Guards the shipped content (`Content/`): the 2015 plan, complete in both languages, with every
/// reference resolved and every sentence of the source text present.
@Suite("The shipped content")
struct ContentTests {
  let contentDirectory = TestSupport.packageRoot.appendingPathComponent("Content").path
  let site: Site
  let diagnostics: [Diagnostic]

  init() throws {
    var log = DiagnosticLog()
    let sources = try ContentLoader(directory: contentDirectory).load()
    site = try #require(ContentParser().parse(sources, log: &log))
    SiteValidator().validate(site, log: &log)
    diagnostics = log.diagnostics
  }

  @Test("parses and validates with no error and no warning")
  func clean() {
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted).joined(separator: "\n"))")
  }

  @Test("all eleven sections exist, each in Chinese and English")
  func sectionsAndTranslations() {
    #expect(site.sections.map(\.order) == Array(1...11))
    for section in site.sections {
      #expect(section.bodies["zh"] != nil, "section \(section.slug) has no Chinese text")
      #expect(section.bodies["en"] != nil, "section \(section.slug) has no English translation")
      #expect(section.title["en"] != nil)
      #expect(
        (section.bodies["en"]?.body.count ?? 0) > (section.bodies["zh"]?.body.count ?? 0),
        "the English of \(section.slug) is shorter than its Chinese: incomplete?")
    }
    #expect(site.homePages["zh"] != nil && site.homePages["en"] != nil)
  }

  @Test("every department reference and target owner resolves, and every target is translated")
  func references() {
    let departments = Set(site.departments.map(\.id))
    #expect(site.targets.count > 100)
    for section in site.sections {
      #expect(departments.contains(section.lead), "section \(section.slug) leads with unknown \(section.lead)")
      for id in section.departments { #expect(departments.contains(id)) }
    }
    for target in site.targets {
      #expect(departments.contains(target.department), "target \(target.id) has no owner that exists")
      #expect(target.label["en"] != nil, "target \(target.id) has no English label")
      if let unit = target.unit { #expect(unit["en"] != nil, "target \(target.id) has no English unit") }
    }
    for department in site.departments {
      #expect(department.name["zh"] != nil && department.name["en"] != nil)
    }
  }

  @Test("the only baselines are the published ones, each with its source")
  func baselines() {
    let withBaseline = site.targets.filter { $0.baseline != nil }
    #expect(withBaseline.map(\.id).sorted() == ["rural-dibao-average-standard", "urban-dibao-average-standard"])
    #expect(withBaseline.allSatisfy { $0.baseline?.source.hasPrefix("http") == true })
    #expect(site.targets.first { $0.id == "urban-dibao-average-standard" }?.baseline?.value == 330)
    #expect(site.targets.first { $0.id == "rural-dibao-average-standard" }?.baseline?.value == 165)
    #expect(site.targets.first { $0.id == "welfare-lottery-sales" }?.kind == .atLeast(75))
  }

  @Test("the only actual figure is the published one: the welfare lottery, met, with its source; all else is no data")
  func publishedFiguresOnly() throws {
    #expect(site.observations.count == 1)
    let progress = site.progress()
    let lottery = try #require(progress.first { $0.id == "welfare-lottery-sales" })
    #expect(lottery.status == .met)
    #expect(lottery.latest?.value == .number(77.72))
    #expect(lottery.latest?.source == "https://gov.rednet.cn/c/2016/01/18/3890820.htm")
    #expect(lottery.latest?.asOf.description == "2016-01-18")
    #expect(progress.filter { $0.id != "welfare-lottery-sales" }.allSatisfy { $0.status == .noData && $0.latest == nil })
  }

  // MARK: Faithfulness to the source

  static let source = TestSupport.packageRoot.appendingPathComponent("docs/source/2015-key-points.zh.txt")

  /// The characters that carry the wording: punctuation, symbols, spaces and Markdown markers go,
  /// as do list numbers (the source's `1、`, Markdown's `1.`), which the content renumbers.
  static func wording(_ text: String, listMarker: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      let unmarked = line.replacingOccurrences(of: listMarker, with: "", options: .regularExpression)
      return String(
        unmarked.unicodeScalars.filter { scalar in
          !scalar.properties.isWhitespace
            && !(scalar.properties.generalCategory.isPunctuation || scalar.properties.generalCategory.isSymbol)
        }.map(Character.init))
    }.joined()
  }

  /// The source split into the home page's lines and each numbered part's title and lines.
  static func sourceParts() throws -> (home: [String], parts: [(title: String, lines: [String])]) {
    let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n").map(String.init)
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    var home: [String] = []
    var parts: [(title: String, lines: [String])] = []
    for line in lines {
      if let numeral = numerals.last(where: { line.hasPrefix($0 + "、") }), numerals.firstIndex(of: numeral) == parts.count {
        parts.append((String(line.dropFirst(numeral.count + 1)), []))
      } else if parts.isEmpty {
        home.append(line)
      } else {
        parts[parts.count - 1].lines.append(line)
      }
    }
    return (home, parts)
  }

  @Test("each section's Chinese text is its part of the source, word for word: nothing left out, nothing added")
  func sectionsAreFaithful() throws {
    let (_, parts) = try Self.sourceParts()
    #expect(parts.count == 11)
    for (section, part) in zip(site.sections, parts) {
      #expect(section.title["zh"] == part.title)
      let expected = part.lines.map { Self.wording($0, listMarker: #"^\d+、"#) }.joined()
      // Marks that name a department, `[](dept:ID)`, add no words: they go before comparing.
      let body = (section.bodies["zh"]?.body ?? "").replacingOccurrences(
        of: #"\[\]\(dept:[a-z0-9-]+\)"#, with: "", options: .regularExpression)
      let actual = Self.wording(body, listMarker: #"^\s*\d+\.\s"#)
      #expect(actual == expected, "section \(section.slug) differs from the source")
      if actual != expected, let offset = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        Issue.record(
          "first difference at \(offset): \(actual.dropFirst(offset).prefix(20)) vs source \(expected.dropFirst(offset).prefix(20))")
      }
    }
  }

  @Test("the home page holds the notice and the preface, every line of them")
  func homeIsFaithful() throws {
    let (homeLines, _) = try Self.sourceParts()
    let home = try #require(site.homePages["zh"])
    let text = Self.wording((home.title ?? "") + "\n" + home.body, listMarker: #"^\s*\d+\.\s"#)
    for line in homeLines {
      #expect(text.contains(Self.wording(line, listMarker: "^$")), "home page lacks: \(line)")
    }
    #expect(text.count == homeLines.map { Self.wording($0, listMarker: "^$") }.joined().count, "the home page adds text")
  }
}

extension Unicode.GeneralCategory {
  fileprivate var isPunctuation: Bool {
    switch self {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation:
      return true
    default: return false
    }
  }

  fileprivate var isSymbol: Bool {
    switch self {
    case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
    default: return false
    }
  }
}
