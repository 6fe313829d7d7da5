import Foundation

/// `data/targets.json` and `data/targets.csv`: every target with its numbers, labels in every
/// language, latest figure and status, for anyone to reuse. The fields are documented in docs/metrics.md.
struct OpenData {
  struct Record: Codable, Equatable {
    var id: String
    var section: String
    var department: String
    var kind: String
    var target: Double?
    var low: Double?
    var high: Double?
    var unit: [String: String]?
    var label: [String: String]
    var baseline: Double?
    var baselineSource: String?
    var due: String
    var status: String
    var progress: Double?
    var latest: Latest?

    enum CodingKeys: String, CodingKey {
      case id, section, department, kind, target, low, high, unit, label, baseline, due, status, progress, latest
      case baselineSource = "baseline_source"
    }
  }

  struct Latest: Codable, Equatable {
    var period: String
    var value: Double?
    var state: String?
    var asOf: String
    var source: String
    var note: String?
    /// The source's name and the note in other languages, where the metrics file gives them.
    var sourceTranslations: [String: String]?
    var noteTranslations: [String: String]?
    var stale: Bool

    enum CodingKeys: String, CodingKey {
      case period, value, state, source, note, stale
      case asOf = "as_of"
      case sourceTranslations = "source_translations"
      case noteTranslations = "note_translations"
    }
  }

  /// The targets, section by section, and their judgements in the same order.
  private let targets: [[Target]]
  private let items: [TargetProgress]

  init(targets: [[Target]], progress: [TargetProgress]) {
    self.targets = targets
    items = progress
  }

  /// Every target's record, in section order.
  var records: some Sequence<Record> {
    zip(targets.joined(), items).lazy.map(Self.record)
  }

  private static func record(_ target: Target, _ item: TargetProgress) -> Record {
    var record = Record(
      id: target.id, section: target.section, department: target.department, kind: target.kind.name,
      unit: target.unit?.texts, label: target.label.texts, baseline: target.baseline?.value,
      baselineSource: target.baseline?.source, due: target.due.description, status: item.status.rawValue,
      progress: item.progress.map { ($0 * 10000).rounded() / 10000 })
    switch target.kind {
    case .atLeast(let value), .atMost(let value), .equals(let value): record.target = value
    case .between(let low, let high):
      record.low = low
      record.high = high
    case .milestone: break
    }
    if let latest = item.latest {
      let translated = (source: latest.translatedSource.texts, note: latest.translatedNote.texts)
      var entry = Latest(
        period: latest.period.description, asOf: latest.asOf.description, source: latest.source, note: latest.note,
        sourceTranslations: translated.source.isEmpty ? nil : translated.source,
        noteTranslations: translated.note.isEmpty ? nil : translated.note,
        stale: item.stale)
      switch latest.value {
      case .number(let value): entry.value = value
      case .milestone(let state): entry.state = state.rawValue
      }
      record.latest = entry
    }
    return record
  }

  /// The two files of the open data.
  enum Format: Hashable, Sendable {
    case json, csv
  }

