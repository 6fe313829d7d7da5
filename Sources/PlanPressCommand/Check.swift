import ArgumentParser
import Foundation
import PlanPress

/// `planpress check`: everything `build` checks, printed for people, GitHub or other tools, with
/// nothing written.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Checks everything a build reads, and the links of the pages it would write, without writing anything.",
    discussion: """
      Exit status: 0 when there is no error (warnings are printed), 1 when there are errors (or \
      warnings, with --strict), 2 when the command line is wrong.
      """)

  @OptionGroup var folders: FolderOptions

  @Option(
    help:
      "How to print findings: text (for people, on standard error), github (GitHub Actions annotations) or json (a list of objects); github and json go to standard output."
  )
  var format: DiagnosticFormat = .text

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  func run() throws {
    let options = BuildOptions(contentDirectory: folders.content, templatesDirectory: folders.templates, strict: strict)
    let diagnostics = SiteBuilder(options: options).check()
    let printed = DiagnosticFormatter(format: format).string(for: diagnostics)
    // Text is for a terminal, beside compiler output; annotations and JSON are read from standard output.
    let stream = format == .text ? FileHandle.standardError : FileHandle.standardOutput
    stream.write(Data(printed.utf8))

    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.count - errors
    guard errors == 0 else {
      let warningNote = warnings == 0 ? "" : " and \(DiagnosticPrinter.count(warnings, "warning"))"
      DiagnosticPrinter.status("planpress: check found \(DiagnosticPrinter.count(errors, "error"))\(warningNote)")
      throw ExitCode.failure
    }
    DiagnosticPrinter.status("planpress: check passed\(warnings == 0 ? "" : " with \(DiagnosticPrinter.count(warnings, "warning"))")")
  }
}

extension DiagnosticFormat: ExpressibleByArgument {}
