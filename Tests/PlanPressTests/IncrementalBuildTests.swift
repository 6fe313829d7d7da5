import Foundation
import Testing

@testable import PlanPress

/// Builds after a first build: the cache beside the output, pages carried over, and what an edit renders again.
@Suite("Incremental builds")
struct IncrementalBuildTests {
  let directory: URL
  let content: URL
  let templates: URL
  let output: URL

  init() throws {
    let copy = try FixtureCopy("incremental", copyingTemplates: true)
    (directory, content, templates, output) = (copy.directory, copy.content, copy.templates, copy.output)
  }

  @discardableResult
  private func build(into output: URL? = nil, clean: Bool = false, progress: BuildProgress? = nil) throws -> BuildReport {
    var options = BuildOptions(
      contentDirectory: content.path, templatesDirectory: templates.path, outputDirectory: (output ?? self.output).path)
    options.clean = clean
    options.progress = progress
    return try SiteBuilder(options: options).build()
  }

  private func edit(_ relative: String, in folder: URL? = nil, _ change: (String) -> String) throws {
    let url = (folder ?? content).appendingPathComponent(relative)
    let text = try String(contentsOf: url, encoding: .utf8)
    let changed = change(text)
    #expect(changed != text, "the edit of \(relative) changed nothing")
    try TestSupport.write(changed, to: url)
  }

