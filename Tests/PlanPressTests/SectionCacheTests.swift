import Foundation
import Testing

@testable import PlanPress

/// Sections parsed by one build and reused by the next (`ParsedSectionCache`, `SectionArchive`).
@Suite("Parsed sections kept between builds")
struct SectionCacheTests {
  private static let basicContent = TestSupport.fixtures.appendingPathComponent("basic").appendingPathComponent("Content").path
  private static let shippedContent = TestSupport.packageRoot.appendingPathComponent("Content").path

  /// The site, its sources, and how many sections were taken from `cache`.
  private func parse(_ folder: String, reusing cache: ParsedSectionCache = ParsedSectionCache()) throws -> (Site, ContentSources, Int) {
    let sources = try ContentLoader(directory: folder).load()
    var log = DiagnosticLog()
    let (site, reused) = ContentParser().parse(sources, kept: cache.keptSections, documents: MarkdownDocuments(), log: &log)
    #expect(!log.hasErrors)
    return (try #require(site), sources, reused.count)
  }

  private func filesByPath(_ sources: ContentSources) -> [String: SourceFile] {
    Dictionary(sources.sections.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
  }

  @Test("a section written as bytes reads back equal with its bodies' documents, for both plans; a cut-off one is refused")
  func roundTrip() throws {
    for folder in [Self.shippedContent, Self.basicContent] {
      let (site, sources, _) = try parse(folder)
      let files = filesByPath(sources)
      let documents = MarkdownDocuments()
      #expect(!site.sections.isEmpty)
      for section in site.sections {
        let bytes = try #require(SectionArchive.bytes(of: section, documents: documents))
        let (read, ranges) = try #require(SectionArchive.section(from: bytes, files: files))
        #expect(read == section)
        #expect(Set(ranges.keys) == Set(section.bodies.values.map(\.file.path)))
        for body in section.bodies.values {
          let range = try #require(ranges[body.file.path])
          let document = bytes.withUnsafeBufferPointer { SectionArchive.document(from: UnsafeBufferPointer(rebasing: $0[range])) }
          #expect(document == documents.document(of: body))
          #expect(Array(bytes[range].dropLast()).withUnsafeBufferPointer(SectionArchive.document(from:)) == nil)
        }
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
          #expect(SectionArchive.section(from: Array(bytes.prefix(length)), files: files) == nil)
        }
        // A body's file must be there, as read now.
        #expect(SectionArchive.section(from: bytes, files: [:]) == nil)
      }
    }
  }

  @Test("the archive knows every field of the model: a field added there must be written here too")
  func everyFieldWritten() throws {
    let (site, _, _) = try parse(Self.basicContent)
    let section = try #require(site.sections.first)
    let target = try #require(section.targets.first { $0.baseline != nil })
    func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
    #expect(
      fields(section) == [
        "slug", "order", "title", "lead", "departments", "targets", "bodies", "translatedFrom", "location", "leadLocation",
        "departmentLocations", "translatedFromLocations", "rejectedTargetIDs",
      ])
    #expect(
      fields(target) == ["id", "label", "unit", "department", "kind", "baseline", "due", "section", "location", "departmentLocation"])
    #expect(fields(try #require(target.baseline)) == ["value", "asOf", "source"])
    #expect(fields(try #require(section.bodies.values.first)) == ["file", "title", "bodyFirstLine", "bodyOffset", "bodyOfItsOwn", "marks"])
    #expect(fields(section.location) == ["path", "line", "column"])
    #expect(fields(section.title) == ["entries"])
    #expect(fields(target.due) == ["year", "month", "day"])
    let document = MarkdownParser.parse("# A\n\n[b](../b/) [](dept:x) c")
    #expect(fields(document) == ["pieces", "headings", "links", "marks"])
    #expect(fields(try #require(document.headings.first)) == ["level", "text", "anchor", "line"])
    #expect(fields(try #require(document.links.first)) == ["url", "toOwnHeading", "line", "column", "isOpen"])
    #expect(fields(try #require(document.marks.first)) == ["department", "line", "column", "part", "isInAnotherMarkedPart"])
  }

  @Test("a parse takes a kept section when its files are unchanged, and parses it again when one changes")
  func reuseFollowsTheFiles() throws {
    let copy = try FixtureCopy("section-cache")
    let (site, sources, reusedFirst) = try parse(copy.content.path)
    #expect(reusedFirst == 0)

    // A kept section that differs from its files shows that the parse took it instead of reading them.
    var marked = try #require(site.sections.first { $0.slug == "alpha" })
    marked.title["zh"] = "从缓存读出"
    let kept = ParsedSectionCache().keeping(
      [marked] + site.sections.filter { $0.slug != "alpha" }, files: sources.sections, config: site.config)
    let (reused, _, reusedCount) = try parse(copy.content.path, reusing: kept)
    #expect(reusedCount == site.sections.count)
    #expect(reused.sections.first { $0.slug == "alpha" }?.title["zh"] == "从缓存读出")

    // Editing the translation changes the section's key: it is read from its files again.
    try TestSupport.edit(copy.content.appendingPathComponent("sections/01-alpha.en.md")) { $0 + "\nOne more line.\n" }
    let (edited, _, editedReused) = try parse(copy.content.path, reusing: kept)
    #expect(editedReused == site.sections.count - 1)
    #expect(edited.sections.first { $0.slug == "alpha" }?.title["zh"] == "甲部分")
  }

  @Test("builds keep parsed sections beside the output; a section with a warning is parsed again, and warns again")
  func buildsKeepSections() throws {
    let copy = try FixtureCopy("section-cache-builds")
    try TestSupport.edit(copy.content.appendingPathComponent("sections/01-alpha.en.md")) {
      $0.replacingOccurrences(of: "    label: Alpha standard\n", with: "")
    }
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path)
    )
    let first = try builder.build()
    let second = try builder.build()
    #expect(first.reusedSections == 0)
    #expect(FileManager.default.fileExists(atPath: ParsedSectionCache.location(forOutput: copy.output).path))
    for report in [first, second] {
      #expect(report.warnings.contains { $0.message.hasPrefix("no en label for target 'alpha-standard'") })
    }
    // Beta is kept; alpha, which has a warning, is not.
    #expect(second.reusedSections == 1)

    var clean = builder.options
    clean.clean = true
    clean.outputDirectory = copy.directory.appendingPathComponent("Clean").path
    try SiteBuilder(options: clean).build()
    #expect(try TestSupport.snapshot(of: copy.output) == TestSupport.snapshot(of: URL(fileURLWithPath: clean.outputDirectory)))
  }

  @Test(
    "a section whose translation has an error, in a file that never became a body, fails every build: it is not kept",
    arguments: [
      ("sections/01-alpha.en.md", "title: Part Alpha", "title: [Part Alpha"),
      ("sections/01-alpha.fr.md", "", "---\ntitle: Alpha\n---\nText.\n"),
    ])
  func sectionWithErrorIsNotKept(file: String, replacing: String, with replacement: String) throws {
    let copy = try FixtureCopy("section-cache-error")
    let url = copy.content.appendingPathComponent(file)
    if replacing.isEmpty {
      try TestSupport.write(replacement, to: url)
    } else {
      try TestSupport.edit(url) { $0.replacingOccurrences(of: replacing, with: replacement) }
    }
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path)
    )
    for build in 1...2 {
      #expect(throws: BuildFailure.self, "build \(build)") { try builder.build() }
    }
  }

  /// A copy of the fixture built once, its builder, and where the build kept its parsed sections.
  private func builtOnce(_ label: String) throws -> (FixtureCopy, SiteBuilder, URL) {
    let copy = try FixtureCopy(label)
    let builder = SiteBuilder(
      options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path)
    )
    try builder.build()
    return (copy, builder, ParsedSectionCache.location(forOutput: copy.output))
  }

  @Test("a damaged file of parsed sections keeps only its whole, intact entries: the build parses the rest and gives the same site")
  func damagedCache() throws {
    let (copy, builder, location) = try builtOnce("section-cache-damaged")
    let kept = try Data(contentsOf: location)
    let before = try TestSupport.snapshot(of: copy.output)
    for (damaged, whole) in [
      (kept.prefix(kept.count - 1), 1), (kept.prefix(kept.count - 30), 1), (kept.prefix(40), 0),
      (Data("planpress parsed sections 4\nzz 5 0\nabc\n".utf8), 0), (Data("other".utf8), 0), (Data(), 0),
    ] {
      try damaged.write(to: location)
      let report = try builder.build()
      #expect(report.reusedSections == whole)
      #expect(try TestSupport.snapshot(of: copy.output) == before)
      // The build wrote a whole file again, which the next build reads.
      #expect(try builder.build().reusedSections == 2)
    }
    // A byte changed inside a kept section: that section is parsed again, and kept anew.
    var flipped = try Data(contentsOf: location)
    flipped[flipped.count - 2] ^= 0x01
    try flipped.write(to: location)
    #expect(try builder.build().reusedSections == 1)
    #expect(try TestSupport.snapshot(of: copy.output) == before)
    #expect(try builder.build().reusedSections == 2)
  }

  @Test("an edit appends its section to the file of kept sections; once most of the file is of sections no longer kept, it is written anew")
  func editsAppend() throws {
    let (copy, builder, location) = try builtOnce("section-cache-append")
    let first = try Data(contentsOf: location)
    // Beta, the smaller section: the file stays mostly of sections kept after its first edit.
    let beta = copy.content.appendingPathComponent("sections/02-beta.zh.md")
    try TestSupport.edit(beta) { $0 + "\n又一行。\n" }
    #expect(try builder.build().reusedSections == 1)
    let appended = try Data(contentsOf: location)
    #expect(appended.count > first.count)
    #expect(appended.prefix(first.count) == first)
    #expect(try builder.build().reusedSections == 2)
    #expect(try Data(contentsOf: location) == appended)

    // Each further edit of beta adds an entry no longer kept, until they outweigh alpha's.
    var sizes = [appended.count]
    for edit in 1...10 where sizes.last ?? 0 >= sizes.first ?? 0 {
      try TestSupport.edit(beta) { $0 + "\n第\(edit)行。\n" }
      #expect(try builder.build().reusedSections == 1)
      sizes.append(try Data(contentsOf: location).count)
    }
    #expect(sizes.dropLast().allSatisfy { $0 >= appended.count })
    #expect(try #require(sizes.last) < appended.count)
    #expect(try builder.build().reusedSections == 2)
  }

  @Test(
    "a build that fails after its parse (a link to nowhere) keeps nothing it parsed: the file stays as the last build that succeeded wrote it"
  )
  func failedBuildKeepsNothing() throws {
    let (copy, builder, location) = try builtOnce("section-cache-failed")
    let written = try Data(contentsOf: location)
    let beta = copy.content.appendingPathComponent("sections/02-beta.zh.md")
    try TestSupport.edit(beta) { $0 + "\n见[别处](#不存在)。\n" }
    #expect(throws: BuildFailure.self) { try builder.build() }
    #expect(try Data(contentsOf: location) == written)
    // Mended, beta is parsed again and kept.
    try TestSupport.edit(beta) { $0.replacingOccurrences(of: "见[别处](#不存在)。", with: "又一行。") }
    #expect(try builder.build().reusedSections == 1)
    #expect(try builder.build().reusedSections == 2)
  }

}
