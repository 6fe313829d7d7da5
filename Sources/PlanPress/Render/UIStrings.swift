import Foundation
import PageModels
import Yams

/// The interface text of the site (navigation, headings, notices) per language, from
/// `Templates/i18n/<lang>.yaml`. Templates read it as properties (`InterfaceTexts`); PlanPress's
/// own sentences, which have placeholders, by key. Nested keys use dots.
public struct UIStrings: Sendable {
  /// Per language, every key flattened with dots, to its text.
  let flat: [String: [String: String]]
  /// The same texts cut at their `{name}` placeholders once, for `parts` and `text`: pages of
  /// targets fill thousands of them.
  private let pieces: [String: [String: [Piece]]]

  private enum Piece: Sendable {
    case words(String)
    case placeholder(String)
  }

  /// The hash of the files the texts were read from, in language order: what a page shows of them.
  let sourcesHash: UInt64

  init(flat: [String: [String: String]], sourcesHash: UInt64 = 0) {
    self.flat = flat
    self.sourcesHash = sourcesHash
    pieces = flat.mapValues { $0.mapValues(Self.pieces(of:)) }
  }

  /// The keys that PlanPress itself uses when it builds text, besides those the templates use.
  static let keysUsedByCode = [
    "kind.at_least", "kind.at_most", "kind.between", "kind.equals", "kind.milestone", "language_name", "departments.title", "section.part",
    "targets.baseline", "targets.baseline_as_of", "status.met", "status.on_track", "status.at_risk", "status.behind",
    "status.not_started", "status.no_data", "milestone.done", "milestone.in_progress", "milestone.not_started",
    "chart.progress", "chart.series", "dashboard.title", "dashboard.newest", "brief.page_numbers", "targets.in_language",
  ]

  /// Loads `i18n/<lang>.yaml` for every language and reports keys missing in any of them.
  public static func load(templatesDirectory: String, languages: [String], log: inout DiagnosticLog) -> UIStrings {
    var flat: [String: [String: String]] = [:]
    var hasher = StableHasher()
    var locations: [String: SourceLocation] = [:]
    for language in languages {
      let path =
        templatesDirectory.hasSuffix("/") ? "\(templatesDirectory)i18n/\(language).yaml" : "\(templatesDirectory)/i18n/\(language).yaml"
      locations[language] = SourceLocation(path: path)
      guard let file = log.attempt({ try SourceFile.read(URL(fileURLWithPath: path), reportedAs: path) }),
        let root = log.attempt({ try YAMLValue.parse(file.text, in: file) })
      else { continue }
      hasher.combine(language)
      hasher.combine(file.textHash)
      var entries: [String: String] = [:]
      if log.attempt({ try readTree(root, prefix: "", into: &entries) }) != nil {
        flat[language] = entries
      }
    }
    let templateKeys = Set(InterfaceTexts.keys)
    let allKeys = Set(flat.values.flatMap(\.keys)).union(keysUsedByCode).union(templateKeys)
    for language in languages {
      guard let entries = flat[language], let location = locations[language] else { continue }
      for key in allKeys.sorted() where entries[key] == nil {
        let usedBy =
          templateKeys.contains(key)
          ? "shown by the templates" : keysUsedByCode.contains(key) ? "used by PlanPress itself" : "defined in another language"
        log.error("interface text '\(key)' is missing in \(language).yaml (\(usedBy))", at: location)
      }
    }
    return UIStrings(flat: flat, sourcesHash: hasher.finalize())
  }

  private static func readTree(_ value: YAMLValue, prefix: String, into entries: inout [String: String]) throws {
    for (key, child) in try value.mapping(in: prefix.isEmpty ? "interface texts" : "'\(prefix)'") {
      let path = prefix.isEmpty ? key : "\(prefix).\(key)"
      if case .mapping = child.node {
        try readTree(child, prefix: path, into: &entries)
      } else {
        guard case .scalar(let scalar) = child.node else { throw child.error("expected text or a mapping for '\(path)'") }
        entries[path] = scalar.string
      }
    }
  }

  /// A text that a language's file may leave out (another language's name), nil where it does.
  func optionalText(_ key: String, _ language: String) -> String? {
    flat[language]?[key]
  }

  /// One text, with `{name}` placeholders filled in.
  func text(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
    guard !values.isEmpty, let pieces = pieces[language]?[key] else { return flat[language]?[key] ?? key }
    return parts(of: pieces, values).map(\.text).joined()
  }

  /// The text of `key` with its placeholders filled, each value a part of its own, so that a page
  /// can keep an amount or a date whole.
  func parts(_ key: String, _ language: String, _ values: [String: String] = [:]) -> [TextPart] {
    parts(of: pieces[language]?[key] ?? Self.pieces(of: key), values)
  }

  /// Words run together, and a placeholder without a value stays as written.
  private func parts(of pieces: [Piece], _ values: [String: String]) -> [TextPart] {
    var parts: [TextPart] = []
    var words = ""
    for piece in pieces {
      switch piece {
      case .words(let text): words += text
      case .placeholder(let name):
        guard let value = values[name] else {
          words += "{\(name)}"
          continue
        }
        if !words.isEmpty { parts.append(TextPart(words, isValue: false)) }
        parts.append(TextPart(value, isValue: true))
        words = ""
      }
    }
    if !words.isEmpty { parts.append(TextPart(words, isValue: false)) }
    return parts
  }

  /// A text cut at each `{name}` (a name with no `{` in it).
  private static func pieces(of text: String) -> [Piece] {
    var pieces: [Piece] = []
    var words = ""
    var rest = text[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let name = rest[rest.index(after: open)..<close]
      if name.contains("{") {
        words += rest[...open]
        rest = rest[rest.index(after: open)...]
        continue
      }
      words += rest[..<open]
      if !words.isEmpty { pieces.append(.words(words)) }
      pieces.append(.placeholder(String(name)))
      words = ""
      rest = rest[rest.index(after: close)...]
    }
    words += rest
    if !words.isEmpty { pieces.append(.words(words)) }
    return pieces
  }
}
