import Mustache

/// The site's templates, parsed a second time into a form that renders several times faster than
/// swift-mustache, with the same output.
///
/// swift-mustache stays the reference: it reports template errors, and it renders any page this
/// renderer cannot. Both the parse and the render here follow swift-mustache's own rules
/// (`Template+Parser.swift` and `Template+Render.swift` of swift-mustache 2, Apache 2.0, the
/// Hummingbird authors), whitespace and standalone lines included, for the features PlanPress's
/// templates use: variables, `{{{raw}}}` and `{{&raw}}`, sections and inverted sections, comments,
/// partials, and template inheritance with blocks. A template with anything else (transforms,
/// lambdas, dynamic partials, changed delimiters, pragmas) is not compiled, and a value of a type
/// other than those PlanPress puts in contexts (dictionaries of strings to values, arrays, strings,
/// integers, decimals, booleans) stops the render; either way the page goes to swift-mustache.
///
/// Why it is faster: swift-mustache renders each tag into a string of its own, splits each name
/// and casts each value to several protocols at every lookup, and copies its context stack at
/// every section; here a page is one buffer, names are split once and values are matched by type.
/// On a big plan, swift-mustache was half of a build's time.
struct CompiledTemplates: Sendable {
  private let templates: [String: [Node]]

  /// Compiles every template; nil if any uses a feature this renderer does not have, as a
  /// template's partials and parents may be any of the others.
  init?(texts: [String: String]) {
    var templates: [String: [Node]] = [:]
    for (name, text) in texts {
      guard let nodes = try? TemplateParser.parse(text) else { return nil }
      templates[name] = nodes
    }
    self.templates = templates
  }

  /// Renders a template with a context; nil when a value is of a type this renderer leaves to swift-mustache.
  func render(_ context: [String: Any], with name: String) -> String? {
    guard let nodes = templates[name] else { return nil }
    var renderer = NodeRenderer(templates: templates, stack: [context])
    var output = ""
    do {
      try renderer.render(nodes, indentation: nil, inherited: nil, into: &output)
    } catch {
      return nil
    }
    return output
  }
}

/// A part of a compiled template.
private indirect enum Node: Sendable {
  case text(String)
  case variable([String], escaped: Bool)
  case section([String], [Node])
  case invertedSection([String], [Node])
  case partial(String, indentation: String?, overrides: [String: [Node]]?)
  case blockExpansion(String, defaultNodes: [Node], indentation: String)
  case blockDefinition(String, [Node])
}

/// A name as templates write it (`t.nav.home`), split once.
private func splitName(_ name: String) -> [String] {
  name == "." ? ["."] : name.split(separator: ".").map(String.init)
}

/// A template feature this renderer leaves to swift-mustache, or a template swift-mustache rejects.
private struct Unsupported: Error {}

/// swift-mustache's parser, for the tags PlanPress's templates use.
private struct TemplateParser {
  private let characters: [Character]
  private var position = 0

  private struct State {
    var sectionName: String?
    var newLine = true
    var isPartialDefinition = false
    var isPartialDefinitionTopLevel = false
    var partialDefinitionIndent: String?

    func withSectionName(_ name: String, newLine: Bool) -> State {
      var state = self
      state.sectionName = name
      state.isPartialDefinitionTopLevel = false
      if !newLine { state.newLine = false }
      return state
    }

    func withInheritancePartial(_ name: String) -> State {
      var state = self
      state.sectionName = name
      state.newLine = true
      state.isPartialDefinition = true
      state.isPartialDefinitionTopLevel = true
      return state
    }
  }

  static func parse(_ text: String) throws -> [Node] {
    var parser = TemplateParser(characters: Array(text))
    return try parser.parse(State())
  }

  private init(characters: [Character]) {
    self.characters = characters
  }

  private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
  private static let partialNameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

  private var reachedEnd: Bool { position >= characters.count }
  private var current: Character { reachedEnd ? "\0" : characters[position] }

  @discardableResult
  private mutating func read(while belongs: (Character) -> Bool) -> String {
    let start = position
    while !reachedEnd, belongs(characters[position]) { position += 1 }
    return String(characters[start..<position])
  }

