import Foundation
import Yams

/// A YAML node together with the file it came from, so that every mistake found while reading it
/// is reported at its line and column in that file.
public struct YAMLValue {
  public let node: Node
  public let file: SourceFile
  /// Added to Yams' line numbers, which count from the start of the YAML text, not of the file.
  let lineOffset: Int
  /// How many lines the YAML text has: a mark past them may be past the end of the file.
  let yamlLineCount: Int

  /// Parses YAML that starts at `firstLine` of `file`. Empty YAML gives an empty mapping.
  public static func parse(_ yaml: String, in file: SourceFile, firstLine: Int = 1) throws -> YAMLValue {
    let lineOffset = firstLine - 1
    let yamlLineCount = yaml.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    do {
      // The basic resolver: PlanPress reads every scalar as text and converts it itself, so the
      // default resolver's regular expressions would only cost time. UTF-8 named, as finding the
      // default encoding reads the environment on every call.
      let node = try Yams.compose(yaml: yaml, .basic, .default, .utf8) ?? Node.mapping(Node.Mapping([]))
      return YAMLValue(node: node, file: file, lineOffset: lineOffset, yamlLineCount: yamlLineCount)
    } catch let error as YamlError {
      throw diagnostic(for: error, in: file, lineOffset: lineOffset, yamlLineCount: yamlLineCount)
    }
  }

