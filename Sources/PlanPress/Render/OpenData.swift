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

  /// `{"targets": [...]}`, laid out as `JSONEncoder` lays it out pretty-printed with sorted keys
  /// and slashes as they are (a test holds the two equal). Written here: the encoder made each
  /// record into a tree of boxed values first, which made this file a tenth of a big plan's render.
  func json() -> Data {
    guard !items.isEmpty else { return Data("{\n  \"targets\" : [\n\n  ]\n}\n".utf8) }
    var json = JSONLayout()
    json.append("{\n  \"targets\" : [\n")
    for (position, record) in records.enumerated() {
      if position > 0 { json.append(",\n") }
      json.write(record)
    }
    json.append("\n  ]\n}\n")
    return Data(json.bytes)
  }

  /// The CSV's header and a row a target; labels and units get a column per language, in the
  /// site's language order.
  func csvRows(languages: [String]) -> (header: [String], rows: LazyMapSequence<[TargetProgress], [String]>) {
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
    let rows = records.map { record -> [String] in
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

/// The records of the open data JSON in `JSONEncoder`'s pretty-printed layout: two spaces an
/// indent, `"key" : value`, keys sorted, absent values left out, an empty object as `{`, a blank
/// line and `}`.
struct JSONLayout {
  private(set) var bytes: [UInt8] = []
  /// The objects being written, innermost last: each one's indent and how many fields it has.
  private var open: [(indent: Int, fields: Int)] = []

  mutating func append(_ text: String) {
    bytes += text.utf8
  }

  /// A record, as an element of the array of `{"targets": [...]}`.
  mutating func write(_ record: OpenData.Record) {
    spaces(4)
    beginObject(indent: 4)
    field("baseline", number: record.baseline)
    field("baseline_source", string: record.baselineSource)
    field("department", string: record.department)
    field("due", string: record.due)
    field("high", number: record.high)
    field("id", string: record.id)
    field("kind", string: record.kind)
    field("label", texts: record.label)
    if let latest = record.latest {
      key("latest")
      beginObject(indent: 6)
      field("as_of", string: latest.asOf)
      field("note", string: latest.note)
      field("note_translations", texts: latest.noteTranslations)
      field("period", string: latest.period)
      field("source", string: latest.source)
      field("source_translations", texts: latest.sourceTranslations)
      field("stale", bool: latest.stale)
      field("state", string: latest.state)
      field("value", number: latest.value)
      endObject()
    }
    field("low", number: record.low)
    field("progress", number: record.progress)
    field("section", string: record.section)
    field("status", string: record.status)
    field("target", number: record.target)
    field("unit", texts: record.unit)
    endObject()
  }

  private mutating func field(_ name: String, string: String?) {
    guard let string else { return }
    key(name)
    quoted(string)
  }

  private mutating func field(_ name: String, number: Double?) {
    guard let number else { return }
    key(name)
    // The encoder writes a number's description, an integral one without its `.0`.
    let text = number.description
    bytes += (text.hasSuffix(".0") ? text.dropLast(2) : text[...]).utf8
  }

  private mutating func field(_ name: String, bool: Bool) {
    key(name)
    append(bool ? "true" : "false")
  }

  private mutating func field(_ name: String, texts: [String: String]?) {
    guard let texts else { return }
    key(name)
    beginObject(indent: (open.last?.indent ?? 0) + 2)
    for (language, text) in texts.sorted(by: { $0.key < $1.key }) { field(language, string: text) }
    endObject()
  }

  private mutating func key(_ name: String) {
    guard let object = open.popLast() else { return }
    append(object.fields == 0 ? "\n" : ",\n")
    spaces(object.indent + 2)
    quoted(name)
    append(" : ")
    open.append((object.indent, object.fields + 1))
  }

  private mutating func beginObject(indent: Int) {
    append("{")
    open.append((indent, 0))
  }

  private mutating func endObject() {
    guard let object = open.popLast() else { return }
    append(object.fields == 0 ? "\n\n" : "\n")
    spaces(object.indent)
    append("}")
  }

  private mutating func spaces(_ count: Int) {
    bytes += repeatElement(UInt8(ascii: " "), count: count)
  }

  /// A JSON string as the encoder escapes it: quotes, backslashes and control characters.
  private mutating func quoted(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): append("\\\"")
      case UInt8(ascii: "\\"): append("\\\\")
      case 0x0A: append("\\n")
      case 0x0D: append("\\r")
      case 0x09: append("\\t")
      case 0x08: append("\\b")
      case 0x0C: append("\\f")
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        append("\\u00")
        bytes += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