  private mutating func read(_ string: String) -> Bool {
    let expected = Array(string)
    guard position + expected.count <= characters.count, Array(characters[position..<position + expected.count]) == expected else {
      return false
    }
    position += expected.count
    return true
  }

  private mutating func parse(_ initial: State) throws -> [Node] {
    var nodes: [Node] = []
    var state = initial
    var whiteSpaceBefore = ""
    while !reachedEnd {
      if state.newLine {
        let whiteSpace = read { $0 == " " || $0 == "\t" }
        if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
          if let indent = state.partialDefinitionIndent {
            whiteSpaceBefore = String(whiteSpace.dropFirst(indent.count))
          } else {
            state.partialDefinitionIndent = whiteSpace
          }
        } else {
          whiteSpaceBefore = whiteSpace
        }
      }
      let text = readUntilTagOrNewline()
      if current.isNewline {
        nodes.append(.text(whiteSpaceBefore + text + String(current)))
        state.newLine = true
        position += 1
        continue
      }
      if !text.isEmpty {
        nodes.append(.text(whiteSpaceBefore + text))
        whiteSpaceBefore = ""
        state.newLine = false
      }
      if reachedEnd { break }
      var setNewLine = false
      switch current {
      case "#", "^":
        let inverted = current == "^"
        position += 1
        let name = try parseName()
        if isStandalone(state) {
          setNewLine = true
        } else if !whiteSpaceBefore.isEmpty {
          nodes.append(.text(whiteSpaceBefore))
          whiteSpaceBefore = ""
        }
        let section = try parse(state.withSectionName(name, newLine: setNewLine))
        nodes.append(inverted ? .invertedSection(splitName(name), section) : .section(splitName(name), section))

      case "/":
        position += 1
        let name = try parseName()
        guard name == state.sectionName else { throw Unsupported() }
        // A closing tag alone on its line takes the line with it. Whether the caller's next line
        // starts afresh depends on its opening tag, not on this one, as in swift-mustache.
        let standalone = isStandalone(state)
        if !standalone, !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
        return nodes

      case "!":
        position += 1
        guard let close = indexOf("}}") else { throw Unsupported() }
        position = close + 2
        setNewLine = isStandalone(state)

      case "{", "&":
        let triple = current == "{"
        if !whiteSpaceBefore.isEmpty {
          nodes.append(.text(whiteSpaceBefore))
          whiteSpaceBefore = ""
        }
        position += 1
        let name = try parseName()
        if triple, !read("}") { throw Unsupported() }
        nodes.append(.variable(splitName(name), escaped: false))

      case ">":
        position += 1
        read { $0.isWhitespace }
        if current == "*" { throw Unsupported() }
        let name = try parsePartialName()
        if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
        if isStandalone(state) {
          setNewLine = true
          nodes.append(.partial(name, indentation: whiteSpaceBefore, overrides: nil))
        } else {
          nodes.append(.partial(name, indentation: nil, overrides: nil))
        }
        whiteSpaceBefore = ""

      case "<":
        position += 1
        read { $0.isWhitespace }
        let name = try parsePartialName()
        if name.first == "*" { throw Unsupported() }
        if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
        if isStandalone(state) { setNewLine = true }
        var overrides: [String: [Node]] = [:]
        for node in try parse(state.withInheritancePartial(name)) {
          switch node {
          case .blockDefinition(let block, let content): overrides[block] = content
          case .text: break
          default: throw Unsupported()
          }
        }
        nodes.append(.partial(name, indentation: whiteSpaceBefore, overrides: overrides))
        whiteSpaceBefore = ""

      case "$":
        position += 1
        let name = try parseName()
        if state.isPartialDefinitionTopLevel {
          if isStandalone(state) { setNewLine = true }
          nodes.append(.blockDefinition(name, try parse(state.withSectionName(name, newLine: setNewLine))))
        } else {
          if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
          if isStandalone(state) { setNewLine = true }
          let defaultNodes = try parse(state.withSectionName(name, newLine: setNewLine))
          nodes.append(.blockExpansion(name, defaultNodes: defaultNodes, indentation: whiteSpaceBefore))
          whiteSpaceBefore = ""
        }

      case "=", "%":
        throw Unsupported()

      default:
        if !whiteSpaceBefore.isEmpty {
          nodes.append(.text(whiteSpaceBefore))
          whiteSpaceBefore = ""
        }
        nodes.append(.variable(splitName(try parseName()), escaped: true))
      }
      state.newLine = setNewLine
    }
    guard state.sectionName == nil else { throw Unsupported() }
    return nodes
  }

  /// Text up to the next `{{` (which is consumed) or newline (which is not).
  private mutating func readUntilTagOrNewline() -> String {
    var text = ""
    while !reachedEnd {
      let character = characters[position]
      if character == "\n" || character == "\r\n" { break }
      if character == "{" {
        if read("{{") { break }
        position += 1
      } else {
        position += 1
      }
      text.append(character)
    }
    return text
  }

  private func indexOf(_ string: String) -> Int? {
    let expected = Array(string)
    var index = position
    while index + expected.count <= characters.count {
      if Array(characters[index..<index + expected.count]) == expected { return index }
      index += 1
    }
    return nil
  }

  private mutating func parseName() throws -> String {
    read { $0.isWhitespace }
    let name = read { Self.nameCharacters.contains($0) }
    read { $0.isWhitespace }
    // Brackets are transforms, `*` dynamic names: swift-mustache's.
    guard read("}}"), !name.isEmpty, !name.contains("("), !name.contains(")") else { throw Unsupported() }
    if name.first == ".", name != "." { throw Unsupported() }
    return name
  }

  private mutating func parsePartialName() throws -> String {
    read { $0.isWhitespace }
    let name = read { Self.partialNameCharacters.contains($0) }
    read { $0.isWhitespace }
    guard read("}}") else { throw Unsupported() }
    return name
  }

  /// A tag stands alone if its line held nothing before it and holds nothing but spaces after it;
  /// then the rest of the line, newline included, is consumed.
  private mutating func isStandalone(_ state: State) -> Bool {
    guard state.newLine else { return false }
    if reachedEnd { return true }
    var index = position
    while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    guard index < characters.count, characters[index].isNewline else { return false }
    position = index + 1
    return true
  }
}

