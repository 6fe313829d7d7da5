import Foundation
import Testing

@testable import PlanPress

/// Builds the synthetic fixture site (`Fixtures/basic`) with the real templates into temporary folders.
@Suite("End to end: building a site")
struct EndToEndTests {
  let directory: URL
  let content: URL
  let output: URL

  init() throws {
    directory = try TestSupport.temporaryDirectory("e2e")
    content = try TestSupport.copyOfFixture("basic", into: directory)
    output = directory.appendingPathComponent("Output")
  }

  private func options(output: URL? = nil, strict: Bool = false) -> BuildOptions {
    BuildOptions(
      contentDirectory: content.path, templatesDirectory: TestSupport.templates, outputDirectory: (output ?? self.output).path,
      strict: strict)
  }

  @discardableResult
  private func build(output: URL? = nil, strict: Bool = false) throws -> BuildReport {
    try SiteBuilder(options: options(output: output, strict: strict)).build()
  }

  private func buildFailure(strict: Bool = false) -> BuildFailure? {
    do {
      try build(strict: strict)
      return nil
    } catch {
      return error as? BuildFailure
    }
  }

  private func page(_ path: String) throws -> String {
    try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
  }

  private func edit(_ relative: String, _ change: (String) -> String) throws {
    let url = content.appendingPathComponent(relative)
    try TestSupport.write(change(try String(contentsOf: url, encoding: .utf8)), to: url)
  }

  @Test("the pages of both languages are written, and match the golden files")
  func pagesAndGoldenFiles() throws {
    let report = try build()
    for path in [
      "index.html", "en/index.html", "sections/alpha/index.html", "en/sections/alpha/index.html",
      "sections/beta/index.html", "en/sections/beta/index.html", "departments/index.html", "en/departments/index.html",
      "departments/alpha-office/index.html", "en/departments/beta-office/index.html", "404.html", "sitemap.xml",
      "assets/site.css",
    ] {
      #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "missing \(path)")
    }
    #expect(report.warnings.count == 1)
    for path in ["sections/alpha/index.html", "en/sections/beta/index.html", "en/departments/beta-office/index.html", "sitemap.xml"] {
      try TestSupport.assertMatchesGolden(try page(path), fixture: "basic", path: path)
    }
  }

  @Test("every link, switcher entry, hreflang alternate and anchor of every page leads to something that exists")
  func linksResolve() throws {
    try build()
    let files = try TestSupport.snapshot(of: output)
    let baseURL = "https://test.example.org/plan/"
    var checked = 0
    for (path, data) in files where path.hasSuffix(".html") && path != "404.html" {
      let html = String(decoding: data, as: UTF8.self)
      for link in Self.attributeValues("href", in: html) {
        guard !link.hasPrefix("http") || link.hasPrefix(baseURL) else { continue }
        var target = link.hasPrefix(baseURL) ? String(link.dropFirst(baseURL.count)) : Self.resolve(link, from: path)
        var fragment: String?
        if let hash = target.firstIndex(of: "#") {
          fragment = String(target[target.index(after: hash)...])
          target = String(target[..<hash])
        }
        if target.isEmpty && fragment != nil { target = path }
        if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
        #expect(files[target] != nil, "\(path): link \(link) leads to \(target), which does not exist")
        if let fragment, let targetPage = files[target] {
          #expect(String(decoding: targetPage, as: UTF8.self).contains("id=\"\(fragment)\""), "\(path): anchor #\(fragment) not in \(target)")
        }
        checked += 1
      }
      #expect(html.contains("hreflang=\"zh\"") || path.hasPrefix("assets"), "\(path) has no hreflang alternate")
    }
    #expect(checked > 100)
  }

