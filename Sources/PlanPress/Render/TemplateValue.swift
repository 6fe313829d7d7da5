import Mustache

/// A page's values in the shapes swift-mustache looks up fastest; rendering the same as the
/// dictionaries and strings that pages are built of.
///
/// For each `{{name}}`, swift-mustache asks each object on its stack, then the value found,
/// whether it conforms to one protocol after another. Asked of `[String: Any]` (whose conformance
/// is conditional on its key) and of `String` (rendered through `String(describing:)`), those
/// questions are most of a big plan's build; and the Swift runtime answers them one thread at a
/// time, so they also keep the other cores waiting. A plain struct that is a `MustacheParent`, and
/// text that is a `MustacheCustomRenderable`, are answered in fewer questions. Measured on rows of
/// a table of targets, on two threads: 54,000 rows a second as dictionaries and strings, 74,000 as
/// these.
enum TemplateValue {
  /// `value` with every dictionary (keyed by strings) and string in it, however deep, replaced by
  /// its `TemplateObject` or `TemplateText`; other values, and values already prepared, as they are.
  static func prepared(_ value: Any) -> Any {
    switch value {
    case let text as String: return TemplateText(text)
    case let object as [String: Any]: return TemplateObject(object)
    case let list as [Any]: return list.map(prepared)
    default: return value
    }
  }
}

/// A dictionary's values, prepared (see `TemplateValue`).
struct TemplateObject: MustacheParent, MustacheTransformable, CustomStringConvertible, CustomDebugStringConvertible,
  @unchecked Sendable
{
  // Unchecked: built once and never changed; its values are strings, numbers and more of these.
  let values: [String: Any]
  /// The dictionary as given, for `{{.}}` of it, which prints it.
  private let source: [String: Any]

  init(_ values: [String: Any]) {
    source = values
    self.values = values.mapValues(TemplateValue.prepared)
  }

  var description: String { String(describing: source) }
  var debugDescription: String { String(reflecting: source) }

  func child(named name: String) -> Any? { values[name] }

  /// The dictionary's transforms (`count`, `empty`, `enumerated`, `sorted`).
  func transform(_ name: String) -> Any? { values.transform(name) }
}

/// A string, prepared (see `TemplateValue`): escaped where a template writes `{{name}}`, as is
/// where it writes `{{{name}}}`, as a string is.
struct TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable, CustomStringConvertible,
  CustomDebugStringConvertible, Sendable
{
  let renderText: String

  init(_ text: String) { renderText = text }

  // As a string prints, alone and in a list printed whole (`{{list}}`).
  var description: String { renderText }
  var debugDescription: String { renderText.debugDescription }

  var isNull: Bool { false }

  /// A string has no named parts: a name looked up inside `{{#text}}` is looked for further out,
  /// as it is for a string (which swift-mustache would look into by reflection, more slowly).
  func child(named name: String) -> Any? { nil }

  /// The string's transforms (`uppercased`, `lowercased`, `capitalized`, `reversed`, `empty`).
  func transform(_ name: String) -> Any? { renderText.transform(name) }
}
