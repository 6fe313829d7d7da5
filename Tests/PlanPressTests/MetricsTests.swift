import CSV
import Foundation
import Testing

@testable import PlanPress

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The progress model and the metrics files, on synthetic figures (nothing here is real data).
@Suite("Targets meet metrics")
struct MetricsTests {
  static let planStart = literal(PlanDate(year: 2015, month: 1, day: 1))
  static let due = literal(PlanDate(year: 2015, month: 12, day: 31))

  static func target(_ kind: TargetKind, baseline: Double? = nil, due: PlanDate = due) -> PlanPress.Target {
    PlanPress.Target(
      id: "t", label: LocalizedText(["zh": "标签", "en": "label"]), unit: LocalizedText(["zh": "个", "en": "units"]),
      department: "d", kind: kind, baseline: baseline.map { Baseline(value: $0, asOf: nil, source: "synthetic") }, due: due,
      section: "s", location: PlanPress.SourceLocation(path: "t.md"))
  }

  static func figure(_ value: ObservedValue, asOf: String, period: String = "2015") -> Observation {
    Observation(
      target: "t", period: literal(Period(period)), value: value, unit: nil, asOf: literal(PlanDate(asOf)), source: "synthetic", note: nil,
      location: PlanPress.SourceLocation(path: "m.csv", line: 2))
  }

  static func status(_ kind: TargetKind, baseline: Double? = nil, _ value: ObservedValue?, asOf: String = "2015-07-02") -> TargetStatus {
    let figures = value.map { [figure($0, asOf: asOf)] } ?? []
    return TargetProgress(
      target: target(kind, baseline: baseline), observations: figures, settings: MetricsSettings(), planStart: planStart,
      newestAsOf: figures.first?.asOf
    ).status
  }

  // 2015-07-02 is half-way through 2015: the pacing rule expects half the way done by then.
  static let cases: [(String, TargetKind, Double?, ObservedValue?, String, TargetStatus)] = [
    ("at-least reached", .atLeast(100), nil, .number(100), "2015-07-02", .met),
    ("at-least ahead of pace", .atLeast(100), nil, .number(60), "2015-07-02", .onTrack),
    ("at-least exactly on pace", .atLeast(100), 0, .number(50), "2015-07-02", .onTrack),
    ("at-least slightly behind pace", .atLeast(100), nil, .number(40), "2015-07-02", .atRisk),
    ("at-least far behind pace", .atLeast(100), nil, .number(20), "2015-07-02", .behind),
    ("at-least from a baseline", .atLeast(360), 330, .number(342), "2015-07-02", .atRisk),
    ("at-least not moved from the baseline, early", .atLeast(360), 330, .number(330), "2015-01-20", .notStarted),
    ("at-least not moved from the baseline, late", .atLeast(360), 330, .number(330), "2015-09-01", .behind),
    ("at-least missed when the period is over", .atLeast(100), nil, .number(99), "2016-01-18", .behind),
    ("at-most within the limit", .atMost(12), nil, .number(10), "2015-07-02", .met),
    ("at-most above the limit, half-way down", .atMost(12), 24, .number(18), "2015-07-02", .onTrack),
    ("at-most above the limit, far", .atMost(12), 24, .number(23), "2015-07-02", .behind),
    ("between inside the range", .between(15, 20), nil, .number(17), "2015-07-02", .met),
    ("between below, on pace", .between(15, 20), nil, .number(9), "2015-07-02", .onTrack),
    ("between above the range", .between(15, 20), nil, .number(25), "2015-07-02", .atRisk),
    ("equals reached", .equals(100), nil, .number(100), "2015-07-02", .met),
    ("equals overshot", .equals(100), nil, .number(110), "2015-07-02", .atRisk),
    ("milestone done", .milestone, nil, .milestone(.done), "2015-07-02", .met),
    ("milestone in progress", .milestone, nil, .milestone(.inProgress), "2015-07-02", .onTrack),
    ("milestone in progress after its due date", .milestone, nil, .milestone(.inProgress), "2016-01-05", .behind),
    ("milestone not started, early", .milestone, nil, .milestone(.notStarted), "2015-01-20", .notStarted),
    ("milestone not started, mid-year", .milestone, nil, .milestone(.notStarted), "2015-07-02", .atRisk),
    ("no figure", .atLeast(100), nil, nil, "2015-07-02", .noData),
  ]

