import Foundation
import Testing

@testable import PlanPress

/// Paths and helpers shared by the tests.
enum TestSupport {
  /// The repository root, found from this file's place in it.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static let templates = packageRoot.appendingPathComponent("Templates").path

  /// The folder of this test run's folders, removed when the run ends: a suite run leaves nothing
  /// in the system's temporary folder (it used to leave one folder per fixture copy, thousands a day
  /// on a machine that runs CI).
  static let runFolder: URL = {
    let temporary = FileManager.default.temporaryDirectory
    // A run that did not end by exiting (killed, or stopped in a debugger) left its folder: the
    // folders of runs whose process is gone are removed first.
    for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("planpress-tests-") {
      let pid = name.dropFirst("planpress-tests-".count).prefix { $0.isNumber }
      if let pid = pid_t(pid), kill(pid, 0) != 0, errno == ESRCH {
        try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
      }
    }
    let folder = temporary.appendingPathComponent("planpress-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    atexit { try? FileManager.default.removeItem(at: TestSupport.runFolder) }
    return folder
  }()

  /// A new empty folder for a test, in `runFolder`.
  static func temporaryDirectory(_ name: String = #function) throws -> URL {
    let safeName = name.filter { $0.isLetter || $0.isNumber }
    let url = runFolder.appendingPathComponent("\(safeName)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A copy of a fixture's content folder that a test may change.
  static func copyOfFixture(_ name: String, into directory: URL) throws -> URL {
    let destination = directory.appendingPathComponent("Content")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name).appendingPathComponent("Content"), to: destination)
    return destination
  }

  /// The text of a file, changed by `change` and written back.
  static func edit(_ url: URL, _ change: (String) -> String) throws {
    try write(change(try String(contentsOf: url, encoding: .utf8)), to: url)
  }

  /// The text of a built page.
  static func page(_ path: String, in output: URL) throws -> String {
    try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
  }

  /// Every file under a folder, by relative path, with its bytes.
  /// The ids of a page as written, entities decoded.
  static func ids(in html: String) -> Set<String> {
    Set(
      html.components(separatedBy: " id=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first }.map {
        $0.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
          .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
          .replacingOccurrences(of: "&amp;", with: "&")
      })
  }

  static func snapshot(of directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let root = directory.standardizedFileURL.path
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return files }
    for case let path as String in enumerator {
      var isDirectory: ObjCBool = false
      let full = root + "/" + path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
      }
    }
    return files
  }

  static func write(_ text: String, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Compares text with a golden file under `Fixtures/<fixture>/expected/`, failing with the lines
  /// that differ. With `PLANPRESS_RECORD=1` in the environment it writes the golden file instead,
  /// and fails all the same, so that a run that re-records never passes: run the tests again.
  static func assertMatchesGolden(
    _ actual: String, fixture: String, path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let golden = fixtures.appendingPathComponent(fixture).appendingPathComponent("expected").appendingPathComponent(path)
    let expected = try? String(contentsOf: golden, encoding: .utf8)
    if ProcessInfo.processInfo.environment["PLANPRESS_RECORD"] == "1" {
      try write(actual, to: golden)
      Issue.record(
        "recorded \(golden.path); read its diff, then run the tests again without PLANPRESS_RECORD", sourceLocation: sourceLocation)
      return
    }
    guard let expected else {
      Issue.record("no golden file \(golden.path); record it with PLANPRESS_RECORD=1 make test", sourceLocation: sourceLocation)
      return
    }
    if expected == actual { return }
    let diff = lineDiff(from: expected, to: actual)
    Issue.record(
      "output differs from \(golden.path) (- golden, + now); if the change is intended, re-record with PLANPRESS_RECORD=1 make test\n\(diff)",
      sourceLocation: sourceLocation)
  }

  /// The lines that differ between two texts, each with its line number, `-` for the first text's
  /// and `+` for the second's; at most `limit` of them.
  static func lineDiff(from old: String, to new: String, limit: Int = 40) -> String {
    let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
    let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for change in newLines.difference(from: oldLines) {
      switch change {
      case .remove(let offset, let line, _): lines.append("\(offset + 1) - \(line)")
      case .insert(let offset, let line, _): lines.append("\(offset + 1) + \(line)")
      }
    }
    let shown = lines.prefix(limit).joined(separator: "\n")
    return lines.count > limit ? shown + "\n… and \(lines.count - limit) more" : shown
  }
}

/// A copy of a fixture site in a new temporary folder, for a test to change and build: its content,
/// the templates (the real ones, or a copy a test may change) and where builds write.
struct FixtureCopy {
  let directory: URL
  let content: URL
  let templates: URL
  let output: URL

  init(_ label: String, fixture: String = "basic", copyingTemplates: Bool = false) throws {
    directory = try TestSupport.temporaryDirectory(label)
    content = try TestSupport.copyOfFixture(fixture, into: directory)
    if copyingTemplates {
      templates = directory.appendingPathComponent("Templates")
      try FileManager.default.copyItem(at: URL(fileURLWithPath: TestSupport.templates), to: templates)
    } else {
      templates = URL(fileURLWithPath: TestSupport.templates)
    }
    output = directory.appendingPathComponent("Output")
  }
}

extension PlanPress.SourceFile {
  /// A file for tests, named as it would be in messages.
  static func test(_ text: String, path: String = "test.md") -> PlanPress.SourceFile {
    PlanPress.SourceFile(path: path, text: text)
  }
}

/// A value a test writes as a literal (a date, a period): one that does not parse is a mistake in
/// the test, which stops the run at the line that wrote it.
func literal<Value>(_ value: Value?, file: StaticString = #file, line: UInt = #line) -> Value {
  guard let value else { preconditionFailure("this literal does not parse", file: file, line: line) }
  return value
}

/// A department mark with the HTML of its part, as a brief takes it (links as written).
struct TestMention {
  let department: String
  let line: Int
  let isInAnotherMarkedPart: Bool
  let html: String
}

extension MarkdownDocument {
  /// Every mark, with its part's HTML.
  var mentions: [TestMention] {
    marks.map {
      TestMention(
        department: $0.department, line: $0.line, isInAnotherMarkedPart: $0.isInAnotherMarkedPart, html: part(of: $0)?.string ?? "")
    }
  }
}

extension KeptParts {
  /// Every part a rebuild could take from a file as rendered, as if what each read were unchanged.
  init(of file: OutputFile) {
    self.init(
      parts: Dictionary(
        file.keptParts.map { ($0.name, (file.contents[$0.place], Array($0.reads))) }, uniquingKeysWith: { first, _ in first }))
  }
}
