import Foundation

/// `data/targets.json` and `data/targets.csv`: every target with its numbers, labels in every
/// language, latest figure and status, for anyone to reuse. The fields are documented in docs/metrics.md.
struct OpenData {
  struct Record: Encodable {
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

  struct Latest: Encodable {
    var period: String
    var value: Double?
    var state: String?
    var asOf: String
    var source: String
    var note: String?
    var stale: Bool

    enum CodingKeys: String, CodingKey {
      case period, value, state, source, note, stale
      case asOf = "as_of"
    }
  }

  /// The targets, judged; each becomes a record only while it is written, so that a big plan's
  /// records are never all in memory.
  private let items: [TargetProgress]

  init(_ progress: [TargetProgress]) {
    items = progress
  }

  /// Every target's record, in section order, made as they are read.
  var records: LazyMapSequence<[TargetProgress], Record> {
    items.lazy.map(Self.record)
  }

  private static func record(_ item: TargetProgress) -> Record {
    let target = item.target
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
      var entry = Latest(period: latest.period.description, asOf: latest.asOf.description, source: latest.source, note: latest.note, stale: item.stale)
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

  /// `{"targets": [...]}`, pretty-printed with sorted keys. The records are encoded one at a time
  /// and indented into the array as the encoder would have: encoding a big plan's whole array at
  /// once holds hundreds of megabytes of intermediate values.
  func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard !items.isEmpty else {
      var data = try encoder.encode(["targets": [Record]()])
      data.append(0x0A)
      return data
    }
    // A string's line breaks are escaped in JSON, so every line break is the layout's.
    var json = Array("{\n  \"targets\" : [\n".utf8)
    let indent = Array("    ".utf8)
    for (position, record) in records.enumerated() {
      if position > 0 { json += ",\n".utf8 }
      try encoder.encode(record).withUnsafeBytes { (encoded: UnsafeRawBufferPointer) in
        var lineStart = 0
        for end in 0...encoded.count where end == encoded.count || encoded[end] == 0x0A {
          // The encoder indents no blank line (an empty object is `{`, a blank line, `}`).
          if end > lineStart { json += indent }
          json += encoded[lineStart..<end]
          if end < encoded.count { json.append(0x0A) }
          lineStart = end + 1
        }
      }
    }
    json += "\n  ]\n}\n".utf8
    return Data(json)
  }

  /// The CSV's header and a row a target; labels and units get a column per language, in the
  /// site's language order.
  func csvRows(languages: [String]) -> (header: [String], rows: LazyMapSequence<[TargetProgress], [String]>) {
    let header =
      ["id", "section", "department", "kind", "target", "low", "high"] + languages.map { "unit_\($0)" } + languages.map { "label_\($0)" }
      + ["baseline", "baseline_source", "due", "status", "progress", "latest_period", "latest_value", "latest_state", "latest_as_of", "latest_source", "latest_note", "latest_stale"]
    func number(_ value: Double?) -> String { value.map { QuantityFormatter.number($0, language: "zh") } ?? "" }
    let rows = records.map { record -> [String] in
      var row = [record.id, record.section, record.department, record.kind, number(record.target), number(record.low), number(record.high)]
      row += languages.map { record.unit?[$0] ?? "" }
      row += languages.map { record.label[$0] ?? "" }
      row += [number(record.baseline), record.baselineSource ?? "", record.due, record.status, number(record.progress)]
      row += [
        record.latest?.period ?? "", number(record.latest?.value), record.latest?.state ?? "", record.latest?.asOf ?? "",
        record.latest?.source ?? "", record.latest?.note ?? "", record.latest.map { $0.stale ? "true" : "false" } ?? "",
      ]
      return row
    }
    return (header, rows)
  }

  /// `data/targets.csv`, as RFC 4180 writes it with `\n` line ends (see `CSVLine`).
  func csv(languages: [String]) -> Data {
    let (header, rows) = csvRows(languages: languages)
    var bytes: [UInt8] = []
    CSVLine.append(header, to: &bytes)
    for row in rows { CSVLine.append(row, to: &bytes) }
    return Data(bytes)
  }
}

/// One line of CSV. Written here, not by CSV.swift's `CSVWriter` (which reads the metrics and
/// checks this in the tests): that writer sends a byte at a time to a stream and searches each
/// field four times with Foundation, which made the open data CSV a tenth of a big plan's build.
enum CSVLine {
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
