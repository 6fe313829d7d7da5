import ArgumentParser
import Foundation
import PlanPress

/// `planpress`: the command line. The executable's `main.swift` only calls `PlanPressCommand.runAndExit()`.
public struct PlanPressCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "planpress",
    abstract: "Builds a bilingual website from a government work plan written as Markdown sections.",
    subcommands: [New.self, Build.self, Check.self, Translations.self, Serve.self],
    defaultSubcommand: Build.self
  )

  public init() {}

  /// Runs the command named by the process's arguments and exits with its status: 0 on success,
  /// 1 when the input has errors, 2 when the command line itself is wrong.
  public static func runAndExit(_ arguments: [String]? = nil) -> Never {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      exit(withError: nil)
    } catch let failure as BuildFailure {
      DiagnosticPrinter.print(failure.diagnostics)
      Foundation.exit(EXIT_FAILURE)
    } catch let diagnostic as Diagnostic {
      DiagnosticPrinter.print([diagnostic])
      Foundation.exit(EXIT_FAILURE)
    } catch {
      let status = exitStatus(for: error)
      // argument-parser would exit 64 (EX_USAGE) for usage mistakes; shells and CI expect 2.
      guard status == usageStatus else { exit(withError: error) }
      DiagnosticPrinter.status(fullMessage(for: error))
      Foundation.exit(status)
    }
  }

  /// The status for a mistake in the command line, as POSIX utilities use it.
  public static let usageStatus: Int32 = 2

  /// The exit status for an error thrown while parsing the command line or running a command.
  public static func exitStatus(for error: Error) -> Int32 {
    let code = exitCode(for: error)
    return code == .validationFailure ? usageStatus : code.rawValue
  }
}

/// Where a build writes, and whether it indexes what it writes for search.
struct OutputOptions: ParsableArguments {
  @Option(help: "The folder to write the site to.")
  var output = "Output"

  @Flag(
    name: .customLong("no-search"), help: "Do not index the site for search (by default it is, with Pagefind, when Pagefind is installed).")
  var noSearch = false

  var search: SearchMode { noSearch ? .off : .ifAvailable }
}

/// The folders a command reads and writes.
struct FolderOptions: ParsableArguments {
  @Option(help: "The content folder: site.yaml, departments.yaml, index.<lang>.md, sections/.")
  var content = "Content"

  @Option(help: "The templates' data: i18n/<lang>.yaml and assets/ (the pages themselves are compiled into planpress).")
  var templates = "Templates"
}

struct Build: ParsableCommand {
  /// The report of the build this process ran, kept to the end (see `BuildReport.buildData`).
  nonisolated(unsafe) static var finishedBuild: BuildReport?

  static let configuration = CommandConfiguration(
    abstract: "Builds the site into the output folder, replacing it only if the whole build succeeds.")

  @OptionGroup var folders: FolderOptions

  @OptionGroup var writing: OutputOptions

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Flag(help: "Ignore the build cache: render and write every page.")
  var clean = false

  @Flag(help: "Replace the output folder even if PlanPress did not write it (it has no .planpress-output). Never the content or templates.")
  var force = false

  @Flag(help: "Print how long each stage of the build took.")
  var timings = false

  @Flag(
    inversion: .prefixedNo,
    help:
      "Print each department's brief to PDF with headless Chromium. Without either flag, PDFs are printed when Chromium is installed; with --pdf a missing Chromium is an error."
  )
  var pdf: Bool?

  func run() throws {
    var options = BuildOptions(
      contentDirectory: folders.content, templatesDirectory: folders.templates, outputDirectory: writing.output, strict: strict,
      pdf: pdf.map { $0 ? .required : .off } ?? .ifAvailable)
    options.clean = clean
    options.force = force
    options.search = writing.search
    do {
      // Held until the process exits, rather than freed value by value first (see `buildData`).
      Self.finishedBuild = try Self.build(options, timings: timings)
    } catch is PrintedBuildFailure {
      throw ExitCode.failure
    }
  }

  /// Runs a build, printing its progress, notes, warnings and summary (or its errors) to standard
  /// error; throws `PrintedBuildFailure`, already printed, when it fails.
  static func build(_ options: BuildOptions, timings: Bool = false) throws -> BuildReport {
    var options = options
    let output = options.outputDirectory
    let progress = TerminalProgress.forStandardError()
    if let progress { options.progress = { progress.report(done: $0, total: $1) } }
    let interactive = isatty(STDERR_FILENO) == 1
    options.pdfProgress = { done, total, path in
      // On a terminal the line updates in place; in a log, one line when all are printed.
      if interactive {
        FileHandle.standardError.write(Data("\rplanpress: printing PDF \(done)/\(total) \(path)\u{1B}[K".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
      } else if done == total {
        DiagnosticPrinter.status("planpress: printed \(total) PDF brief\(total == 1 ? "" : "s")")
      }
    }
    defer { progress?.finish() }
    do {
      let report = try SiteBuilder(options: options).build()
      progress?.finish()
      for note in report.notes { DiagnosticPrinter.status("planpress: \(note)") }
      if timings {
        for (stage, seconds, cpuSeconds, peak) in report.timings {
          DiagnosticPrinter.status(String(format: "planpress: %7.3f s  (CPU %7.3f s, peak %5ld MB)  ", seconds, cpuSeconds, peak) + stage)
        }
        DiagnosticPrinter.status("planpress: sections taken as parsed by the previous build: \(report.reusedSections)")
        DiagnosticPrinter.status(
          "planpress: briefs rendered with their table of targets taken from the previous build: \(report.keptTables)")
        DiagnosticPrinter.status(
          "planpress: sections' texts in those briefs taken from the previous build's: \(report.keptSectionTexts)")
        DiagnosticPrinter.status(
          "planpress: files rendered again to the bytes they had, kept with their time: \(report.renderedToSameBytes)")
      }
      DiagnosticPrinter.print(report.warnings)
      let unchanged = report.unchangedCount
      DiagnosticPrinter.status(
        "planpress: wrote \(report.fileCount) files to \(output)\(unchanged > 0 ? ", \(unchanged) of them unchanged" : "")\(report.warnings.isEmpty ? "" : " (\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"))")"
      )
      return report
    } catch let failure as BuildFailure {
      progress?.finish()
      DiagnosticPrinter.print(failure.diagnostics)
      DiagnosticPrinter.status(
        "planpress: build failed with \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s"); \(output) was not changed")
      throw PrintedBuildFailure(text: DiagnosticFormatter(format: .text).string(for: failure.diagnostics))
    } catch let missing as MissingChromium {
      let line = "planpress: error: \(missing); \(output) was not changed"
      DiagnosticPrinter.status(line)
      throw PrintedBuildFailure(text: line)
    } catch {
      progress?.finish()
      let line = "planpress: error: \(Diagnostic.reason(error)); \(output) was not changed"
      DiagnosticPrinter.status(line)
      throw PrintedBuildFailure(text: line)
    }
  }
}

/// A build that failed, its errors already printed; `text` is what was printed about them.
struct PrintedBuildFailure: Error {
  var text: String
}

/// Prints diagnostics and status lines to standard error, where compilers print them.
enum DiagnosticPrinter {
  /// Each diagnostic in compiler form, with its source line and a caret.
  static func print(_ diagnostics: [Diagnostic]) {
    FileHandle.standardError.write(Data(DiagnosticFormatter(format: .text).string(for: diagnostics).utf8))
  }

  static func status(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// "1 error", "2 warnings".
  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