  private static func diagnostic(for error: YamlError, in file: SourceFile, lineOffset: Int, yamlLineCount: Int) -> Diagnostic {
    func located(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> Diagnostic {
      var message = "YAML: \(problem)"
      if let context { message += " (\(context.text) at line \(context.mark.line + lineOffset))" }
      let location = fileLocation(of: mark, in: file, lineOffset: lineOffset, yamlLineCount: yamlLineCount)
      return Diagnostic(.error, at: location, message, sourceLine: file.line(location.line))
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return located(problem, mark, context)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return located("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping", context.mark, nil)
    case .reader(let problem, _, _, _):
      return Diagnostic(.error, at: file.location(line: lineOffset + 1), "YAML: \(problem)")
    default:
      return Diagnostic(.error, at: file.location(line: lineOffset + 1), "YAML: \(error)")
    }
  }

  func child(_ node: Node) -> YAMLValue {
    YAMLValue(node: node, file: file, lineOffset: lineOffset, yamlLineCount: yamlLineCount)
  }

  /// Where this node starts in the file.
  public var location: SourceLocation {
    guard let mark = node.mark else { return file.location(line: lineOffset + 1) }
    return Self.fileLocation(of: mark, in: file, lineOffset: lineOffset, yamlLineCount: yamlLineCount)
  }

  /// A Yams mark as a place in the file. libyaml puts what it finds at the end of a text without a
  /// final line break on the line after the last; only such marks need the (slower) check that the
  /// line exists.
  private static func fileLocation(of mark: Mark, in file: SourceFile, lineOffset: Int, yamlLineCount: Int) -> SourceLocation {
    guard mark.line > yamlLineCount else { return file.location(line: mark.line + lineOffset, column: mark.column) }
    return file.clampedLocation(line: mark.line + lineOffset, column: mark.column)
  }

  /// An error located at this node.
  public func error(_ message: String) -> Diagnostic {
    Diagnostic(.error, at: location, message, sourceLine: file.line(location.line))
  }

  /// A warning located at this node.
  public func warning(_ message: String) -> Diagnostic {
    Diagnostic(.warning, at: location, message, sourceLine: file.line(location.line))
  }

  private var kindName: String {
    switch node {
    case .scalar: return "a value"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  // MARK: Structure

  /// The pairs of a mapping, in file order; any key outside `allowed` is an error naming the closest allowed key.
  public func mapping(allowedKeys allowed: [String]? = nil, in context: String) throws -> [(key: String, value: YAMLValue)] {
    guard case .mapping(let mapping) = node else {
      throw error("expected a mapping of keys to values for \(context), found \(kindName)")
    }
    var pairs: [(key: String, value: YAMLValue)] = []
    for (keyNode, valueNode) in mapping {
      let key = child(keyNode)
      guard case .scalar(let scalar) = keyNode else { throw key.error("expected a plain key in \(context)") }
      if let allowed, !allowed.contains(scalar.string) {
        let hint = Suggestion.didYouMean(scalar.string, among: allowed) ?? "; expected one of: \(allowed.joined(separator: ", "))"
        throw key.error("unknown key '\(scalar.string)' in \(context)\(hint)")
      }
      pairs.append((scalar.string, child(valueNode)))
    }
    return pairs
  }

  /// A mapping as a lookup table, checked against the allowed keys.
  public func fields(allowedKeys allowed: [String], in context: String) throws -> YAMLFields {
    YAMLFields(owner: self, pairs: try mapping(allowedKeys: allowed, in: context), context: context)
  }

  /// The items of a list.
  public func sequence(in context: String) throws -> [YAMLValue] {
    guard case .sequence(let sequence) = node else {
      throw error("expected a list for \(context), found \(kindName)")
    }
    return sequence.map(child)
  }

  // MARK: Scalars

  private func scalar(_ expected: String, in context: String) throws -> Node.Scalar {
    guard case .scalar(let scalar) = node else { throw error("expected \(expected) for \(context), found \(kindName)") }
    return scalar
  }

  /// A non-empty string.
  public func string(in context: String) throws -> String {
    let value = try scalar("text", in: context).string
    // Most values start with a letter: only the others need Foundation's (slow) trimming.
    let startsWithText = value.unicodeScalars.first.map { !CharacterSet.whitespaces.contains($0) } ?? false
    guard startsWithText || !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("\(context) must not be empty") }
    return value
  }

  /// A number (integer or decimal).
  public func number(in context: String) throws -> Double {
    let scalar = try scalar("a number", in: context)
    // Only a number written with `_` (1_000) needs Foundation's (slow) replacing.
    let digits = scalar.string.utf8.contains(UInt8(ascii: "_")) ? scalar.string.replacingOccurrences(of: "_", with: "") : scalar.string
    guard scalar.style == .plain, let value = Double(digits),
      value.isFinite
    else {
      throw error("expected a number for \(context), found '\(scalar.string)'")
    }
    return value
  }

  /// `true` or `false`.
  public func bool(in context: String) throws -> Bool {
    let scalar = try scalar("true or false", in: context)
    switch scalar.string {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: throw error("expected true or false for \(context), found '\(scalar.string)'")
    }
  }

  /// A calendar date written `YYYY-MM-DD` that exists.
  public func date(in context: String) throws -> PlanDate {
    let text = try scalar("a date (YYYY-MM-DD)", in: context).string
    guard let date = PlanDate(text) else {
      throw error("expected a date that exists, written YYYY-MM-DD, for \(context), found '\(text)'")
    }
    return date
  }

  /// An identifier in `[a-z0-9-]`: safe in a URL and a file name.
  public func identifier(in context: String) throws -> String {
    let text = try string(in: context)
    guard Identifier.isValid(text) else {
      throw error("\(context) '\(text)' must use only lowercase letters a-z, digits and '-' (it is part of a URL)")
    }
    return text
  }

  /// A map from language code to text, such as `{zh: 社会救助, en: Social assistance}`.
  public func localizedText(in context: String) throws -> LocalizedText {
    var texts: [String: String] = [:]
    for (language, value) in try mapping(in: context) {
      texts[language] = try value.string(in: "\(context) (\(language))")
    }
    return LocalizedText(texts)
  }
}

/// The keys of one YAML mapping, looked up by name, with errors for missing ones located at the mapping.
public struct YAMLFields {
  public let owner: YAMLValue
  /// Kept apart from the values: a search through pairs copies each pair it passes (a YAML node
  /// and its file), and every target's fields are looked up a dozen times.
  public let keys: [String]
  let values: [YAMLValue]
  let context: String

  init(owner: YAMLValue, pairs: [(key: String, value: YAMLValue)], context: String) {
    self.owner = owner
    keys = pairs.map(\.key)
    values = pairs.map(\.value)
    self.context = context
  }

  public subscript(key: String) -> YAMLValue? {
    keys.firstIndex(of: key).map { values[$0] }
  }

  /// A key that must be present.
  public func required(_ key: String) throws -> YAMLValue {
    guard let value = self[key] else { throw owner.error("\(context) is missing the required key '\(key)'") }
    return value
  }
}
