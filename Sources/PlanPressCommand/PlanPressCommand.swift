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

  @Flag(help: "Ignore the build cache: render and write every page.")
  var clean = false

  @Flag(help: "Print how long each stage of the build took.")
  var timings = false

  func run() throws {
    var options = BuildOptions(
      contentDirectory: folders.content, templatesDirectory: folders.templates, outputDirectory: output, strict: strict)
    options.clean = clean
    let progress = TerminalProgress.forStandardError()
    if let progress { options.progress = { progress.report(done: $0, total: $1) } }
    defer { progress?.finish() }
    do {
      let report = try SiteBuilder(options: options).build()
      progress?.finish()
      if timings {
        for (stage, seconds) in report.timings { DiagnosticPrinter.status(String(format: "planpress: %7.3f s  ", seconds) + stage) }
      }
      DiagnosticPrinter.print(report.warnings)
      let unchanged = report.fileCount - report.rendered.count
      DiagnosticPrinter.status(
        "planpress: wrote \(report.fileCount) files to \(output)\(unchanged > 0 ? ", \(unchanged) of them unchanged" : "")\(report.warnings.isEmpty ? "" : " (\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"))")")
    } catch let failure as BuildFailure {
      progress?.finish()
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
