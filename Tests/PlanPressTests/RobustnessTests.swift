import Foundation
import Testing

@testable import PlanPress

/// A small, fast, seeded generator (SplitMix64), so that every run mutates the same way and a
/// failure can be replayed from its iteration number.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The fixture's content files as bytes, by the path they are reported under, and the reading of
/// them as a build does it, but in memory.
struct ContentBytes {
  var files: [String: [UInt8]]

  static let root = "Content"

  /// The fixture `basic`, read once.
  static func fixture() throws -> ContentBytes {
    let folder = TestSupport.fixtures.appendingPathComponent("basic/Content")
    var files: [String: [UInt8]] = [:]
    for relative in [
      "site.yaml", "departments.yaml", "index.zh.md", "index.en.md", "sections/01-alpha.zh.md", "sections/01-alpha.en.md",
      "sections/02-beta.zh.md",
    ] {
      files["\(root)/\(relative)"] = [UInt8](try Data(contentsOf: folder.appendingPathComponent(relative)))
    }
    return ContentBytes(files: files)
  }

  /// Decodes, parses and validates the files as a build does; the site when there is no error,
  /// and every finding.
  func read() -> (site: Site?, diagnostics: [Diagnostic]) {
    var log = DiagnosticLog()
    var decoded: [String: SourceFile] = [:]
    for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
      if let file = log.attempt({ try SourceFile.decode(Data(bytes), path: path) }) { decoded[path] = file }
    }
    guard let site = decoded["\(Self.root)/site.yaml"], let departments = decoded["\(Self.root)/departments.yaml"] else {
      return (nil, log.diagnostics)
    }
    var homePages: [String: SourceFile] = [:]
    var sections: [SectionFile] = []
    for (path, file) in decoded.sorted(by: { $0.key < $1.key }) {
      let name = String(path.split(separator: "/").last ?? "")
      if path.hasPrefix("\(Self.root)/sections/"), let parsed = ContentLoader.parseSectionFileName(name) {
        sections.append(SectionFile(file: file, order: parsed.order, slug: parsed.slug, language: parsed.language))
      } else if name.hasPrefix("index.") {
        homePages[String(name.dropFirst("index.".count).dropLast(".md".count))] = file
      }
    }
    let parsed = ContentParser().parse(
      ContentSources(site: site, departments: departments, homePages: homePages, sections: sections), log: &log)
    if let parsed { SiteValidator().validate(parsed, log: &log) }
    return (log.hasErrors ? nil : parsed, log.diagnostics)
  }

  /// How many lines a file has, counting every way a line can end.
  func lineCount(_ path: String) -> Int {
    guard let bytes = files[path] else { return 0 }
    var lines = 1
    for (index, byte) in bytes.enumerated() {
      if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) { lines += 1 }
    }
    return lines
  }
}