/// swift-mustache's rendering, into one buffer.
private struct NodeRenderer {
  let templates: [String: [Node]]
  var stack: [Any]

  mutating func render(_ nodes: [Node], indentation: String?, inherited: [String: [Node]]?, into output: inout String) throws {
    guard let indentation, !indentation.isEmpty else {
      for node in nodes { try render(node, indentation: indentation, inherited: inherited, into: &output) }
      return
    }
    // Indentation (of a partial that stands alone, indented) starts each line this template writes.
    var local = ""
    for node in nodes {
      var rendered = ""
      try render(node, indentation: indentation, inherited: inherited, into: &rendered)
      if !rendered.isEmpty, local.last == "\n" { local += indentation }
      local += rendered
    }
    output += local
  }

  private mutating func render(_ node: Node, indentation: String?, inherited: [String: [Node]]?, into output: inout String) throws {
    switch node {
    case .text(let text):
      output += text
    case .variable(let name, let escaped):
      guard let value = try lookUp(name) else { return }
      let text = try Self.text(of: value)
      output += escaped ? HTML.escape(text) : text
    case .section(let name, let content):
      let value = try lookUp(name)
      if let array = try Self.array(value) {
        for element in array {
          stack.append(element)
          try render(content, indentation: indentation, inherited: inherited, into: &output)
          stack.removeLast()
        }
      } else if let bool = Self.bool(value) {
        if bool { try render(content, indentation: indentation, inherited: inherited, into: &output) }
      } else if let value {
        try Self.requireKnown(value)
        stack.append(value)
        try render(content, indentation: indentation, inherited: inherited, into: &output)
        stack.removeLast()
      }
    case .invertedSection(let name, let content):
      let value = try lookUp(name)
      if let array = try Self.array(value) {
        guard array.isEmpty, let value else { return }
        // swift-mustache puts the empty list on the stack.
        stack.append(value)
        try render(content, indentation: indentation, inherited: inherited, into: &output)
        stack.removeLast()
      } else if let bool = Self.bool(value) {
        if !bool { try render(content, indentation: indentation, inherited: inherited, into: &output) }
      } else if let value {
        try Self.requireKnown(value)
      } else {
        try render(content, indentation: indentation, inherited: inherited, into: &output)
      }
    case .partial(let name, let indented, let overrides):
      guard let template = templates[name] else { return }
      let nested = indented.map { (indentation ?? "") + $0 } ?? indentation
      var merged = inherited
      if let overrides {
        // Blocks given further out win, as in swift-mustache.
        merged = inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
      }
      try render(template, indentation: nested, inherited: merged, into: &output)
    case .blockExpansion(let name, let defaultNodes, let indented):
      let nested = (indentation ?? "") + indented
      try render(inherited?[name] ?? defaultNodes, indentation: nested, inherited: inherited, into: &output)
    case .blockDefinition:
      throw Unsupported()
    }
  }