  @Test("every kind of target gets the status the rules give", arguments: cases)
  func statuses(name: String, kind: TargetKind, baseline: Double?, value: ObservedValue?, asOf: String, expected: TargetStatus) {
    #expect(Self.status(kind, baseline: baseline, value, asOf: asOf) == expected, "\(name)")
  }

  @Test("every status is reachable through the cases above")
  func everyStatusCovered() {
    #expect(Set(Self.cases.map(\.5)) == Set(TargetStatus.allCases))
  }

  @Test("progress runs from the baseline to the target")
  func progressShare() {
    let item = TargetProgress(
      target: Self.target(.atLeast(360), baseline: 330), observations: [Self.figure(.number(345), asOf: "2015-07-02")],
      settings: MetricsSettings(), planStart: Self.planStart, newestAsOf: nil)
    #expect(item.progress == 0.5)
    #expect(abs((item.elapsed ?? 0) - 0.5) < 0.01)
  }

  @Test("the latest figure is the one of the latest period; figures older than the newest by the span are stale")
  func latestAndStale() {
    let figures = [
      Self.figure(.number(30), asOf: "2015-04-10", period: "2015-Q1"),
      Self.figure(.number(10), asOf: "2015-02-10", period: "2015-01"),
    ]
    let fresh = TargetProgress(
      target: Self.target(.atLeast(100)), observations: figures, settings: MetricsSettings(), planStart: Self.planStart,
      newestAsOf: PlanDate("2015-06-01"))
    #expect(fresh.latest?.period.description == "2015-Q1")
    #expect(fresh.observations.map(\.period.description) == ["2015-01", "2015-Q1"])
    #expect(!fresh.stale)
    var settings = MetricsSettings()
    settings.staleAfterDays = 30
    let stale = TargetProgress(
      target: Self.target(.atLeast(100)), observations: figures, settings: settings, planStart: Self.planStart,
      newestAsOf: PlanDate("2015-06-01"))
    #expect(stale.stale)
  }

  @Test(
    "periods: years, quarters and months, and nothing else",
    arguments: [
      ("2015", "2015-12-31"), ("2015-Q3", "2015-09-30"), ("2015-02", "2015-02-28"), ("2016-02", "2016-02-29"),
    ])
  func periods(text: String, end: String) {
    #expect(Period(text)?.end.description == end)
    #expect(Period(text)?.description == text)
  }

  @Test("dates and months are written with their zeros, as YYYY-MM-DD and YYYY-MM")
  func zeroPaddedDates() throws {
    #expect(try #require(PlanDate(year: 987, month: 3, day: 5)).description == "0987-03-05")
    #expect(try #require(PlanDate(year: 2015, month: 12, day: 31)).description == "2015-12-31")
    #expect(try #require(Period("2015-07")).description == "2015-07")
    #expect(zeroPadded(-7, to: 3) == "-007")
  }

  @Test("each status's text key is its name with underscores")
  func statusTextKeys() {
    for status in TargetStatus.allCases {
      #expect(status.textKey == status.rawValue.replacingOccurrences(of: "-", with: "_"))
    }
  }

  @Test("malformed periods are refused", arguments: ["15", "2015-Q5", "2015-13", "2015-7", "2015-Q", "Q3-2015", ""])
  func badPeriods(text: String) {
    #expect(Period(text) == nil)
  }

  // MARK: CSV files

  private func parse(_ text: String) -> ([Observation], [Diagnostic]) {
    var log = DiagnosticLog()
    let observations = MetricsParser().parse(SourceFile(path: "metrics/m.csv", text: text), log: &log)
    return (observations, log.diagnostics)
  }

