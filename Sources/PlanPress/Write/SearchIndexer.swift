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

  /// Indexes the HTML `pages` of `site` (paths relative to it) into `site/pagefind/`; throws
  /// `SearchIndexFailure` with what Pagefind said when it fails.
  ///
  /// Pagefind's index changes with the order the file system lists the pages in, which depends on
  /// the order they were written; so it is given a folder of links to them made in path order.
  public func index(site: URL, pages: [String]) throws {
    let input = site.appendingPathComponent(Self.inputFolderName)
    OutputWriter.removeFolder(input)
    defer { OutputWriter.removeFolder(input) }
    try Self.link(pages.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, of: site, into: input)
    let output = site.appendingPathComponent("pagefind")
    let (status, said) = Self.run(executable, leadingArguments + ["--site", input.path, "--output-path", output.path, "--quiet"])
    guard status == 0 else { throw SearchIndexFailure(status: status, output: said) }
    try Self.sortKeys(of: output.appendingPathComponent("pagefind-entry.json"))
  }

  /// Pagefind writes its entry file's languages in the order of a hash map seeded anew each run:
  /// the keys are sorted, so the same pages give the same bytes.
  private static func sortKeys(of file: URL) throws {
    let entry = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: file))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(entry).write(to: file)
  }

  /// The folder of links, inside the staging folder so that a killed build leaves it nowhere else.
  static let inputFolderName = ".planpress-search-input"

  /// Links (or, where the file system has none, copies) each page into `folder`, in the order given.
  private static func link(_ pages: [String], of site: URL, into folder: URL) throws {
    let fileManager = FileManager.default
    try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
    for page in pages {
      let source = site.appendingPathComponent(page)
      let destination = folder.appendingPathComponent(page)
      try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
      if Foundation.link(source.path, destination.path) != 0 { try fileManager.copyItem(at: source, to: destination) }
    }
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

/// Any JSON value, read and written again as it was (numbers as decimal numbers).
private enum JSONValue: Codable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
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
