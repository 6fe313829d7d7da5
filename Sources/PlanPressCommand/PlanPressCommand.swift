import ArgumentParser
import Foundation
import PlanPress

/// `planpress`: the command line. The executable's `main.swift` only calls `PlanPressCommand.main()`.
public struct PlanPressCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "planpress",
    abstract: "Builds a bilingual website from a government work plan written as Markdown sections.",
    subcommands: [Build.self],
    defaultSubcommand: Build.self
  )

  public init() {}
}

/// The folders a command reads and writes.
struct FolderOptions: ParsableArguments {
  @Option(help: "The content folder: site.yaml, departments.yaml, index.<lang>.md, sections/.")
  var content = "Content"

  @Option(help: "The templates folder: *.mustache, i18n/<lang>.yaml, assets/.")
  var templates = "Templates"
}

struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Builds the site into the output folder, replacing it only if the whole build succeeds.")

  @OptionGroup var folders: FolderOptions

  @Option(help: "The folder to write the site to.")
  var output = "Output"

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Flag(
    inversion: .prefixedNo,
    help: "Print each department's brief to PDF with headless Chromium. Without either flag, PDFs are printed when Chromium is installed; with --pdf a missing Chromium is an error.")
  var pdf: Bool?

  func run() throws {
    let interactive = isatty(STDERR_FILENO) == 1
    let options = BuildOptions(
      contentDirectory: folders.content, templatesDirectory: folders.templates, outputDirectory: output, strict: strict,
      pdf: pdf.map { $0 ? .required : .off } ?? .ifAvailable,
      progress: { done, total, path in
        // On a terminal the line updates in place; in a log, one line when all are printed.
        if interactive {
          FileHandle.standardError.write(Data("\rplanpress: printing PDF \(done)/\(total) \(path)\u{1B}[K".utf8))
          if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if done == total {
          DiagnosticPrinter.status("planpress: printed \(total) PDF briefs")
        }
      })
    do {
      let report = try SiteBuilder(options: options).build()
      for note in report.notes { DiagnosticPrinter.status("planpress: \(note)") }
      DiagnosticPrinter.print(report.warnings)
      DiagnosticPrinter.status("planpress: wrote \(report.fileCount) files to \(output)\(report.warnings.isEmpty ? "" : " (\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"))")")
    } catch let failure as BuildFailure {
      DiagnosticPrinter.print(failure.diagnostics)
      DiagnosticPrinter.status("planpress: build failed with \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s"); \(output) was not changed")
      throw ExitCode.failure
    }
  }
}

/// Prints diagnostics to standard error in compiler form, each with its source line and a caret.
enum DiagnosticPrinter {
  static func print(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
      status(withSourceLine(diagnostic).formatted)
    }
  }

  static func status(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// Diagnostics made where the file's text was not at hand get their line from the file now.
  private static func withSourceLine(_ diagnostic: Diagnostic) -> Diagnostic {
    guard diagnostic.sourceLine == nil, diagnostic.location.line > 0,
      let data = FileManager.default.contents(atPath: diagnostic.location.path),
      let file = try? SourceFile.decode(data, path: diagnostic.location.path),
      diagnostic.location.line > 1 || diagnostic.location.column > 1
    else { return diagnostic }
    var copy = diagnostic
    copy.sourceLine = file.line(diagnostic.location.line)
    return copy
  }
}
