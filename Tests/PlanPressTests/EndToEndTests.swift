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
    let copy = try FixtureCopy("e2e")
    (directory, content, output) = (copy.directory, copy.content, copy.output)
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
    try TestSupport.page(path, in: output)
  }

  private func edit(_ relative: String, _ change: (String) -> String) throws {
    try TestSupport.edit(content.appendingPathComponent(relative), change)
  }

  @Test("a base-url written otherwise (upper case, default port, Chinese and spaces) reaches the sitemap and canonical links encoded")
  func baseURLWrittenOtherwise() throws {
    let site = content.appendingPathComponent("site.yaml")
    let text = try String(contentsOf: site, encoding: .utf8)
    let changed = text.replacingOccurrences(
      of: "base-url: https://test.example.org/plan", with: "base-url: HTTPS://Test.Example.org:443/计划 plan")
    #expect(changed != text, "the fixture's base-url changed")
    try TestSupport.write(changed, to: site)
    try build()
    let base = "https://test.example.org/%E8%AE%A1%E5%88%92%20plan/"
    #expect(try page("sitemap.xml").contains("<loc>\(base)sections/alpha/</loc>"))
    #expect(try page("sections/alpha/index.html").contains("<link rel=\"canonical\" href=\"\(base)sections/alpha/\">"))
    #expect(try !page("sitemap.xml").contains("计划"))
  }

  @Test("the pages of both languages are written, and match the golden files")
  func pagesAndGoldenFiles() throws {
    let report = try build()
    for path in [
      "index.html", "en/index.html", "sections/alpha/index.html", "en/sections/alpha/index.html",
      "sections/beta/index.html", "en/sections/beta/index.html", "departments/index.html", "en/departments/index.html",
      "departments/alpha-office/index.html", "en/departments/beta-office/index.html", "404.html", "sitemap.xml",
      "assets/site.css", "dashboard/index.html", "en/dashboard/index.html", "data/targets.json", "data/targets.csv",
    ] {
      #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "missing \(path)")
    }
    #expect(report.warnings.count == 1)
    for path in [
      "sections/alpha/index.html", "en/sections/beta/index.html", "en/departments/beta-office/index.html", "sitemap.xml",
      "en/dashboard/index.html", "data/targets.json", "data/targets.csv",
    ] {
      try TestSupport.assertMatchesGolden(try page(path), fixture: "basic", path: path)
    }
  }

  @Test("a page that differs from its golden file is shown as the lines that differ, with their numbers")
  func goldenFileDiff() {
    #expect(TestSupport.lineDiff(from: "<p>\n甲\n</p>", to: "<p>\n乙\n</p>") == "2 - 甲\n2 + 乙")
    #expect(TestSupport.lineDiff(from: "a", to: "a\nb") == "2 + b")
    let many = TestSupport.lineDiff(from: "", to: (1...50).map(String.init).joined(separator: "\n"), limit: 3)
    #expect(many.hasSuffix("… and 48 more"))
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
          #expect(
            String(decoding: targetPage, as: UTF8.self).contains("id=\"\(fragment)\""), "\(path): anchor #\(fragment) not in \(target)")
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

  @Test("the open data lists every target with its numbers, labels, latest figure, source and status")
  func openData() throws {
    try build()
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("data/targets.json")))
    let targets = try #require((json as? [String: Any])?["targets"] as? [[String: Any]])
    #expect(targets.compactMap { $0["id"] as? String } == ["alpha-standard", "alpha-range", "alpha-rules", "beta-deadline"])
    let standard = try #require(targets.first)
    #expect(standard["section"] as? String == "alpha")
    #expect(standard["department"] as? String == "alpha-office")
    #expect(standard["kind"] as? String == "at-least")
    #expect(standard["target"] as? Double == 1200)
    #expect(standard["baseline"] as? Double == 1000)
    #expect((standard["label"] as? [String: String]) == ["zh": "甲标准", "en": "Alpha standard"])
    #expect((standard["unit"] as? [String: String]) == ["zh": "元/月", "en": "yuan/month"])
    #expect(standard["status"] as? String == "at-risk")
    let latest = try #require(standard["latest"] as? [String: Any])
    #expect(latest["value"] as? Double == 1100)
    #expect(latest["as_of"] as? String == "2000-07-10")
    #expect(latest["period"] as? String == "2000-Q2")
    #expect(latest["source"] as? String == "https://test.example.org/source")
    let range = try #require(targets.first { $0["id"] as? String == "alpha-range" })
    #expect(range["low"] as? Double == 3 && range["high"] as? Double == 5)
    #expect(range["status"] as? String == "no-data")
    #expect(range["latest"] == nil)
    let csv = try String(contentsOf: output.appendingPathComponent("data/targets.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("id,section,department,kind,target,low,high,unit_zh,unit_en,label_zh,label_en,"))
    #expect(csv.contains("alpha-standard,alpha,alpha-office,at-least,1200,,,元/月,yuan/month,甲标准,Alpha standard,1000,"))
  }

  @Test("the charts render in Chromium as SVG documents", .enabled(if: EndToEndTests.chromium() != nil))
  func chartsRenderInChromium() throws {
    try build()
    let page = try page("en/sections/alpha/index.html")
    // The charts, not the legend's samples of their marks (hidden from screen readers).
    let svgs = page.components(separatedBy: "<svg").dropFirst().map { "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
      .filter { $0.contains("role=\"img\"") }
    #expect(svgs.count == 2)
    for (index, svg) in svgs.enumerated() {
      let file = directory.appendingPathComponent("chart-\(index).svg")
      try TestSupport.write(svg, to: file)
      let dom = try Self.run(try #require(Self.chromium()), ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", file.path])
      #expect(dom.contains("<svg"), "Chromium did not render \(file.path)")
      #expect(!dom.contains("parsererror"), "Chromium could not parse chart \(index): \(dom)")
    }
  }

  static func chromium() -> URL? {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].map(URL.init(fileURLWithPath:))
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  static func run(_ executable: URL, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
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
    try edit("sections/01-alpha.zh.md") {
      $0 + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>\n"
    }
    try edit("sections/01-alpha.en.md") { $0.replacingOccurrences(of: "title: Part Alpha", with: "title: \"<script>alert(3)</script>\"") }
    try build()
    for (path, data) in try TestSupport.snapshot(of: output) {
      // The one script the templates add to every page: the search box's, from the templates' assets.
      let text = String(decoding: data, as: UTF8.self).lowercased()
        .replacingOccurrences(of: #"<script src="(\.\./)*assets/search\.js" defer></script>"#, with: "", options: .regularExpression)
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
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
      $0.contains("staging") || $0.contains("previous")
    }
    #expect(leftovers.isEmpty)
  }

  // Found by building random edits: the site's root page was marked noindex, and nothing said why.
  @Test("without a home page in the default language the root page lists the parts, is indexed, and a warning says so")
  func missingDefaultHomePage() throws {
    try FileManager.default.removeItem(at: content.appendingPathComponent("index.zh.md"))
    let report = try build()
    let warning = try #require(report.warnings.first { $0.message.contains("home page") })
    #expect(warning.message.contains("the default language 'zh' has no home page (index.zh.md beside site.yaml)"))
    #expect(warning.location.path == content.path + "/site.yaml", "located where the default language is named")
    let siteYAML = try String(contentsOf: content.appendingPathComponent("site.yaml"), encoding: .utf8).components(separatedBy: "\n")
    #expect(siteYAML[warning.location.line - 1].contains("zh"))
    let root = try page("index.html")
    #expect(!root.contains("noindex"))
    #expect(root.contains("sections/alpha/"), "the root page lists the parts")
    #expect(!root.contains("translation not yet available"))
    #expect(try page("sitemap.xml").contains("<loc>https://test.example.org/plan/</loc>"))
    #expect(try page("en/index.html").contains("hreflang=\"zh\""), "the English home page names the root as its original")
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
      (
        "sections/01-alpha.zh.md", "lead: alpha-office", "lead: alpha-ofice",
        "unknown department 'alpha-ofice' as lead of section 'alpha'; did you mean 'alpha-office'?"
      ),
      (
        "sections/01-alpha.zh.md", "department: beta-office", "department: gamma",
        "unknown department 'gamma' as owner of target 'alpha-range'"
      ),
      ("sections/02-beta.zh.md", "id: beta-deadline", "id: alpha-range", "target id 'alpha-range' is used twice"),
      (
        "sections/01-alpha.en.md", "  alpha-rules:", "  alpha-rule:",
        "target 'alpha-rule' is not a target of the alpha section's source file; did you mean 'alpha-rules'?"
      ),
      ("sections/01-alpha.zh.md", "title: 甲部分", "titel: 甲部分", "unknown key 'titel' in section front matter; did you mean 'title'?"),
      ("site.yaml", "languages: [zh, en]", "languages: [zh, en, zh]", "language 'zh' is listed twice"),
      (
        "sections/02-beta.zh.md", "dept:alpha-office", "dept:alpha-offic",
        "unknown department 'alpha-offic' in a mark [](dept:…); did you mean 'alpha-office'?"
      ),
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
