import CSV
import Foundation
import Testing

@testable import PlanPress

/// `Examples/chenzhou-2015`: a second real plan, with the completion its publisher printed.
@Suite("The Chenzhou 2015 example: a real plan with real figures")
struct ExamplePlanTests {
  static let example = TestSupport.packageRoot.appendingPathComponent("Examples/chenzhou-2015")

  /// The figures as the metrics file gives them, by target: the completed value and the share
  /// of the annual task the notice prints (from the note, `公示所列完成比例：100%`).
  static func publishedFigures() throws -> [String: (value: Double, printedShare: Double)] {
    let text = try String(contentsOf: example.appendingPathComponent("metrics/2015.csv"), encoding: .utf8)
    let reader = try CSVReader(string: text, hasHeaderRow: true)
    var figures: [String: (Double, Double)] = [:]
    while reader.next() != nil {
      let target = try #require(reader["target"])
      let value = try #require(reader["value"].flatMap(Double.init))
      let note = try #require(reader["note"])
      let share = try #require(note.components(separatedBy: "公示所列完成比例：").last?.prefix { $0.isNumber || $0 == "." })
      figures[target] = (value, try #require(Double(share)) / 100)
    }
    return figures
  }

  @Test("it checks with no error and no warning")
  func checksAndBuilds() throws {
    let diagnostics = SiteBuilder(options: BuildOptions(contentDirectory: Self.example.path, templatesDirectory: TestSupport.templates))
      .check()
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
  }

  @Test("it builds (HTML only), and every target's status in data/targets.json is what the published completion makes it")
  func statusesMatchPublishedCompletion() throws {
    let output = try TestSupport.temporaryDirectory("chenzhou").appendingPathComponent("Output")
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: Self.example.path, templatesDirectory: TestSupport.templates, outputDirectory: output.path))
    try builder.build()
    let site = try builder.loadContent()
    let figures = try Self.publishedFigures()
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("data/targets.json"))) as? [String: Any]
    let records = try #require(json?["targets"] as? [[String: Any]])
    let statuses = Dictionary(
      uniqueKeysWithValues: records.compactMap { record in (record["id"] as? String).map { ($0, record["status"] as? String) } })

    #expect(site.targets.count == 10)
    #expect(Set(figures.keys) == Set(site.targets.map(\.id)), "one published figure for every target")
    for target in site.targets {
      guard case .atLeast(let goal) = target.kind, let figure = figures[target.id] else {
        Issue.record("\(target.id): every commitment of the notice is a floor, with its figure")
        continue
      }
      let completion = figure.value / goal
      // The notice's shares are the completed figure over the commitment, rounded as it prints
      // them, except the rural dibao's, computed against the 2014 level (171 ÷ 165), as its note says.
      let printedAsComputed = abs(completion - figure.printedShare) < 0.01
      #expect(
        printedAsComputed == (target.id != "rural-dibao-standard"), "\(target.id): \(completion) against \(figure.printedShare) printed")
      #expect(statuses[target.id] != nil, "\(target.id) is in the open data")
      #expect((statuses[target.id] == "met") == (completion >= 1), "\(target.id): \(statuses[target.id] ?? "no status") at \(completion)")
    }
  }
}