  /// Inode and modification time: a file carried over by hard link keeps both.
  private func identity(_ path: String) throws -> (inode: Int, modified: Date) {
    let attributes = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)
    return (
      try #require(attributes[.systemFileNumber] as? Int), try #require(attributes[.modificationDate] as? Date)
    )
  }

  /// Every file a build writes, except the copied assets.
  private var allPages: [String] {
    get throws {
      try TestSupport.snapshot(of: output).keys.filter { !$0.hasPrefix("assets/") && $0 != ".gitignore" && $0 != OutputFolder.markerName }
        .sorted()
    }
  }

  private var cacheFile: URL { directory.appendingPathComponent(".planpress-cache/Output") }

  @Test("a second build with no change renders nothing and keeps every file, with its time")
  func noChange() throws {
    let first = try build()
    #expect(first.rendered.count == first.fileCount)
    #expect(FileManager.default.fileExists(atPath: cacheFile.path))
    let before = try TestSupport.snapshot(of: output)
    let page = try identity("sections/alpha/index.html")
    let asset = try identity("assets/site.css")

    let second = try build()
    #expect(second.rendered.isEmpty)
    #expect(second.fileCount == first.fileCount)
    #expect(try TestSupport.snapshot(of: output) == before)
    #expect(try identity("sections/alpha/index.html") == page)
    #expect(try identity("assets/site.css") == asset)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
      $0.contains("staging") || $0.contains("previous")
    }
    #expect(leftovers.isEmpty)
  }

  @Test("cmark parses each body once in a clean build; a rebuild parses the home pages and the sections that changed")
  func eachBodyParsedOnce() throws {
    let first = try build()
    let sources = try #require(first.buildData?.sources)
    let bodies = (sources.sections.map(\.file) + sources.homePages.values).map(\.path)
    let homePages = sources.homePages.values.map { URL(fileURLWithPath: $0.path).lastPathComponent }
    #expect(bodies.count > 4)
    #expect(first.parsedMarkdown.sorted() == bodies.sorted())

    // A section's key is of all its files: both are parsed again.
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    let second = try build()
    let names = second.parsedMarkdown.map { URL(fileURLWithPath: $0).lastPathComponent }
    #expect(names.sorted() == (["01-alpha.en.md", "01-alpha.zh.md"] + homePages).sorted())

    // Every page is rendered again, each body from the document the cache kept.
    try edit("i18n/zh.yaml", in: templates) { $0.replacingOccurrences(of: "tools: 简报工具", with: "tools: 工具") }
    let third = try build()
    #expect(third.rendered.count == first.rendered.count)
    #expect(third.parsedMarkdown.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == homePages.sorted())
  }

  @Test("a page rendered again to the bytes it had keeps its file and its time; one that changed is written")
  func renderedToSameBytes() throws {
    let first = try build()
    let pages = try allPages
    var before: [String: (inode: Int, modified: Date)] = [:]
    for page in pages { before[page] = try identity(page) }

    // Every key changes with an interface text, but only the briefs show this one.
    try edit("i18n/zh.yaml", in: templates) { $0.replacingOccurrences(of: "tools: 简报工具", with: "tools: 工具") }
    try edit("i18n/en.yaml", in: templates) { $0.replacingOccurrences(of: "tools: Brief tools", with: "tools: Tools") }
    let second = try build()
    let briefs = pages.filter { $0.contains("print/") }
    #expect(!briefs.isEmpty)
    #expect(second.rendered.count == first.rendered.count, "every page is rendered again")
    #expect(second.renderedToSameBytes == pages.count - briefs.count)
    #expect(second.unchangedCount == second.fileCount - briefs.count)
    for page in pages {
      let now = try identity(page)
      if briefs.contains(page) {
        #expect(now.inode != before[page]?.inode, "\(page) changed and is written again")
      } else {
        #expect(now.inode == before[page]?.inode && now.modified == before[page]?.modified, "\(page) is kept as it was")
      }
    }
    try expectSameAsCleanBuild()
  }

  @Test("two sections that swap files of the same bytes give the site a clean build gives")
  func sectionsSwappingIdenticalFiles() throws {
    // Synthetic: the same front matter, and one text that marks a part as naming beta-office,
    // whose link to its own heading leads, from beta-office's brief, to that section's page.
    let front = "---\ntitle: 同\nlead: alpha-office\n---\n"
    let plain = front + "甲。\n"
    let marking = front + "## Part B\n\nSee [above](#part-b). [](dept:beta-office)\n"
    try TestSupport.write(plain, to: content.appendingPathComponent("sections/03-p.zh.md"))
    try TestSupport.write(marking, to: content.appendingPathComponent("sections/04-q.zh.md"))
    try build()
    try TestSupport.write(marking, to: content.appendingPathComponent("sections/03-p.zh.md"))
    try TestSupport.write(plain, to: content.appendingPathComponent("sections/04-q.zh.md"))
    try build()
    try expectSameAsCleanBuild()
  }

  @Test("an output folder that is a link to someone's folder is refused, and what it links to is left as it was")
  func outputThatIsALink() throws {
    let real = directory.appendingPathComponent("Real")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    try TestSupport.write("kept", to: real.appendingPathComponent("kept.txt"))
    try FileManager.default.createSymbolicLink(at: output, withDestinationURL: real)
    #expect(throws: BuildFailure.self) { try build() }
    #expect(try String(contentsOf: real.appendingPathComponent("kept.txt"), encoding: .utf8) == "kept")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output.path) == real.path)
  }

  @Test(
    "an edit renders again exactly the pages that show what changed",
    arguments: [
      // A section's text: its page, in both languages (one job), and the briefs that show it, in
      // the languages that show that text: its lead's, and, for a text that marks a part as naming
      // another department, that one's too. Beta has no English text: its Chinese shows in both.
      (
        "Content", "sections/01-alpha.en.md", "A second heading", "Another heading",
        ["en/sections/alpha/index.html", "sections/alpha/index.html", "en/print/alpha-office/index.html"]
      ),
      (
        "Content", "sections/02-beta.zh.md", "乙部分只有中文。", "乙部分只有中文，已修改。",
        [
          "en/sections/beta/index.html", "sections/beta/index.html", "en/print/alpha-office/index.html", "print/alpha-office/index.html",
          "en/print/beta-office/index.html", "print/beta-office/index.html",
        ]
      ),
      // The home page's text: the home page only.
      ("Content", "index.en.md", "synthetic", "made-up", ["en/index.html", "index.html"]),
      // A title is shown in the navigation of every page and on the pages that list the plan.
      (
        "Content", "sections/02-beta.zh.md", "title: 乙部分", "title: 乙部分（改）",
        [
          "departments/alpha-office/index.html", "departments/beta-office/index.html", "departments/index.html",
          "en/departments/alpha-office/index.html", "en/departments/beta-office/index.html", "en/departments/index.html",
          "en/index.html", "en/sections/alpha/index.html", "en/sections/beta/index.html", "index.html",
          "sections/alpha/index.html", "sections/beta/index.html", "sitemap.xml", "dashboard/index.html", "en/dashboard/index.html",
          "data/targets.json", "data/targets.csv", "print/alpha-office/index.html", "en/print/alpha-office/index.html",
          "print/beta-office/index.html", "en/print/beta-office/index.html",
        ]
      ),
      // Interface texts and the assets are in every page's key.
      ("Templates", "i18n/en.yaml", "Skip to content", "Skip to the text", nil),
      ("Templates", "assets/site.css", "", "", nil),
      // site.yaml and departments.yaml, even where no page shows the change; a file the build does
      // not read (a README beside the content) renders nothing.
      ("Content", "departments.yaml", "", "", nil),
      ("Content", "README.md", "", "", []),
    ] as [(String, String, String, String, [String]?)])
  func edits(folder: String, file: String, from: String, to: String, expected: [String]?) throws {
    try build()
    let root = folder == "Templates" ? templates : content
    if from.isEmpty {
      try edit(file, in: root) { $0 + "\n# edited\n" }
    } else {
      try edit(file, in: root) { $0.replacingOccurrences(of: from, with: to) }
    }
    let report = try build()
    let expectedPages = try expected ?? allPages
    #expect(report.rendered.sorted() == expectedPages.sorted())
    try expectSameAsCleanBuild()
  }

  // Found by comparing incremental and clean builds across random edits: the sitemap kept listing
  // an English home page that was gone.
  @Test("taking away the home page's translation, and putting it back, lists it in the sitemap as a clean build does")
  func homePageTranslationInSitemap() throws {
    let english = content.appendingPathComponent("index.en.md")
    let text = try String(contentsOf: english, encoding: .utf8)
    try build()
    #expect(try TestSupport.page("sitemap.xml", in: output).contains("/en/</loc>"))
    try FileManager.default.removeItem(at: english)
    let without = try build()
    #expect(without.rendered.contains("sitemap.xml"))
    #expect(try !TestSupport.page("sitemap.xml", in: output).contains("/en/</loc>"))
    try expectSameAsCleanBuild()
    try TestSupport.write(text, to: english)
    try build()
    #expect(try TestSupport.page("sitemap.xml", in: output).contains("/en/</loc>"))
    try expectSameAsCleanBuild()
  }

  @Test("an incremental build is byte-identical to a clean build, across a run of edits")
  func identicalToClean() throws {
    try build()
    try edit("sections/01-alpha.zh.md") { $0 + "\n## 新增一节\n\n新增的内容。\n" }
    try build()
    try expectSameAsCleanBuild()
    try edit("sections/01-alpha.zh.md") { $0.replacingOccurrences(of: "at-least: 1200", with: "at-least: 1300") }
    try build()
    try expectSameAsCleanBuild()
    // A new section, and then its removal.
    let gamma = content.appendingPathComponent("sections/03-gamma.zh.md")
    try TestSupport.write("---\ntitle: 丙部分\nlead: alpha-office\n---\n## 丙\n\n丙的内容。\n", to: gamma)
    try build()
    #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("sections/gamma/index.html").path))
    try expectSameAsCleanBuild()
    try FileManager.default.removeItem(at: gamma)
    try build()
    #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("sections/gamma/index.html").path))
    try expectSameAsCleanBuild()
  }

  /// Waits until the files written so far are older than the margin within which a build does not
  /// take a file as unchanged (`SourceRecords.racyMargin`), as files are that were not just saved.
  private func waitPastRacyMargin() async throws {
    try await Task.sleep(for: .nanoseconds(SourceRecords.racyMargin + 200_000_000))
  }

  @Test("a rebuild reads only the section files it needs of those unchanged since the build that read them")
  func unchangedFilesNotRead() async throws {
    let gamma = content.appendingPathComponent("sections/03-gamma.zh.md")
    try TestSupport.write("---\ntitle: 丙部分\nlead: beta-office\n---\n## 丙\n\n丙的内容。\n", to: gamma)
    try await waitPastRacyMargin()
    let first = try build()
    #expect(first.unreadSectionFiles.isEmpty)
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    let rebuild = try build()
    // Gamma's section is taken as parsed, and no page rendered again shows its text.
    #expect(rebuild.unreadSectionFiles.contains(gamma.path))
    #expect(!rebuild.unreadSectionFiles.contains(content.appendingPathComponent("sections/01-alpha.zh.md").path))
    try expectSameAsCleanBuild()
    // Read again once a page shows it: gamma's own text changes.
    try edit("sections/03-gamma.zh.md") { $0.replacingOccurrences(of: "丙的内容。", with: "丙的新内容。") }
    #expect(try build().unreadSectionFiles.contains(gamma.path) == false)
    try expectSameAsCleanBuild()
  }

  @Test("a file changed to the same size with its modification time put back is read again: its change time tells")
  func changeWithTimePutBack() async throws {
    let alpha = content.appendingPathComponent("sections/01-alpha.zh.md")
    try await waitPastRacyMargin()
    try build()
    var info = stat()
    try #require(stat(alpha.path, &info) == 0)
    let text = try String(contentsOf: alpha, encoding: .utf8)
    let changed = text.replacingOccurrences(of: "at-least: 1200", with: "at-least: 1300")
    #expect(changed != text && changed.utf8.count == text.utf8.count)
    try TestSupport.write(changed, to: alpha)
    // The modification time put back to the nanosecond, as a tool that keeps times would.
    var times = [info.st_atim, info.st_mtim]
    try #require(utimensat(AT_FDCWD, alpha.path, &times, 0) == 0)
    var after = stat()
    try #require(stat(alpha.path, &after) == 0)
    #expect(after.st_mtim.tv_sec == info.st_mtim.tv_sec && after.st_mtim.tv_nsec == info.st_mtim.tv_nsec && after.st_size == info.st_size)
    try build()
    try expectSameAsCleanBuild()
  }

  @Test("a file whose text is not what its record says when it is read stops the build, which changes nothing")
  func fileChangedAsItIsRead() async throws {
    try await waitPastRacyMargin()
    try build()
    let recordsFile = SourceRecords.location(forOutput: output)
    var records = SourceRecords.load(from: recordsFile)
    let english = content.appendingPathComponent("sections/01-alpha.en.md").path
    try #require(records.records[english] != nil)
    records.records[english]?.textHash ^= 1
    try records.save(to: recordsFile)
    let before = try TestSupport.snapshot(of: output)
    // The Chinese file's change has the section parsed again, and the English file read.
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    let failure = try #require(throws: BuildFailure.self) { try build() }
    #expect(failure.diagnostics.map(\.message) == ["the file changed while the build was reading it; build again"])
    #expect(failure.diagnostics.first?.location.path == english)
    #expect(try TestSupport.snapshot(of: output) == before)
    // Built again, it reads the file afresh.
    try build()
    try expectSameAsCleanBuild()
  }

  @Test("a section file's text let go of is read again when asked for; changed by then, it is told as a change, not taken")
  func textLetGoIsReadAgain() throws {
    let path = content.appendingPathComponent("sections/01-alpha.zh.md").path
    let changes = SourceChanges()
    let file = try SourceFile.read(atPath: path, reportedAs: path, unchanged: { _ in nil }, changes: changes)
    let text = file.text
    let copy = file
    file.letTextGo()
    #expect(copy.text == text)
    #expect(changes.failure == nil)
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    // Held again once read: the change shows only after it is let go of once more.
    #expect(file.text == text)
    copy.letTextGo()
    #expect(file.text == "")
    #expect(changes.failure?.location.path == path)
    // A text made in memory has nowhere to be read again from, and is kept.
    let made = SourceFile(path: "made.md", text: "# Made\n")
    made.letTextGo()
    #expect(made.text == "# Made\n")
  }

  @Test("a file added by hand to the output is gone from it after the next build, and never comes back from the spare site")
  func fileAddedToTheOutputByHand() throws {
    try build()
    try edit("sections/01-alpha.zh.md") { $0 + "\n第一次修改。\n" }
    try build()
    let added = output.appendingPathComponent("sections/alpha/notes.txt")
    try TestSupport.write("mine", to: added)
    // The next build sets the site that holds it aside as the spare; the one after takes that spare up.
    for round in 2...3 {
      try edit("sections/01-alpha.zh.md") { $0 + "\n第\(round)次修改。\n" }
      try build()
      #expect(!FileManager.default.fileExists(atPath: added.path), "build \(round)")
      try expectSameAsCleanBuild()
    }
  }

  @Test("a page where a folder was, and a folder where a page was, across builds that take up the spare site")
  func pageAndFolderTradePlaces() throws {
    try build()
    try build()
    let spare = directory.appendingPathComponent(".planpress-cache/Output.spare")
    // A page in the spare where the next build writes a folder, and a folder where it writes a page.
    try FileManager.default.removeItem(at: spare.appendingPathComponent("sections/alpha"))
    try TestSupport.write("a page where a folder goes", to: spare.appendingPathComponent("sections/alpha"))
    try FileManager.default.removeItem(at: spare.appendingPathComponent("404.html"))
    try TestSupport.write("a folder where a page goes", to: spare.appendingPathComponent("404.html/index.html"))
    try edit("sections/01-alpha.zh.md") { $0 + "\n修改。\n" }
    try build()
    try expectSameAsCleanBuild()
  }

  @Test(
    "a missing, corrupt, truncated or foreign cache means a full build, with the same output",
    arguments: ["missing", "garbage", "truncated", "foreign", "bad key", "bad read"])
  func damagedCache(damage: String) throws {
    let first = try build()
    let text = try String(contentsOf: cacheFile, encoding: .utf8)
    switch damage {
    case "missing": try FileManager.default.removeItem(at: cacheFile)
    case "garbage": try Data([0xFF, 0x00, 0x13]).write(to: cacheFile)
    case "truncated": try Data(text.utf8.prefix(text.utf8.count / 2)).write(to: cacheFile)
    case "foreign": try Data(text.replacingOccurrences(of: BuildCache.header, with: "planpress build cache 0").utf8).write(to: cacheFile)
    case "bad read":
      // A section page's reads (its third field) naming a string far past the table's end.
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let index = try #require(lines.firstIndex { $0.contains("\tsection/") })
      var fields = lines[index].split(separator: "\t", omittingEmptySubsequences: false)
      fields[2] = "f\u{1F}99999999999999999999999"
      lines[index] = fields.joined(separator: "\t")[...]
      try Data(lines.joined(separator: "\n").utf8).write(to: cacheFile)
    default:
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      // The first job's line, after the header and the table of strings.
      lines[2] = "not-hex" + lines[2].drop { $0 != "\t" }
      try Data(lines.joined(separator: "\n").utf8).write(to: cacheFile)
    }
    let report = try build()
    #expect(report.rendered.count == first.fileCount)
    try expectSameAsCleanBuild()
  }

  @Test("--clean renders everything; a page changed by hand in the output is rendered again")
  func cleanAndTamperedOutput() throws {
    let first = try build()
    #expect(try build(clean: true).rendered.count == first.fileCount)
    let page = output.appendingPathComponent("en/sections/alpha/index.html")
    try TestSupport.write("defaced", to: page)
    let report = try build()
    #expect(report.rendered.sorted() == ["en/sections/alpha/index.html", "sections/alpha/index.html"])
    #expect(try String(contentsOf: page, encoding: .utf8).contains("<!DOCTYPE html>"))
  }

  @Test("progress counts every render job up to the total")
  func progress() throws {
    let seen = Locked([(Int, Int)]())
    try build(progress: { done, total in seen.withLock { $0.append((done, total)) } })
    let counts = seen.withLock { $0 }
    #expect(!counts.isEmpty)
    #expect(counts.map(\.0).sorted() == Array(1...counts.count))
    #expect(Set(counts.map(\.1)) == [counts.count])
  }

  @Test("a rebuild that takes away an anchor an unchanged page links to fails, located in that page's Markdown")
  func anchorRemovedUnderUnchangedPage() throws {
    for language in ["zh", "en"] { try edit("sections/01-alpha.\(language).md") { $0 + "\n## Anchor target\n\nAnchor.\n" } }
    // Above beta's marked part, so that alpha's brief, which shows that part, does not repeat it.
    try edit("sections/02-beta.zh.md") { $0.replacingOccurrences(of: "## 乙事项", with: "见[甲部分的锚点](../alpha/#anchor-target)。\n\n## 乙事项") }
    try build()
    let before = try TestSupport.snapshot(of: output)
    // Only alpha's text changes: beta's pages are carried over, and their link now leads nowhere.
    try edit("sections/01-alpha.zh.md") { $0.replacingOccurrences(of: "## Anchor target", with: "## Renamed target") }
    do {
      let report = try build()
      Issue.record("the rebuild should have failed on the link to #anchor-target; it rendered \(report.rendered)")
    } catch let failure as BuildFailure {
      let errors = failure.diagnostics.filter { $0.severity == .error }
      let inBeta = errors.first { $0.location.path.hasSuffix("sections/02-beta.zh.md") }
      #expect(
        inBeta?.message.contains("leads to no element with id 'anchor-target' on sections/alpha/index.html") == true,
        "\(errors.map(\.formatted))")
    }
    #expect(try TestSupport.snapshot(of: output) == before)
  }

  @Test("the key the cache keeps for each job is the key of what the job read, taken again from the reads the cache keeps")
  func keysFromKeptReads() throws {
    try build()
    let cache = try #require(BuildCache.load(from: cacheFile))
    var clock = StageClock()
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: content.path, templatesDirectory: templates.path, outputDirectory: output.path))
    let prepared = try builder.prepare(withPDFs: false, clock: &clock, documents: MarkdownDocuments())
    let inputs = RenderInputs(renderer: prepared.renderer, sources: prepared.sources)
    var briefsWithParts = 0
    for job in prepared.renderer.jobs {
      let entry = try #require(cache.entries[job.name], "\(job.name)")
      let reads = prepared.renderer.recording { $0.render(job) }.reads
      #expect(inputs.key(for: job, reads: reads) == entry.key, "\(job.name)")
      // A brief's entry keeps only the reads its parts do not: the key puts them together again.
      #expect(inputs.key(for: job, entry: entry) == entry.key, "\(job.name)")
      if let parts = entry.files.first?.keptParts, !parts.isEmpty {
        briefsWithParts += 1
        #expect(Set(entry.reads).isDisjoint(with: parts.flatMap(\.reads)), "\(job.name)")
        #expect(inputs.unchangedParts(of: entry.files[0], of: job).count == parts.count, "\(job.name)")
      }
    }
    #expect(briefsWithParts > 0)
  }

  @Test("a build that starts or stops printing PDFs renders again the pages that link to them")
  func printingChangesKeys() throws {
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: content.path, templatesDirectory: templates.path, outputDirectory: output.path))
    func keys(withPDFs: Bool) throws -> [UInt64] {
      var clock = StageClock()
      let prepared = try builder.prepare(withPDFs: withPDFs, clock: &clock, documents: MarkdownDocuments())
      let inputs = RenderInputs(renderer: prepared.renderer, sources: prepared.sources)
      return prepared.renderer.jobs.map { job in inputs.key(for: job, reads: prepared.renderer.recording { $0.render(job) }.reads) }
    }
    let without = try keys(withPDFs: false)
    let with = try keys(withPDFs: true)
    #expect(without == (try keys(withPDFs: false)))
    #expect(zip(without, with).allSatisfy { $0 != $1 })
  }

  @Test("a brief rendered after an edit of a section's text takes its table of targets from the previous build, and only then")
  func keptTableOfTargets() throws {
    try build()
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    var report = try build()
    #expect(report.rendered.contains("print/alpha-office/index.html"))
    #expect(report.keptTables == 1, "alpha-office's Chinese brief; its English one shows the English text and is carried over")
    #expect(report.keptSectionTexts == 1, "what beta says of alpha-office")
    try expectSameAsCleanBuild()

    // The cache says where the table is in the brief, where the text of the one section
    // alpha-office leads is, and where what beta says of it is.
    let cache = try #require(BuildCache.load(from: cacheFile))
    let file = try #require(cache.entries["brief/alpha-office/zh"]?.files.first)
    let brief = try Data(contentsOf: output.appendingPathComponent(file.path))
    let parts = file.keptParts.map { String(decoding: brief[$0.offset..<$0.offset + $0.length], as: UTF8.self) }
    #expect(parts.count == 3)
    let table = try #require(parts.first { $0.hasPrefix("<table class=\"targets\">") })
    #expect(table.contains("</table>\n") && table.contains("target-alpha-standard"))
    #expect(parts.contains { $0.contains("新增的一段。") && !$0.contains("<table") })
    #expect(parts.contains { $0.contains("乙事项") && !$0.contains("<table") })

    // A target's requirement is in the table: it is rendered again.
    try edit("sections/01-alpha.zh.md") { $0.replacingOccurrences(of: "at-least: 1200", with: "at-least: 1300") }
    report = try build()
    #expect(report.keptTables == 0)
    try expectSameAsCleanBuild()

    // A brief changed by hand since is not taken from.
    let path = output.appendingPathComponent("print/alpha-office/index.html")
    try TestSupport.write(
      try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "<table class=\"targets\">", with: "<table>"), to: path)
    try edit("sections/01-alpha.zh.md") { $0 + "\n又一段。\n" }
    report = try build()
    #expect(report.keptTables == 0)
    try expectSameAsCleanBuild()
  }

  @Test("a brief rendered after an edit of one section's text takes the texts of the other sections it leads from the previous build")
  func keptSectionTexts() throws {
    try edit("sections/02-beta.zh.md") { $0.replacingOccurrences(of: "lead: beta-office", with: "lead: alpha-office") }
    try build()
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段，见[乙部分](../beta/)。\n" }
    var report = try build()
    #expect(report.rendered.contains("print/alpha-office/index.html"))
    #expect(report.keptSectionTexts == 1, "beta's, in the Chinese brief")
    try expectSameAsCleanBuild()

    // Then beta's text is edited: alpha's, with the link the last edit added, is taken.
    try edit("sections/02-beta.zh.md") { $0 + "\n乙的新段落。\n" }
    report = try build()
    #expect(report.keptSectionTexts >= 1)
    try expectSameAsCleanBuild()

    // Beta given an English file: the English brief shows it instead of the Chinese text, which
    // is rendered, not taken.
    try TestSupport.write("---\ntitle: Part Beta\n---\n\nBeta in English.\n", to: content.appendingPathComponent("sections/02-beta.en.md"))
    report = try build()
    try expectSameAsCleanBuild()
    let english = try String(contentsOf: output.appendingPathComponent("en/print/alpha-office/index.html"), encoding: .utf8)
    #expect(english.contains("Beta in English."))
  }

  @Test("a content file that is a link counts as the file it leads to")
  func linkedContentFile() throws {
    // The metrics kept outside the content folder and linked in, as a department might.
    let metrics = content.appendingPathComponent("metrics/synthetic.csv")
    let outside = directory.appendingPathComponent("shared-metrics.csv")
    try FileManager.default.moveItem(at: metrics, to: outside)
    try FileManager.default.createSymbolicLink(at: metrics, withDestinationURL: outside)
    try build()
    try TestSupport.write(try String(contentsOf: outside, encoding: .utf8).replacingOccurrences(of: ",1100,", with: ",1099,"), to: outside)
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    let report = try build()
    #expect(report.rendered.contains("dashboard/index.html"))
    try expectSameAsCleanBuild()
  }

  @Test("a damaged record of a kept part in the cache means rendering the part again")
  func damagedKeptPart() throws {
    try build()
    let text = try String(contentsOf: cacheFile, encoding: .utf8)
    let damaged = try #require(
      text.split(separator: "\n").first { $0.contains("\tbrief/alpha-office/zh\t") }.map { line -> String in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        // Each part's fields are its name, key, offset, length and reads (see `BuildCache.serialized`).
        let parts = fields[fields.count - 1].split(separator: "\u{1C}").map {
          $0.split(separator: "\u{1D}", omittingEmptySubsequences: false)
        }
        return fields.dropLast().joined(separator: "\t") + "\t"
          + parts.map { [$0[0], $0[1], "9223372036854775807", "1", $0[4]].joined(separator: "\u{1D}") }.joined(separator: "\u{1C}")
      })
    let original = try #require(text.split(separator: "\n").first { $0.contains("\tbrief/alpha-office/zh\t") })
    try TestSupport.write(text.replacingOccurrences(of: String(original), with: damaged), to: cacheFile)
    try edit("sections/01-alpha.zh.md") { $0 + "\n新增的一段。\n" }
    let report = try build()
    #expect(report.keptTables == 0)
    #expect(report.keptSectionTexts == 0)
    try expectSameAsCleanBuild()
  }

  @Test("the cache round-trips through its file format")
  func cacheFormat() throws {
    var cache = BuildCache()
    cache.entries["section/a"] = .init(
      key: 0xDEAD_BEEF_0000_0001, reads: [.front("a"), .neighbours("a"), .text("a", language: "zh")],
      files: [.init(path: "sections/a/index.html", size: 12, modified: 1_700_000_000_123_456_789)])
    cache.entries["404"] = .init(key: 7, files: [])
    cache.entries["brief/a/zh"] = .init(
      key: 8,
      files: [
        .init(
          path: "print/a/index.html", size: 900, modified: 1,
          keptParts: [
            .init(name: "table", key: 0xABC, reads: [.fronts, .owned("a")], offset: 100, length: 700),
            .init(name: "mention/b", key: 0xDEF, reads: [.front("b"), .text("b", language: "en")], offset: 800, length: 50),
          ])
      ])
    let url = directory.appendingPathComponent("cache-test")
    try cache.save(to: url)
    #expect(BuildCache.load(from: url) == cache)
  }

  /// The output equals a clean build's of the same input, file for file and byte for byte.
  private func expectSameAsCleanBuild(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let clean = directory.appendingPathComponent("Clean-\(UUID().uuidString)")
    try build(into: clean, clean: true)
    let incremental = try TestSupport.snapshot(of: output)
    let expected = try TestSupport.snapshot(of: clean)
    #expect(incremental.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
    for (path, data) in expected where incremental[path] != data {
      Issue.record("\(path) differs from a clean build's", sourceLocation: sourceLocation)
    }
  }
}