  /// A value by name: the first part looked up from the top of the stack down, the rest inside it.
  private func lookUp(_ name: [String]) throws -> Any? {
    guard let first = name.first else { return nil }
    if first == "." { return stack.last }
    for object in stack.reversed() {
      if var value = try Self.child(first, of: object) {
        for part in name.dropFirst() {
          guard let child = try Self.child(part, of: value) else { return nil }
          value = child
        }
        return value
      }
    }
    return nil
  }

  // Values are matched by their exact type before any cast: casting a dictionary or an array to
  // another element type would convert it, element by element.

  /// A named value inside a value; the types PlanPress puts in contexts, and no others.
  private static func child(_ name: String, of object: Any) throws -> Any? {
    let type = type(of: object)
    if type == [String: Any].self, let dictionary = object as? [String: Any] { return dictionary[name] }
    if type == [String: any Sendable].self, let dictionary = object as? [String: any Sendable] { return dictionary[name] }
    if type == [String: String].self, let dictionary = object as? [String: String] { return dictionary[name] }
    // swift-mustache looks into other values by reflection, which finds nothing in these.
    if type == String.self || type == Int.self || type == Double.self || type == Bool.self { return nil }
    if try array(object) != nil { return nil }
    throw Unsupported()
  }

  /// The elements of a list; nil for a value that is not one; an error for a list of another type.
  private static func array(_ value: Any?) throws -> [Any]? {
    guard let value else { return nil }
    let type = type(of: value)
    if type == [[String: Any]].self, let array = value as? [[String: Any]] { return array }
    if type == [String].self, let array = value as? [String] { return array }
    if type == [Any].self, let array = value as? [Any] { return array }
    if type == [String: Any].self || type == [String: any Sendable].self || type == String.self || type == Int.self || type == Bool.self {
      return nil
    }
    if value is any Mustache.MustacheSequence { throw Unsupported() }
    return nil
  }

  private static func bool(_ value: Any?) -> Bool? {
    guard let value, type(of: value) == Bool.self else { return nil }
    return value as? Bool
  }

  /// Values a section may push onto the stack: those `child(_:of:)` can look into.
  private static func requireKnown(_ value: Any) throws {
    let type = type(of: value)
    guard type == [String: Any].self || type == [String: any Sendable].self || type == [String: String].self || type == String.self
      || type == Int.self || type == Double.self
    else { throw Unsupported() }
  }

  /// A value as swift-mustache writes it: `String(describing:)`, for the types PlanPress uses.
  private static func text(of value: Any) throws -> String {
    let type = type(of: value)
    if type == String.self, let text = value as? String { return text }
    if type == Int.self, let number = value as? Int { return String(number) }
    if type == Double.self, let number = value as? Double { return String(describing: number) }
    if type == Bool.self, let bool = value as? Bool { return bool ? "true" : "false" }
    throw Unsupported()
  }
}
