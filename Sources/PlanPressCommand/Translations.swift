import ArgumentParser
import Foundation
import PlanPress

/// `planpress translations`: how complete and how current each section's translations are, and
/// `--mark` to record that they are current.
struct Translations: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Shows how far each section is translated, and whether its source has changed since; --mark records that translations are current.",
    discussion: """
      A translation records the fingerprint of the source file it was made from as 'translates:' in \
      its front matter. 'check' and 'build' warn when the source has changed since; a translation \
      with no 'translates:' is reported here as 'not marked' and is not warned about.
      """)

  @Option(help: "The content folder: site.yaml, departments.yaml, index.<lang>.md, sections/.")
  var content = "Content"

  @Flag(
    help:
      "Write 'translates: <fingerprint of the source>' into the front matter of each translation of the named sections (all when none is named)."
  )
  var mark = false

  @Argument(help: "Sections to mark, by slug (such as social-assistance); only with --mark.")
  var sections: [String] = []

  func validate() throws {
    if !sections.isEmpty && !mark { throw ValidationError("sections can only be named with --mark") }
  }

  func run() throws {
    let site: Site
    do {
      site = try SiteBuilder(options: BuildOptions(contentDirectory: content)).loadContent()
    } catch let failure as BuildFailure {
      DiagnosticPrinter.print(failure.diagnostics)
      DiagnosticPrinter.status("planpress: the content has \(DiagnosticPrinter.count(failure.errors.count, "error")); fix them first")
      throw ExitCode.failure
    }
    if mark {
      try markTranslations(of: site)
    } else {
      print(Self.table(TranslationStatus.statuses(of: site), site: site), terminator: "")
    }
  }

  private func markTranslations(of site: Site) throws {
    if let problem = TranslationMarker.problem(withSectionNames: sections, in: site) {
      // A mistake in the command line, though only the content can tell: exit as for bad usage.
      DiagnosticPrinter.status("Error: \(problem)")
      throw ExitCode(PlanPressCommand.usageStatus)
    }
    do {
      for outcome in try TranslationMarker().mark(site, sections: sections) {
        print("\(outcome.changed ? "marked" : "already current") \(outcome.path) (translates \(outcome.fingerprint))")
      }
    } catch let diagnostic as Diagnostic {
      DiagnosticPrinter.print([diagnostic])
      throw ExitCode.failure
    }
  }

  /// The status of every translation as a table, then a line per language with the totals.
  static func table(_ statuses: [TranslationStatus], site: Site) -> String {
    guard !statuses.isEmpty else {
      return site.config.languages.count < 2 ? "The site has only one language.\n" : "The site has no sections.\n"
    }
    let rows =
      [["section", "language", "file", "targets", "status"]]
      + statuses.map { status in
        [
          status.section, status.language, status.file == nil ? "missing" : "present",
          "\(status.labelledTargets)/\(status.totalTargets)", status.state.rawValue,
        ]
      }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var text = rows.map { row in
      row.enumerated().map { column, cell in
        column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }.joined(separator: "  ") + "\n"
    }.joined()
    for language in site.config.languages.dropFirst() {
      let ofLanguage = statuses.filter { $0.language == language }
      let count = { (state: TranslationStatus.State) in ofLanguage.filter { $0.state == state }.count }
      text += "\n\(language): \(ofLanguage.count - count(.missing)) of \(ofLanguage.count) sections translated"
      text += " (\(count(.current)) current, \(count(.stale)) stale, \(count(.unmarked)) not marked);"
      text += " \(ofLanguage.map(\.labelledTargets).reduce(0, +)) of \(ofLanguage.map(\.totalTargets).reduce(0, +)) target labels"
    }
    return text + "\n"
  }
}