  @Test("quoted fields, commas and newlines inside quotes, BOM and CRLF are read, and later rows keep their line")
  func csvEdgeCases() throws {
    let bytes =
      Data([0xEF, 0xBB, 0xBF])
      + Data(
        "target,period,value,as-of,source,note\r\nt,2015-Q1,\"1,200\",2015-04-01,\"Report, vol. 1\",\"two\r\nlines\"\r\nt,2015-Q2,oops,2015-07-01,s,\r\n"
          .utf8)
    let file = try SourceFile.decode(bytes, path: "metrics/m.csv")
    var log = DiagnosticLog()
    let observations = MetricsParser().parse(file, log: &log)
    #expect(observations.count == 1)
    #expect(observations.first?.value == .number(1200))
    #expect(observations.first?.source == "Report, vol. 1")
    #expect(observations.first?.note == "two\nlines")
    #expect(observations.first?.location.line == 2)
    let error = try #require(log.diagnostics.first)
    #expect(error.location.line == 4)
    #expect(error.location.column == 11)
    #expect(error.message.contains("value 'oops' is not a number"))
  }

  @Test("a header cell of megabytes is an unknown column without a suggestion, found at once")
  func hugeHeaderCell() {
    // Each known column was compared with the cell letter by letter: seconds for 2 MB (found by
    // Scripts/fuzz-check); a cell longer than a name by more than a third of its length is no misspelling.
    let cell = String(repeating: "x", count: 5_000_000)
    let (observations, diagnostics) = parse("target,period,value,as-of,source,\(cell)\n")
    #expect(observations.isEmpty)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message.hasSuffix("'; expected target, period, value, as-of, source, unit, note") == true)
    #expect(Suggestion.closest(to: "targte", among: MetricsParser.requiredColumns) == "target")
    #expect(Suggestion.closest(to: "as_of", among: MetricsParser.requiredColumns) == "as-of")
    #expect(Suggestion.closest(to: "sourcesourcesource", among: MetricsParser.requiredColumns) == nil)
  }

  @Test(
    "mistakes in a metrics row are located errors",
    arguments: [
      ("target,period,value,as-of,source\nt,2015,1,2015-02-30,s\n", 2, "as-of '2015-02-30' must be a date that exists"),
      ("target,period,value,as-of,source\nt,2015-Q7,1,2015-02-01,s\n", 2, "period '2015-Q7'"),
      ("target,period,value,as-of,source\nt,2015,1,2015-02-01\n", 2, "expected 5 fields"),
      ("target,period,value,as-of,source,note\nt,2015,1,2015-02-01,s,n,extra\n", 2, "expected 6 fields"),
      ("target,period,value,as-of,source\nt,2015,1,2015-02-01,\n", 2, "every figure needs its source"),
      ("target,period,valeu,as-of,source\n", 1, "did you mean 'value'?"),
      ("target,period,as-of,source\n", 1, "missing column 'value'"),
      ("", 1, "empty metrics file"),
    ])
  func csvErrors(text: String, line: Int, message: String) {
    let (_, diagnostics) = parse(text)
    let error = diagnostics.first { $0.message.contains(message) }
    #expect(error != nil, "\(diagnostics.map(\.formatted))")
    #expect(error?.location.line == line)
    #expect(error?.location.path == "metrics/m.csv")
  }