  /// `{"targets": [...]}` as `JSONEncoder` writes it pretty-printed, keys sorted (so the same plan
  /// gives the same bytes), slashes as they are, and a line break at the end. The encoder is given
  /// a record at a time, each indented into the list: given the whole list, it holds a tree of
  /// every record at once.
  func json() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Written into the file's bytes as they grow: a big plan's file is tens of megabytes, not to be
    // held twice.
    var json = Data("{\n  \"targets\" : [\n".utf8)
    for (position, record) in records.enumerated() {
      // The encoder refuses only a NaN or an infinity, and the parsers let no such number in.
      guard let encoded = try? encoder.encode(record) else { continue }
      json.append(contentsOf: position == 0 ? Self.indent : [UInt8(ascii: ","), 0x0A] + Self.indent)
      // A string in JSON has no line break of its own: every one in `encoded` is the layout's, and
      // the blank line of an empty object stays blank.
      encoded.withUnsafeBytes { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        var start = 0
        while let lineBreak = bytes[start...].firstIndex(of: 0x0A) {
          json.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...lineBreak]))
          start = lineBreak + 1
          if start < bytes.count, bytes[start] != 0x0A { json.append(contentsOf: Self.indent) }
        }
        json.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
      }
    }
    json.append(contentsOf: "\n  ]\n}\n".utf8)
    return json
  }

  private static let indent = [UInt8](repeating: UInt8(ascii: " "), count: 4)

  /// The CSV's header and a row a target; labels and units get a column per language, in the
  /// site's language order.
  func csvRows(languages: [String]) -> (header: [String], rows: some Sequence<[String]>) {
    // Sources and notes are published in the plan's own language; others have their own columns.
    let translations = languages.dropFirst()
    let header =
      ["id", "section", "department", "kind", "target", "low", "high"] + languages.map { "unit_\($0)" } + languages.map { "label_\($0)" }
      + [
        "baseline", "baseline_source", "due", "status", "progress", "latest_period", "latest_value", "latest_state", "latest_as_of",
        "latest_source", "latest_note",
      ]
      + translations.flatMap { ["latest_source_\($0)", "latest_note_\($0)"] } + ["latest_stale"]
    func number(_ value: Double?) -> String { value.map { QuantityFormatter.number($0, language: "zh") } ?? "" }
    // The texts the content's authors wrote; ids, dates and numbers are checked or made by PlanPress.
    let text = CSVLine.inertText
    let rows = records.lazy.map { record -> [String] in
      var row = [record.id, record.section, record.department, record.kind, number(record.target), number(record.low), number(record.high)]
      row += languages.map { text(record.unit?[$0] ?? "") }
      row += languages.map { text(record.label[$0] ?? "") }
      row += [number(record.baseline), text(record.baselineSource ?? ""), record.due, record.status, number(record.progress)]
      row += [
        record.latest?.period ?? "", number(record.latest?.value), record.latest?.state ?? "", record.latest?.asOf ?? "",
        text(record.latest?.source ?? ""), text(record.latest?.note ?? ""),
      ]
      for language in translations {
        row += [text(record.latest?.sourceTranslations?[language] ?? ""), text(record.latest?.noteTranslations?[language] ?? "")]
      }
      row.append(record.latest.map { $0.stale ? "true" : "false" } ?? "")
      return row
    }
    return (header, rows)
  }

  /// `data/targets.csv`, as RFC 4180 writes it with `\n` line ends (see `CSVLine`).
  func csv(languages: [String]) -> Data {
    let (header, rows) = csvRows(languages: languages)
    // Written into the file's bytes a line at a time, so that a big plan's file is not held twice.
    var csv = Data()
    var line: [UInt8] = []
    func write(_ row: [String]) {
      line.removeAll(keepingCapacity: true)
      CSVLine.append(row, to: &line)
      csv.append(contentsOf: line)
    }
    write(header)
    for row in rows { write(row) }
    return csv
  }
}

/// One line of CSV. Written here, not by CSV.swift's `CSVWriter` (which reads the metrics, and
/// which a test holds this equal to): that writer searches each field five times with Foundation
/// and streams a byte at a time: far slower on a big plan's CSV.
enum CSVLine {
  /// A text that a spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab
  /// or a carriage return) with a `'` before it, as OWASP advises against CSV injection: a
  /// spreadsheet then shows the text and runs nothing. The JSON keeps the text as written.
  static func inertText(_ text: String) -> String {
    guard let first = text.utf8.first,
      [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first)
    else { return text }
    return "'" + text
  }

  /// Appends the fields and a line break. A field with a quote, a comma or a line break is quoted,
  /// its quotes doubled; the others are written as they are.
  static func append(_ fields: [String], to bytes: inout [UInt8]) {
    for (position, field) in fields.enumerated() {
      if position > 0 { bytes.append(UInt8(ascii: ",")) }
      let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ",") || $0 == 0x0A || $0 == 0x0D }
      guard needsQuotes else {
        bytes.append(contentsOf: field.utf8)
        continue
      }
      bytes.append(UInt8(ascii: "\""))
      for byte in field.utf8 {
        if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        bytes.append(byte)
      }
      bytes.append(UInt8(ascii: "\""))
    }
    bytes.append(0x0A)
  }
}
