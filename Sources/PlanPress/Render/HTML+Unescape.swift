import PageModels

extension HTML {
  /// Decodes the character references that HTML writers (cmark, Mustache, `escape`) produce:
  /// the named `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and numeric `&#39;` `&#x27;` forms.
  /// Anything else is left as written.
  static func unescape(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var result = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
      result += rest[..<ampersand]
      let reference = rest[ampersand...]
      guard let semicolon = reference.prefix(12).firstIndex(of: ";") else {
        result += "&"
        rest = reference.dropFirst()
        continue
      }
      let name = reference[reference.index(after: ampersand)..<semicolon]
      if let decoded = decode(name) {
        result += decoded
        rest = reference[reference.index(after: semicolon)...]
      } else {
        result += "&"
        rest = reference.dropFirst()
      }
    }
    return result + rest
  }

  private static func decode(_ name: Substring) -> String? {
    switch name {
    case "amp": return "&"
    case "lt": return "<"
    case "gt": return ">"
    case "quot": return "\""
    case "apos": return "'"
    default:
      guard name.hasPrefix("#") else { return nil }
      let digits = name.dropFirst()
      let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
      return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }
  }
}
