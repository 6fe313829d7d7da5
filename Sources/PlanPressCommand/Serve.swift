import ArgumentParser
import Foundation
import PlanPress
import PlanPressServer

struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Builds the site, serves it, and builds again and reloads the open pages on every change of the content or templates.")

  @OptionGroup var folders: FolderOptions

  @OptionGroup var writing: OutputOptions

  @Option(help: "The port to listen on (0: any free port).")
  var port = 1313

  @Option(help: "The address to listen on. The default answers this machine only; 0.0.0.0 lets the network read the site.")
  var host = "127.0.0.1"

  @Flag(help: "Print the briefs to PDF on every build (off while serving, as printing takes seconds).")
  var pdf = false

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
  }

  func run() throws {
    var options = BuildOptions(
      contentDirectory: folders.content, templatesDirectory: folders.templates, outputDirectory: writing.output, pdf: pdf ? .required : .off
    )
    options.search = writing.search
    let buildOptions = options
    let output = writing.output
    let host = host
    var pagesOptions = options
    pagesOptions.search = .off
    let pagesOnly = pagesOptions
    // After an edit the pages are built first, then the search index, which takes longer than they do.
    var buildPages: (@Sendable () -> PreviewBuildResult)?
    if options.search != .off { buildPages = { Self.build(pagesOnly) } }
    let server = PreviewServer(
      content: folders.content, templates: folders.templates, output: output, host: host, port: port,
      build: { Self.build(buildOptions) }, buildPages: buildPages,
      listening: { address in
        DiagnosticPrinter.status("planpress: serving \(output) at \(address) (Ctrl-C to stop)")
        if !PreviewServer.isLoopback(host) {
          DiagnosticPrinter.status(
            "planpress: listening on \(host), not only this machine: anyone who can reach it on the network can read the site")
        }
      })
    let finished = DispatchSemaphore(value: 0)
    let outcome = ServeOutcome()
    Task {
      do { try await server.run() } catch { outcome.error = error }
      finished.signal()
    }
    finished.wait()
    if let error = outcome.error {
      DiagnosticPrinter.status("planpress: error: cannot serve on \(host):\(port): \(Diagnostic.reason(error))")
      throw ExitCode.failure
    }
    DiagnosticPrinter.status("planpress: stopped")
  }
}

extension Serve {
  /// One build, printed as `planpress build` prints it; a failure's diagnostics go to the open pages too.
  fileprivate static func build(_ options: BuildOptions) -> PreviewBuildResult {
    do {
      _ = try Build.build(options)
      return .succeeded
    } catch let failure as PrintedBuildFailure {
      return .failed(diagnostics: failure.text)
    } catch {
      return .failed(diagnostics: Diagnostic.reason(error))
    }
  }
}

/// How the server's task ended, handed back to the command's thread.
private final class ServeOutcome: @unchecked Sendable {
  var error: Error?
}