@Suite("Robustness: odd input gives a result or located errors, never a crash or a hang")
struct RobustnessTests {
  /// Every diagnostic names a file that was read, and a line that the file has.
  static func expectLocated(_ diagnostics: [Diagnostic], in content: ContentBytes, _ context: String) {
    for diagnostic in diagnostics {
      let location = diagnostic.location
      #expect(content.files[location.path] != nil, "\(context): \(diagnostic.formatted) names no file that was read")
      #expect(
        location.line >= 1 && location.line <= content.lineCount(location.path), "\(context): \(diagnostic.formatted) is beyond the file")
      #expect(location.column >= 1)
      #expect(!diagnostic.message.isEmpty)
    }
  }

  static let interestingBytes: [UInt8] = Array(":-[]{},#&*!|>'\"%@?\t\n\r ".utf8) + [0x00, 0xFF, 0xC3, 0xE4, 0x80, 0x7F]

  /// One random change to a file's bytes.
  static func mutate(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
    let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    switch Int.random(in: 0..<8, using: &random) {
    case 0 where !bytes.isEmpty:
      bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
    case 1:
      bytes.insert(interestingBytes.randomElement(using: &random) ?? 0, at: position)
    case 2 where !bytes.isEmpty:
      bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
    case 3:
      bytes.removeSubrange(position..<bytes.count)
    case 4:
      let line = Int.random(in: 0..<lines.count, using: &random)
      lines.insert(lines[line], at: line)
      bytes = Array(lines.joined(separator: [0x0A]))
    case 5:
      let first = Int.random(in: 0..<lines.count, using: &random)
      let second = Int.random(in: 0..<lines.count, using: &random)
      lines.swapAt(first, second)
      bytes = Array(lines.joined(separator: [0x0A]))
    case 6:
      lines.insert(
        Array((["---", "...", "  - ", "? ", "&a *a", "key: [", "- {"].randomElement(using: &random) ?? "").utf8),
        at: Int.random(in: 0...lines.count, using: &random))
      bytes = Array(lines.joined(separator: [0x0A]))
    default:
      bytes.insert(contentsOf: Array("\r\n".utf8), at: position)
    }
  }

  /// The interface texts, loaded once, to render what the fuzzed content gives.
  static func interfaceTexts() -> UIStrings {
    var log = DiagnosticLog()
    return UIStrings.load(templatesDirectory: TestSupport.templates, languages: ["zh", "en"], log: &log)
  }

  /// 400 by default; `PLANPRESS_FUZZ_ITERATIONS` and `PLANPRESS_FUZZ_SEED` run longer or other sequences.
  @Test("400 seeded mutations of the fixture's files: each read gives a site or located errors")
  func fuzz() throws {
    let environment = ProcessInfo.processInfo.environment
    let iterations = Int(environment["PLANPRESS_FUZZ_ITERATIONS"] ?? "") ?? 400
    let original = try ContentBytes.fixture()
    let paths = original.files.keys.sorted()
    var random = SeededGenerator(seed: UInt64(environment["PLANPRESS_FUZZ_SEED"] ?? "") ?? 0x504C_414E_5052_4553)
    let strings = Self.interfaceTexts()
    var failures = 0
    for iteration in 0..<iterations {
      var content = original
      let path = paths[Int.random(in: 0..<paths.count, using: &random)]
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        content.files[path].map { bytes in
          var changed = bytes
          Self.mutate(&changed, &random)
          content.files[path] = changed
        }
      }
      let (site, diagnostics) = content.read()
      if site == nil {
        failures += 1
        #expect(diagnostics.contains { $0.severity == .error }, "iteration \(iteration): no site and no error")
      }
      Self.expectLocated(diagnostics, in: content, "iteration \(iteration) (\(path))")
      // What reads must pass through the link checker and render without trapping too, and the
      // outline the links are checked against must be the site rendered.
      if let site, site.config.languages == ["zh", "en"] {
        let model = SiteModel(site)
        let documents = MarkdownDocuments()
        let assets = [AssetFile(relative: "site.css", source: "site.css")]
        let outline = SiteOutline(model, documents: documents, assets: assets, withPDFs: false)
        let broken = LinkChecker(for: site.config).brokenLinks(in: outline)
        Self.expectLocated(broken, in: content, "iteration \(iteration) links")
        let renderer = SiteRenderer(model: model, strings: strings, assets: assets, withPDFs: false, documents: documents)
        let files = renderer.renderAll()
        #expect(outline.files == Set(files.map(\.path) + ["assets/site.css"]), "iteration \(iteration): the outline's files")
        for file in files where file.path.hasSuffix(".html") {
          let written = TestSupport.ids(in: String(decoding: file.contents, as: UTF8.self))
          #expect(written == outline.ids(ofPage: file.path), "iteration \(iteration): the ids of \(file.path)")
        }
      }
    }
    // The mutations must reach the parser's error paths.
    #expect(failures > iterations / 4)
  }

  @Test(
    "an empty file is an error at line 1 or an empty result",
    arguments: ["site.yaml", "departments.yaml", "index.zh.md", "sections/01-alpha.zh.md", "sections/01-alpha.en.md"])
  func emptyFile(_ relative: String) throws {
    var content = try ContentBytes.fixture()
    content.files["Content/\(relative)"] = []
    let (site, diagnostics) = content.read()
    Self.expectLocated(diagnostics, in: content, relative)
    if relative == "index.zh.md" {
      // A home page needs no front matter: an empty one is an empty page.
      #expect(site != nil)
    } else {
      #expect(diagnostics.contains { $0.severity == .error && $0.location.path == "Content/\(relative)" && $0.location.line == 1 })
    }
  }

  @Test("binary garbage is an error naming the byte offset")
  func binaryGarbage() throws {
    var content = try ContentBytes.fixture()
    var random = SeededGenerator(seed: 7)
    content.files["Content/sections/01-alpha.zh.md"] = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
    let (site, diagnostics) = content.read()
    #expect(site == nil)
    #expect(diagnostics.contains { $0.message.contains("not valid UTF-8") && $0.message.contains("byte offset") })
    Self.expectLocated(diagnostics, in: content, "garbage")
  }

  @Test("control characters and NUL in valid UTF-8 are located errors, not crashes")
  func controlCharacters() throws {
    var content = try ContentBytes.fixture()
    content.files["Content/sections/02-beta.zh.md"] = Array("---\ntitle: \u{0}\u{1}\u{7F}\nlead: beta-office\n---\n\u{0}body".utf8)
    let (_, diagnostics) = content.read()
    #expect(diagnostics.contains { $0.severity == .error && $0.location.path == "Content/sections/02-beta.zh.md" })
    Self.expectLocated(diagnostics, in: content, "control characters")
  }

  @Test("deeply nested YAML is an error or a result, not a stack overflow", arguments: [100, 10_000, 1_000_000])
  func deepNesting(depth: Int) throws {
    let content = try ContentBytes.fixture()
    let flow = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let block = (0..<min(depth, 2_000)).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n")
    for (path, yaml) in [
      ("Content/sections/02-beta.zh.md", "title: 乙\nlead: beta-office\ndepartments: \(flow)\n"),
      ("Content/departments.yaml", "departments:\n\(block)x\n"),
    ] {
      var copy = content
      copy.files[path] = Array((path.hasSuffix(".md") ? "---\n\(yaml)---\nbody\n" : yaml).utf8)
      let (site, diagnostics) = copy.read()
      #expect(site == nil)
      #expect(diagnostics.contains { $0.severity == .error && $0.location.path == path }, "\(diagnostics.map(\.formatted))")
      Self.expectLocated(diagnostics, in: copy, "depth \(depth)")
    }
  }

  @Test("a YAML mistake at the end of a file without a final line break points at its last line")
  func endOfFile() {
    let file = SourceFile.test("title: {zh: 测试", path: "site.yaml")
    #expect {
      try YAMLValue.parse(file.text, in: file)
    } throws: { error in
      let diagnostic = error as? Diagnostic
      return diagnostic?.location.line == 1 && diagnostic?.location.column == 15 && diagnostic?.sourceLine == "title: {zh: 测试"
    }
  }

  @Test("a 20 MB section is read and rendered; a 20 MB line of garbage is an error")
  func hugeFiles() throws {
    var content = try ContentBytes.fixture()
    let paragraph = "确保甲标准不低于1200元/月，**逐步**提高。See [the measures](#完善甲制度).\n\n"
    let repeats = 20_000_000 / paragraph.utf8.count
    let body = String(repeating: paragraph, count: repeats)
    let path = "Content/sections/02-beta.zh.md"
    let original = String(decoding: content.files[path] ?? [], as: UTF8.self)
    content.files[path] = Array((original + "\n" + body).utf8)
    let (site, diagnostics) = content.read()
    let section = try #require(site?.sections.first { $0.slug == "beta" }, "\(diagnostics.map(\.formatted))")
    let rendered = MarkdownParser.parse(section.bodies["zh"]?.body ?? "")
    #expect(rendered.html().string.utf8.count > 20_000_000)

    // The whole check, links included, on disk: a broken link repeated on every line, and many
    // different ones, are listed up to a limit and counted after it.
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let folder = try TestSupport.copyOfFixture("basic", into: directory)
    let numbered = (0..<2_000).map { "[坏链](#缺少-\($0))\n\n" }.joined()
    try TestSupport.write(original + "\n" + body + numbered, to: folder.appendingPathComponent("sections/02-beta.zh.md"))
    let found = SiteBuilder(options: BuildOptions(contentDirectory: folder.path, templatesDirectory: TestSupport.templates)).check()
    let errors = found.filter { $0.severity == .error }
    #expect(errors.count == LinkChecker.reportLimit + 1)
    #expect(errors.first?.message.contains("leads to no element with id '完善甲制度'") == true)
    #expect(errors.first?.location.line == 15)
    #expect(errors.last?.message.contains("lead nowhere and are not listed") == true)

    var garbage = try ContentBytes.fixture()
    garbage.files[path] =
      Array("---\ntitle: ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 20_000_000) + [0xC0] + Array("\n---\n".utf8)
    let (_, garbageErrors) = garbage.read()
    #expect(garbageErrors.first?.message.contains("byte offset 20000011") == true, "\(garbageErrors.map(\.message))")
    #expect(garbageErrors.first?.location.line == 2)
  }
}
