import Foundation
import Mustache

/// The site's templates (`Templates/*.mustache`), parsed once, with their mistakes located.
public struct TemplateSet: Sendable {
  public let library: MustacheLibrary
  /// Each template's source, by name, for checks that read it.
  public let texts: [String: String]
  /// Whether pages are rendered from prepared values (see `TemplateValue`): not when a template
  /// names a partial or a parent by a value (`{{>*name}}`, `{{<*name}}`), which swift-mustache
  /// takes only from a `String`, nor when one changes its delimiters, behind which such a tag
  /// could not be seen.
  let preparesValues: Bool

  public init(library: MustacheLibrary, texts: [String: String]) {
    self.library = library
    self.texts = texts
    preparesValues = !texts.values.contains { $0.contains(/\{\{\s*([<>]\s*\*|=)/) }
  }

  /// `value` as pages are rendered from it: prepared, unless the templates need it as it is.
  func prepared(_ value: Any) -> Any {
    preparesValues ? TemplateValue.prepared(value) : value
  }

  /// The templates a build renders pages with.
  public static let pageTemplates = ["home", "section", "department", "departments", "dashboard", "brief", "not-found"]

  public static func load(from directory: String, log: inout DiagnosticLog) -> TemplateSet {
    var library = MustacheLibrary()
    var texts: [String: String] = [:]
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".mustache") }.sorted()
    if names.isEmpty {
      log.error("no templates (*.mustache) found; use --templates to name the templates folder", at: SourceLocation(path: directory))
    }
    var files: [String: SourceFile] = [:]
    // Reported as unreadable already: not again as missing.
    var unreadable: Set<String> = []
    for fileName in names {
      let path = directory.hasSuffix("/") ? directory + fileName : "\(directory)/\(fileName)"
      let name = String(fileName.dropLast(".mustache".count))
      guard let file = log.attempt({ try SourceFile.read(URL(fileURLWithPath: path), reportedAs: path) }) else {
        unreadable.insert(name)
        continue
      }
      files[name] = file
      texts[name] = file.text
      do {
        // The pragma, on a line of its own that rendering drops, selects PlanPress's escaping.
        library.register(try MustacheTemplate(string: HTMLContentType.pragma + "\n" + file.text), named: name)
      } catch let error as MustacheTemplate.ParserError {
        // The parser's column counts from 0 and its line from 1, the pragma's line first.
        log.error(
          "template syntax: \(describe(error.error))",
          at: file.location(line: max(error.context.lineNumber - 1, 1), column: error.context.columnNumber + 1), in: file)
      } catch {
        log.error("template syntax: the template cannot be read as Mustache", at: file.location(), in: file)
      }
    }
    for name in pageTemplates where files[name] == nil && !unreadable.contains(name) && !names.isEmpty {
      log.error("missing template '\(name).mustache', which renders \(name) pages", at: SourceLocation(path: directory))
    }
    if files["target-cells"] == nil && !unreadable.contains("target-cells") && !names.isEmpty {
      log.error("missing template 'target-cells.mustache', which renders each target's cells in tables of targets", at: SourceLocation(path: directory))
    }
    if files["targets"] == nil && !unreadable.contains("targets") && !names.isEmpty {
      log.error("missing template 'targets.mustache', which renders the tables of targets of pages and briefs", at: SourceLocation(path: directory))
    }
    if let brief = files["brief"] { checkBriefTable(brief, log: &log) }
    checkPartialReferences(files, log: &log)
    return TemplateSet(library: library, texts: texts)
  }

  /// A brief's table of targets is rendered apart (so that a rebuild can keep it) and placed where
  /// `brief.mustache` writes `{{{targets_table}}}`; the partial itself would find no rows there.
  private static func checkBriefTable(_ brief: SourceFile, log: inout DiagnosticLog) {
    let lines = brief.text.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      guard let partial = line.firstMatch(of: /\{\{\s*>\s*targets\s*\}\}/) else { continue }
      log.error(
        "a brief places its table of targets with {{{targets_table}}}, which targets.mustache renders; {{>targets}} here would show no rows",
        at: brief.location(line: index + 1, column: line[..<partial.range.lowerBound].count + 1), in: brief)
    }
    if !brief.text.contains("targets_table") {
      log.error("brief.mustache does not place the department's table of targets: add {{{targets_table}}}", at: brief.location(), in: brief)
    }
  }

  /// `{{> name}}` and `{{< name}}` must name a template that exists: swift-mustache would render nothing.
  private static func checkPartialReferences(_ files: [String: SourceFile], log: inout DiagnosticLog) {
    for (name, file) in files.sorted(by: { $0.key < $1.key }) {
      for (index, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        var rest = line[...]
        while let open = rest.range(of: "{{") {
          let afterOpen = rest[open.upperBound...]
          guard let marker = afterOpen.first, marker == ">" || marker == "<",
            let close = afterOpen.range(of: "}}")
          else {
            rest = afterOpen
            continue
          }
          let partial = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<close.lowerBound]
            .trimmingCharacters(in: .whitespaces)
          if !partial.hasPrefix("*"), files[partial] == nil {
            let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
            var message = "template '\(name)' uses '\(partial)', but there is no \(partial).mustache"
            if let suggestion = closestMatch(to: partial, among: Array(files.keys)) { message += "; did you mean '\(suggestion)'?" }
            log.error(message, at: file.location(line: index + 1, column: column), in: file)
          }
          rest = afterOpen[close.upperBound...]
        }
      }
    }
  }

  private static func describe(_ error: Error) -> String {
    switch error as? MustacheTemplate.Error {
    case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match its opening tag"
    case .unfinishedName: return "a tag is not finished (missing '}}')"
    case .expectedSectionEnd: return "a section is opened but never closed"
    case .invalidSetDelimiter: return "badly formed set-delimiter tag"
    case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inherited section"
    case .illegalTokenInsideInheritSection: return "only block definitions may stand inside an inherited template"
    case .textInsideInheritSection: return "text inside an inherited template must be inside a block"
    case .invalidConfigVariableSyntax: return "badly formed configuration tag"
    case .unrecognisedConfigVariable: return "unknown configuration tag"
    case nil: return "the template cannot be read as Mustache"
    }
  }

  func render(_ context: [String: Any], with template: String) -> String {
    library.render(prepared(context), withTemplate: template) ?? ""
  }
}