  @Test(
    "figures must match their target: known id, one per period, same unit and kind",
    arguments: [
      ("alpha-standrd,2000,1,,2000-02-01,s\n", "figure for unknown target 'alpha-standrd'; did you mean 'alpha-standard'?"),
      ("alpha-standard,2000-Q1,1,,2000-02-01,s\n", "a second figure for target 'alpha-standard' in period 2000-Q1"),
      ("alpha-standard,2000,1,元/年,2000-02-01,s\n", "unit '元/年' does not match target 'alpha-standard'"),
      ("alpha-rules,2000,1,,2000-02-01,s\n", "is a milestone"),
      ("alpha-range,2000,done,,2000-02-01,s\n", "not a milestone state"),
    ])
  func crossChecks(row: String, message: String) throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let content = try TestSupport.copyOfFixture("basic", into: directory)
    let file = content.appendingPathComponent("metrics/synthetic.csv")
    var text = try String(contentsOf: file, encoding: .utf8)
    text += row
    try TestSupport.write(text, to: file)
    let options = BuildOptions(
      contentDirectory: content.path, templatesDirectory: TestSupport.templates,
      outputDirectory: directory.appendingPathComponent("Output").path)
    do {
      try SiteBuilder(options: options).build()
      Issue.record("the build should have failed with: \(message)")
    } catch let failure as BuildFailure {
      let error = failure.errors.first { $0.message.contains(message) }
      #expect(error != nil, "\(failure.description)")
      #expect(error?.location.path.hasSuffix("metrics/synthetic.csv") == true)
      #expect(error?.location.line == 6)
    }
  }

  // MARK: Formatting and charts

  @Test(
    "figures are written the way each language writes them, 亿 and 万 scaled in English",
    arguments: [
      (77.72, "亿元", "亿元", "zh", "77.72亿元"),
      (77.72, "yuan", "亿元", "en", "7.772 billion yuan"),
      (1.0, "beds", "万张", "en", "10,000 beds"),
      (250.0, "yuan", "万元", "en", "2.5 million yuan"),
      (2900.0, "yuan/year", "元/年", "en", "2,900 yuan/year"),
      (2900.0, "元/年", "元/年", "zh", "2900元/年"),
    ])
  func formatting(value: Double, unit: String, sourceUnit: String, language: String, expected: String) {
    #expect(QuantityFormatter.quantity(value, unit: unit, language: language, sourceUnit: sourceUnit) == expected)
  }

  @Test("charts are well-formed SVG with a title")
  func svgIsValid() throws {
    let bar = Charts.progressBar(progress: 0.4, elapsed: 0.5, title: "40% <of> the way & more")
    let series = try #require(
      Charts.timeSeries(
        [(Period("2015-Q1")!, 10), (Period("2015-Q2")!, 30), (Period("2015-Q3")!, 20)], goals: [15, 40], title: "t",
        label: { $0.description }))
    for svg in [bar, series] {
      let parser = XMLParser(data: Data(svg.utf8))
      #expect(parser.parse(), "not well-formed: \(svg)")
      #expect(svg.contains("<title>"))
      #expect(svg.hasPrefix("<svg"))
    }
    #expect(bar.contains("40% &lt;of&gt; the way &amp; more"))
    #expect(Charts.timeSeries([(Period("2015")!, 1)], goals: [], title: "t", label: { $0.description }) == nil)
  }

  @Test(
    "a series of negative or huge figures is drawn inside its box",
    arguments: [[-13.5, -13], [-13.5, -12.5], [-1e20, -1e20], [-1.7e308, 1.7e308], [1.7e308, 1e308], [0, 0]])
  func extremeSeries(values: [Double]) throws {
    // Figures from -13.5 to -12.5 put the top of the scale on its bottom, and a y at infinity
    // trapped as an Int.
    let points = zip(["2015-Q1", "2015-Q2"], values).compactMap { period, value in Period(period).map { ($0, value) } }
    let svg = try #require(Charts.timeSeries(points, goals: [values[0]], title: "t", label: { $0.description }))
    #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed: \(svg)")
    #expect(!svg.contains("nan") && !svg.contains("inf"), "\(svg)")
    let ys = svg.matches(of: /cy="([-0-9.]+)"/).compactMap { Double($0.1) }
    #expect(ys.count == 2)
    #expect(ys.allSatisfy { (0...90).contains($0) }, "\(ys)")
  }

  @Test("the open data JSON reads back as the records, its texts and numbers as they were, its slashes unescaped")
  func openDataJSONReadsBack() throws {
    var empty = Self.target(.atLeast(10))
    empty.unit = LocalizedText([:])  // an empty object
    var withFigure = Self.target(.between(1, 2), baseline: 1)
    withFigure.id = "u"
    // Synthetic text with every ASCII character (control characters too), and some beyond.
    var awkward = Self.target(.atMost(0.30000000000000004), baseline: 1e21)
    awkward.id = "v/w"
    let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
    awkward.label = LocalizedText(["zh": ascii, "en": "中文 \u{2028} é \u{1F600}"])
    awkward.unit = nil
    awkward.baseline?.source = "https://example.org/a/b?c=\"d\"&e"
    var milestone = Self.target(.milestone)
    milestone.id = "x"
    let targets = [empty, withFigure, awkward, milestone]
    let items = [
      TargetProgress(target: empty, observations: [], settings: MetricsSettings(), planStart: Self.planStart, newestAsOf: nil),
      TargetProgress(
        target: withFigure, observations: [Self.figure(.number(1.5), asOf: "2015-07-02")], settings: MetricsSettings(),
        planStart: Self.planStart, newestAsOf: PlanDate("2015-07-02")),
      TargetProgress(
        target: awkward,
        observations: [
          Self.figure(.number(-0.0), asOf: "2015-07-02"), Self.figure(.number(2.5e-5), asOf: "2015-08-02", period: "2015-Q3"),
        ],
        settings: MetricsSettings(), planStart: Self.planStart, newestAsOf: PlanDate("2015-08-02")),
      TargetProgress(
        target: milestone, observations: [Self.figure(.milestone(.inProgress), asOf: "2015-07-02")], settings: MetricsSettings(),
        planStart: Self.planStart, newestAsOf: PlanDate("2015-07-02")),
    ]
    struct File: Decodable { var targets: [OpenData.Record] }
    let data = OpenData(targets: [targets], progress: items)
    let json = data.json()
    #expect(try JSONDecoder().decode(File.self, from: json).targets == Array(data.records))
    // Written a record at a time, as the encoder writes the whole list.
    struct Whole: Encodable { var targets: [OpenData.Record] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    for count in [items.count, 0, 1] {
      let list = OpenData(targets: [Array(targets.prefix(count))], progress: Array(items.prefix(count)))
      let whole = try encoder.encode(Whole(targets: Array(list.records))) + [0x0A]
      #expect(String(decoding: list.json(), as: UTF8.self) == String(decoding: whole, as: UTF8.self))
    }
    let text = String(decoding: json, as: UTF8.self)
    #expect(text.contains("\"baseline_source\" : \"https://example.org/a/b?c=\\\"d\\\"&e\""), "\(text)")
    #expect(text.contains("\"id\" : \"v/w\""))
    #expect(text.hasSuffix("}\n"))
    #expect(String(decoding: OpenData(targets: [], progress: []).json(), as: UTF8.self) == "{\n  \"targets\" : [\n\n  ]\n}\n")
  }

  @Test("the open data CSV is what CSV.swift's writer writes, and reads back field for field")
  func openDataCSVMatchesLibrary() throws {
    // Synthetic fields: quotes, commas, both line breaks, CJK text, empty fields.
    let rows = [
      ["id", "label_zh", "note"], ["a", "社会救助", ""], ["b,c", "say \"yes\"", "line\nbreak"], ["", "\r\n", "\"\""],
      ["d", "plain text", "tail,"],
    ]
    var ours: [UInt8] = []
    for row in rows { CSVLine.append(row, to: &ours) }

    let writer = try CSVWriter(stream: .toMemory())
    for row in rows { try writer.write(row: row) }
    writer.stream.close()
    let library = try #require(writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data)
    #expect(String(decoding: ours, as: UTF8.self) == String(decoding: library, as: UTF8.self) + "\n")

    let reader = try CSVReader(string: String(decoding: ours, as: UTF8.self))
    var read: [[String]] = []
    while let row = reader.next() { read.append(row) }
    #expect(read == rows)
  }
}