  static func attributeValues(_ name: String, in html: String) -> [String] {
    html.components(separatedBy: "\(name)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
  }

  /// Resolves a relative link from the page at `page` to an output path.
  static func resolve(_ link: String, from page: String) -> String {
    var parts = page.split(separator: "/").dropLast().map(String.init)
    let isFolder = link.hasSuffix("/") || link == "." || link == "./"
    for part in link.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(String(part))
      }
    }
    let joined = parts.joined(separator: "/")
    return isFolder && !joined.isEmpty ? joined + "/" : joined
  }

  @Test("two builds of the same input are byte-identical")
  func deterministic() throws {
    try build()
    let second = directory.appendingPathComponent("Second")
    try build(output: second)
    let first = try TestSupport.snapshot(of: output)
    #expect(first == (try TestSupport.snapshot(of: second)))
    #expect(first.count >= 15)
  }

  @Test("content cannot inject script")
  func noScriptInjection() throws {
    try edit("sections/01-alpha.zh.md") { $0 + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>\n" }
    try edit("sections/01-alpha.en.md") { $0.replacingOccurrences(of: "title: Part Alpha", with: "title: \"<script>alert(3)</script>\"") }
    try build()
    for (path, data) in try TestSupport.snapshot(of: output) {
      let text = String(decoding: data, as: UTF8.self).lowercased()
      #expect(!text.contains("<script"), "\(path) contains a script element")
      #expect(!text.contains("javascript:"), "\(path) contains a javascript: link")
    }
    #expect(try page("en/sections/alpha/index.html").contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
  }

  @Test("a YAML syntax error fails with the file and line, and leaves the previous output untouched")
  func yamlErrorKeepsOutput() throws {
    try TestSupport.write("keep me", to: output.appendingPathComponent(".gitignore"))
    try build()
    let before = try TestSupport.snapshot(of: output)
    #expect(before[".gitignore"] == Data("keep me".utf8))
    try edit("sections/02-beta.zh.md") { $0.replacingOccurrences(of: "lead: beta-office", with: "lead: [beta-office") }

    let failure = try #require(buildFailure())
    let first = try #require(failure.errors.first)
    #expect(first.location.path == content.path + "/sections/02-beta.zh.md")
    #expect((4...5).contains(first.location.line), "reported at line \(first.location.line)")
    #expect(failure.description.contains("02-beta.zh.md:\(first.location.line):"))
    #expect(try TestSupport.snapshot(of: output) == before)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("staging") || $0.contains("previous") }
    #expect(leftovers.isEmpty)
  }

  @Test("a missing translation gives a page with a notice and a warning; --strict makes it an error")
  func missingTranslation() throws {
    let report = try build()
    let warning = try #require(report.warnings.first)
    #expect(warning.severity == .warning)
    #expect(warning.message.contains("section 'beta' has no en translation"))
    let english = try page("en/sections/beta/index.html")
    #expect(english.contains("English translation not yet available"))
    #expect(english.contains("乙部分只有中文。"))
    #expect(english.contains("<meta name=\"robots\" content=\"noindex\">"))
    #expect(!(try page("sitemap.xml")).contains("en/sections/beta/"))

    let before = try TestSupport.snapshot(of: output)
    let strictFailure = try #require(buildFailure(strict: true))
    #expect(strictFailure.errors.first?.message.contains("no en translation") == true)
    #expect(try TestSupport.snapshot(of: output) == before)
  }

  @Test(
    "mistakes across files are errors that name the file, the line and the fix",
    arguments: [
      ("sections/01-alpha.zh.md", "lead: alpha-office", "lead: alpha-ofice", "unknown department 'alpha-ofice' as lead of section 'alpha'; did you mean 'alpha-office'?"),
      ("sections/01-alpha.zh.md", "department: beta-office", "department: gamma", "unknown department 'gamma' as owner of target 'alpha-range'"),
      ("sections/02-beta.zh.md", "id: beta-deadline", "id: alpha-range", "target id 'alpha-range' is used twice"),
      ("sections/01-alpha.en.md", "  alpha-rules:", "  alpha-rule:", "target 'alpha-rule' is not a target of the alpha section's source file; did you mean 'alpha-rules'?"),
      ("sections/01-alpha.zh.md", "title: 甲部分", "titel: 甲部分", "unknown key 'titel' in section front matter; did you mean 'title'?"),
      ("site.yaml", "languages: [zh, en]", "languages: [zh, en, zh]", "language 'zh' is listed twice"),
    ])
  func locatedErrors(file: String, from: String, to: String, message: String) throws {
    try edit(file) { $0.replacingOccurrences(of: from, with: to) }
    let failure = try #require(buildFailure())
    let error = try #require(failure.errors.first { $0.message.contains(message) }, "\(failure.description)")
    #expect(error.location.path.hasSuffix(file))
    #expect(error.location.line > 1)
  }

  @Test("the command line exits 1 and prints path:line:col on bad input")
  func commandLine() throws {
    let executable = try #require(Self.planpressExecutable(), "planpress executable not built")
    try edit("sections/02-beta.zh.md") { $0.replacingOccurrences(of: "title: 乙部分", with: "title: 乙部分\n  bad: indent") }
    let process = Process()
    process.executableURL = executable
    process.arguments = ["build", "--content", content.path, "--templates", TestSupport.templates, "--output", output.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(text.contains("\(content.path)/sections/02-beta.zh.md:3:"), "\(text)")
    #expect(text.contains(": error: YAML"))
    #expect(text.contains("was not changed"))
    #expect(!FileManager.default.fileExists(atPath: output.path))
  }

  /// The `planpress` binary that `swift build` put beside the test bundle.
  static func planpressExecutable() -> URL? {
    var folder = Bundle.main.bundleURL
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("planpress")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder.deleteLastPathComponent()
    }
    let debug = TestSupport.packageRoot.appendingPathComponent(".build/debug/planpress")
    return FileManager.default.isExecutableFile(atPath: debug.path) ? debug : nil
  }
}
