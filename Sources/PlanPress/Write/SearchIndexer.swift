import Foundation

/// Whether a build indexes the site for search with Pagefind.
public enum SearchMode: Sendable {
  case off
  /// When Pagefind is installed; otherwise the build says so in one line and writes the site without search.
  case ifAvailable
}

/// Pagefind's index of the pages a build wrote (`pagefind/` in the site), made in the staging
/// folder before it is swapped in, so a failed index leaves the previous site as it was. Pagefind's
/// extended build (PyPI `pagefind-bin-extended`) splits Chinese into words; it indexes each language
/// (the pages' `lang`) apart, and only what is inside `data-pagefind-body` (the `main` of a page in
/// its own language), so that untranslated pages, briefs and the 404 page stay out of the results.
/// The whole index is made again on every build: a carried page's words cannot go stale.
public struct SearchIndexer: Sendable {
  public let executable: URL
  /// Arguments before Pagefind's own (`-m pagefind_bin_extended` when run through Python).
  let leadingArguments: [String]

  public static let missingMessage =
    "Pagefind not found, so the site was written without search; install it with `pip install pagefind-bin-extended` (make site does)"

  /// `PLANPRESS_PAGEFIND`, else `pagefind_extended` on `PATH`, else the one that `pip install
  /// pagefind-bin-extended` put beside the `python3` on `PATH`.
  public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> SearchIndexer? {
    if let path = environment["PLANPRESS_PAGEFIND"], !path.isEmpty {
      guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
      return SearchIndexer(executable: URL(fileURLWithPath: path), leadingArguments: [])
    }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
    if let direct = folders.map({ $0.appendingPathComponent("pagefind_extended") }).first(where: isExecutable) {
      return SearchIndexer(executable: direct, leadingArguments: [])
    }
    guard let python = folders.map({ $0.appendingPathComponent("python3") }).first(where: isExecutable),
      run(python, ["-c", "import pagefind_bin_extended"]).status == 0
    else { return nil }
    return SearchIndexer(executable: python, leadingArguments: ["-m", "pagefind_bin_extended"])
  }

  private static func isExecutable(_ url: URL) -> Bool {
    FileManager.default.isExecutableFile(atPath: url.path)
  }

  /// Indexes the HTML pages of `site` into `site/pagefind/`; throws `SearchIndexFailure` with what
  /// Pagefind said when it fails.
  public func index(site: URL) throws {
    let (status, output) = Self.run(executable, leadingArguments + ["--site", site.path, "--output-subdir", "pagefind", "--quiet"])
    guard status == 0 else { throw SearchIndexFailure(status: status, output: output) }
  }

  /// Runs a program to its end: its exit status, and what it wrote to standard output and error.
  private static func run(_ program: URL, _ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return (-1, Diagnostic.reason(error)) }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

/// Pagefind could not index the site: the build fails and the previous output stays.
public struct SearchIndexFailure: Error, CustomStringConvertible {
  public var status: Int32
  public var output: String
  public var description: String {
    let said = output.split(whereSeparator: \.isNewline).suffix(5).joined(separator: " | ")
    return "the search index could not be made (Pagefind exited with status \(status))\(said.isEmpty ? "" : ": \(said)")"
  }
}
