import Mustache

/// The escaping templates apply to `{{value}}`: swift-mustache's HTML escaping (`&`, `<`, `>`,
/// `"`, `'`), done on UTF-8 bytes.
///
/// swift-mustache escapes character by character, looking each up in a dictionary; on a big plan
/// that was a sixth of a build. This content type is registered under `name` and named by a
/// pragma that `TemplateSet` puts before every template, so templates keep writing `{{value}}`.
/// One difference, on purpose: a `<` that a combining mark follows is escaped too (swift-mustache
/// sees the pair as one character and leaves it).
struct HTMLContentType: MustacheContentType {
  /// The name the pragma uses.
  static let name = "PLANPRESS_HTML"

  /// The pragma put before every template (on a line of its own); the content type is registered on first use.
  static let pragma: String = {
    MustacheContentTypes.register(HTMLContentType(), named: name)
    return "{{% CONTENT_TYPE: \(name) }}"
  }()

  func escapeText(_ text: String) -> String {
    HTML.escape(text)
  }
}
