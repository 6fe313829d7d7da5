import CSV
import Foundation

/// Reads the figures that units report, `metrics/*.csv`: a header row, then one observation a row.
/// Parsing is CSV.swift's (quoted fields, commas and newlines inside quotes); this type only
/// interprets the fields and locates each row's line, so every mistake names its file and line.
public struct MetricsParser {
  public static let requiredColumns = ["target", "period", "value", "as-of", "source"]
  static let untranslatedOptionalColumns = ["unit", "note"]
  /// The columns that give a figure's source and note in another language than the plan's own.
  static let translatedColumns = ["source", "note"]

  /// Columns besides the required and optional ones: `source-<lang>` and `note-<lang>` for each
  /// of `languages` but the first, the language sources are published in.
  let optionalColumns: [String]
  let translations: [String]

  /// `languages` are the site's, the default first.
  public init(languages: [String] = []) {
    translations = Array(languages.dropFirst())
    optionalColumns =
      Self.untranslatedOptionalColumns + translations.flatMap { language in Self.translatedColumns.map { "\($0)-\(language)" } }
  }

  public func parse(_ file: SourceFile, log: inout DiagnosticLog) -> [Observation] {
    guard !file.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      log.error(
        "empty metrics file: expected a header row (\((Self.requiredColumns + optionalColumns).joined(separator: ",")))",
        at: file.location(), in: file)
      return []
    }
    let reader: CSVReader
    do {
      reader = try CSVReader(string: file.text, hasHeaderRow: true)
    } catch {
      // The text is in memory and valid UTF-8: only the header row can be what the reader refuses.
      log.error("cannot read the header row of this CSV file", at: file.location(), in: file)
      return []
    }
    guard let header = reader.headerRow?.map({ $0.trimmingCharacters(in: .whitespaces) }), header != [""] else {
      log.error(
        "empty metrics file: expected a header row (\((Self.requiredColumns + optionalColumns).joined(separator: ",")))",
        at: file.location(), in: file)
      return []
    }
    let known = Self.requiredColumns + optionalColumns
    var columnsOK = true
    for (index, name) in header.enumerated() where !known.contains(name) {
      let hint = Suggestion.didYouMean(name, among: known) ?? "; expected \(known.joined(separator: ", "))"
      log.error("unknown column '\(name)'\(hint)", at: file.location(line: 1, column: column(of: index, in: file.line(1) ?? "")), in: file)
      columnsOK = false
    }
    for name in Self.requiredColumns where !header.contains(name) {
      log.error("missing column '\(name)' in the header row", at: file.location(), in: file)
      columnsOK = false
    }
    guard columnsOK else { return [] }

    // A row starts on the line after the previous row's last line; a field's newlines add lines.
    var line = 1 + header.reduce(0) { $0 + $1.newlineCount }
    var observations: [Observation] = []
    while let record = reader.next() {
      line += 1
      defer { line += record.reduce(0) { $0 + $1.newlineCount } }
      if record == [""] { continue }  // a blank line
      let location = file.location(line: line)
      var row = record
      // Spreadsheets may leave out empty fields at the end of a row; only optional columns may be missing.
      if row.count < header.count, header[row.count...].allSatisfy(optionalColumns.contains) {
        row += Array(repeating: "", count: header.count - row.count)
      }
      guard row.count == header.count else {
        log.error("expected \(header.count) fields (\(header.joined(separator: ","))), found \(row.count)", at: location, in: file)
        continue
      }
      var fields: [String: String] = [:]
      for (name, value) in zip(header, row) { fields[name] = value.trimmingCharacters(in: .whitespaces) }
      if let observation = log.attempt({ try observation(fields, at: location, header: header, file: file) }) {
        observations.append(observation)
      }
    }
    return observations
  }

  private func observation(_ fields: [String: String], at location: SourceLocation, header: [String], file: SourceFile) throws
    -> Observation
  {
    let firstLine = file.line(location.line) ?? ""
    var columns: [String: Int] = [:]
    for (index, name) in header.enumerated() { columns[name] = column(of: index, in: firstLine) }
    func fail(_ column: String, _ message: String) -> Diagnostic {
      var located = location
      located.column = columns[column] ?? 1
      return Diagnostic(.error, at: located, message, sourceLine: firstLine)
    }
    let target = fields["target", default: ""]
    guard Identifier.isValid(target) else { throw fail("target", "target id '\(target)' must use only a-z, 0-9 and '-'") }
    let periodText = fields["period", default: ""]
    guard let period = Period(periodText) else {
      throw fail("period", "period '\(periodText)' must be a year (2015), a quarter (2015-Q3) or a month (2015-07)")
    }
    let valueText = fields["value", default: ""]
    let value: ObservedValue
    if let state = MilestoneState(rawValue: valueText) {
      value = .milestone(state)
    } else if let number = Double(valueText.replacingOccurrences(of: ",", with: "")), number.isFinite, !valueText.isEmpty {
      value = .number(number)
    } else {
      throw fail("value", "value '\(valueText)' is not a number, nor a milestone state (done, in-progress, not-started)")
    }
    let asOfText = fields["as-of", default: ""]
    guard let asOf = PlanDate(asOfText) else { throw fail("as-of", "as-of '\(asOfText)' must be a date that exists, written YYYY-MM-DD") }
    let source = fields["source", default: ""]
    guard !source.isEmpty else { throw fail("source", "every figure needs its source: a URL or a citation") }
    let unit = fields["unit"].flatMap { $0.isEmpty ? nil : $0 }
    let note = fields["note"].flatMap { $0.isEmpty ? nil : $0 }
    var observation = Observation(
      target: target, period: period, value: value, unit: unit, asOf: asOf, source: source, note: note, location: location,
      columns: columns)
    for language in translations {
      observation.translatedSource[language] = fields["source-\(language)"].flatMap { $0.isEmpty ? nil : $0 }
      if let translated = fields["note-\(language)"], !translated.isEmpty {
        guard note != nil else {
          throw fail("note-\(language)", "a note in \(language) for a figure without a note: give the note as published in the note column")
        }
        observation.translatedNote[language] = translated
      }
    }
    return observation
  }

  /// The column (1-based, in Unicode scalars) where the field at `index` starts in a row's first line.
  private func column(of index: Int, in line: String) -> Int {
    var field = 0
    var quoted = false
    var column = 1
    for scalar in line.unicodeScalars {
      if field == index { return column }
      if scalar == "\"" { quoted.toggle() } else if scalar == ",", !quoted { field += 1 }
      column += 1
    }
    return field == index ? column : 1
  }
}

extension String {
  fileprivate var newlineCount: Int { unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
}
