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
///
/// Only values of these exact types are replaced, so that every other value (an optional, a
/// dictionary keyed otherwise, a list of numbers) renders as it did; and a template that names a
/// partial by a value (`{{>*name}}`), which swift-mustache only takes from a `String`, is rendered
/// from the values as they are (see `TemplateSet.preparesValues`).
enum TemplateValue {
  /// `value` with every string, dictionary keyed by strings and list of them in it, however deep,
  /// replaced by its `TemplateText` or `TemplateObject`; other values, and values already
  /// prepared, as they are.
  static func prepared(_ value: Any) -> Any {
    // Types compared, not cast to: a cast would see through an optional, or take a dictionary of
    // `AnyHashable` keys for one of strings.
    let type = type(of: value)
    if type == String.self, let text = value as? String { return TemplateText(text) }
    if type == [String: Any].self, let object = value as? [String: Any] { return TemplateObject(object) }
    if type == [String: any Sendable].self, let object = value as? [String: any Sendable] { return TemplateObject(object) }
    if type == [[String: Any]].self, let list = value as? [[String: Any]] { return list.map(TemplateObject.init) }
    if type == [String].self, let list = value as? [String] { return list.map(TemplateText.init) }
    if type == [Any].self, let list = value as? [Any] { return list.map(prepared) }
    return value
  }

  /// A prepared value as it was given, for printing it whole (`{{.}}` of a dictionary or a list).
  static func unprepared(_ value: Any) -> Any {
    switch value {
    case let text as TemplateText: return text.renderText
    case let object as TemplateObject: return object.values.mapValues(unprepared)
    case let list as [TemplateText]: return list.map(\.renderText)
    case let list as [TemplateObject]: return list.map { $0.values.mapValues(unprepared) }
    case let list as [Any] where type(of: value) == [Any].self: return list.map(unprepared)
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

  init(_ values: [String: any Sendable]) {
    self.values = values.mapValues { TemplateValue.prepared($0) }
  }

  func child(named name: String) -> Any? { values[name] }

  /// The dictionary's transforms (`count`, `empty`, `enumerated`, `sorted`).
  func transform(_ name: String) -> Any? { values.transform(name) }

  // `{{.}}` of a dictionary prints it: as it was given.
  var description: String { String(describing: TemplateValue.unprepared(self)) }
  var debugDescription: String { String(reflecting: TemplateValue.unprepared(self)) }
}

/// A string, prepared (see `TemplateValue`): escaped where a template writes `{{name}}`, as is
/// where it writes `{{{name}}}`, as a string is.
struct TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable, CustomStringConvertible,
  CustomDebugStringConvertible, Comparable, Sendable
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

  /// As strings compare: a list of texts is sorted (`sorted(list)`) as a list of strings is.
  static func < (left: TemplateText, right: TemplateText) -> Bool { left.renderText < right.renderText }
}
