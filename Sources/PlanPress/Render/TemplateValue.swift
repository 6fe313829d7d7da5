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

/// A dictionary's values, prepared (see `TemplateValue`). One reference, as a dictionary is: the
/// stack swift-mustache keeps is copied for every section it enters.
struct TemplateObject: MustacheParent, MustacheTransformable, CustomStringConvertible, CustomDebugStringConvertible,
  @unchecked Sendable
{
  // Unchecked: built once and never changed; its values are strings, numbers and more of these.
  let values: [String: Any]

  init(_ values: [String: Any]) {
    self.values = values.mapValues(TemplateValue.prepared)
  }

  func child(named name: String) -> Any? { values[name] }

  /// The dictionary's transforms (`count`, `empty`, `enumerated`, `sorted`).
  func transform(_ name: String) -> Any? { values.transform(name) }

  // `{{.}}` of a dictionary prints it: as it was given.
  var description: String { String(describing: Self.unprepared(values)) }
  var debugDescription: String { String(reflecting: Self.unprepared(values)) }

  private static func unprepared(_ value: Any) -> Any {
    switch value {
    case let text as TemplateText: return text.renderText
    case let object as TemplateObject: return unprepared(object.values)
    case let values as [String: Any]: return values.mapValues(unprepared)
    case let list as [Any]: return list.map(unprepared)
    default: return value
    }
  }
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
