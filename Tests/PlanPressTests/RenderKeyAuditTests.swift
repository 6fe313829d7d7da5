import Foundation
import Testing

@testable import PlanPress

/// A job's key is made of what its rendering read of the plan (`PlanReader`), with the values
/// `PlanReadValues` gives those reads. The random edits of `make incremental-check` vary what their
/// generator knows of; this audit varies every value of the synthetic fixture instead, one at a
/// time: each YAML value (front matter, `site.yaml`, `departments.yaml`, the interface texts), each
/// line of each Markdown body, each row of the figures and each asset. A change that alters a
/// job's files must alter the key of the reads the job made before it, and a brief's parts kept
/// because their reads are unchanged must give the brief a clean render gives.
@Suite("Render keys: every input a page shows is in its key")
struct RenderKeyAuditTests {
  /// What the fixture renders to, by job name.
  struct Rendering {
    var reads: [String: Set<PlanRead>] = [:]
    var keys: [String: UInt64] = [:]
    var files: [String: [Data]] = [:]
    /// Each brief as the build cache keeps it, with its parts, and its bytes.
    var briefs: [String: (file: BuildCache.File, contents: Data)] = [:]
  }

  /// Renders every job of the content as it is on disk; nil when the build refuses it. With a
  /// `previous` rendering, each job's key is that of the reads it made there, valued now, as a
  /// rebuild takes it.
  static func render(_ copy: FixtureCopy, keeping previous: Rendering? = nil) -> (Rendering, mismatchedBriefs: [String])? {
    let builder = SiteBuilder(options: BuildOptions(contentDirectory: copy.content.path, templatesDirectory: copy.templates.path))
    var clock = StageClock()
    guard let prepared = try? builder.prepare(withPDFs: true, clock: &clock, documents: MarkdownDocuments()) else { return nil }
    let renderer = prepared.renderer
    let inputs = RenderInputs(renderer: renderer, sources: prepared.sources)
    var rendering = Rendering()
    var mismatched: [String] = []
    for job in renderer.jobs {
      let (files, reads) = renderer.recording { $0.render(job) }
      rendering.reads[job.name] = reads
      rendering.keys[job.name] = inputs.key(for: job, reads: previous?.reads[job.name] ?? reads)
      rendering.files[job.name] = files.map(\.contents)
      guard case .brief = job, let brief = files.first else { continue }
      rendering.briefs[job.name] = (
        BuildCache.File(path: brief.path, size: 0, modified: 0, keptParts: inputs.cacheParts(of: brief, of: job)), brief.contents
      )
      // With the previous rendering's parts, taken where their reads are unchanged.
      guard let (file, contents) = previous?.briefs[job.name] else { continue }
      let unchanged = inputs.unchangedParts(of: file, of: job)
      let kept = KeptParts(unchanged, bytes: unchanged.map { contents[$0.offset..<$0.offset + $0.length] })
      if renderer.render(job, kept: kept).map(\.contents) != [brief.contents] { mismatched.append(job.name) }
    }
    return (rendering, mismatched)
  }

  /// The text with one value changed, for each value of a line-per-value YAML text: a letter put
  /// before it, and its last digit changed where it has one. Block scalars and keys alone are left.
  static func yamlVariants(_ text: String) -> [(line: Int, text: String)] {
    let lines = text.components(separatedBy: "\n")
    var variants: [(Int, String)] = []
    for index in lines.indices {
      let line = lines[index]
      let valueStart: String.Index?
      if let colon = line.range(of: ": ") {
        valueStart = colon.upperBound
      } else if let dash = line.range(of: "- "), line[..<dash.lowerBound].allSatisfy({ $0 == " " }) {
        valueStart = dash.upperBound
      } else {
        valueStart = nil
      }
      guard let start = valueStart, start < line.endIndex, !"|>#".contains(line[start]) else { continue }
      let quoted = "\"'".contains(line[start])
      let insertAt = quoted ? line.index(after: start) : start
      var changed = lines
      changed[index] = String(line[..<insertAt]) + "Z" + line[insertAt...]
      variants.append((index + 1, changed.joined(separator: "\n")))
      if let bumped = withLastDigitChanged(line, after: start) {
        changed[index] = bumped
        variants.append((index + 1, changed.joined(separator: "\n")))
      }
    }
    return variants
  }

  /// A CSV text with the last digit of each row but the header changed in turn.
  static func csvVariants(_ text: String) -> [(line: Int, text: String)] {
    let lines = text.components(separatedBy: "\n")
    return lines.indices.dropFirst().compactMap { index in
      guard let bumped = withLastDigitChanged(lines[index]) else { return nil }
      var changed = lines
      changed[index] = bumped
      return (index + 1, changed.joined(separator: "\n"))
    }
  }

  /// The line with its last digit (at or after `start`) one more, 9 becoming 0; nil without one.
  static func withLastDigitChanged(_ line: String, after start: String.Index? = nil) -> String? {
    guard let digit = line.lastIndex(where: \.isNumber), digit >= start ?? line.startIndex, let value = line[digit].wholeNumberValue
    else { return nil }
    return String(line[..<digit]) + String((value + 1) % 10) + line[line.index(after: digit)...]
  }

  /// A Markdown file with each line of its body changed in turn, and each value of its front matter.
  static func markdownVariants(_ text: String) -> [(line: Int, text: String)] {
    let lines = text.components(separatedBy: "\n")
    guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return [] }
    let front = yamlVariants(lines[..<end].joined(separator: "\n")).map { variant in
      (variant.line, variant.text + "\n" + lines[end...].joined(separator: "\n"))
    }
    let bodyVariants = lines.indices.dropFirst(end + 1).filter { !lines[$0].isEmpty }.map { index in
      var changed = lines
      changed[index] += " z"
      return (index + 1, changed.joined(separator: "\n"))
    }
    return front + bodyVariants
  }

  /// Sections added to the fixture to make it a large plan, whose pages show only their
  /// neighbours' titles (see `Site.largePlanSections`); some mark a part as naming a
  /// department other than their lead.
  static func addSections(to content: URL) throws {
    for number in 3...(Site.largePlanSections + 2) {
      let lead = number % 2 == 0 ? "alpha-office" : "beta-office"
      let mark = number % 5 == 0 ? " [](dept:\(lead == "alpha-office" ? "beta-office" : "alpha-office"))" : ""
      try TestSupport.write(
        "---\ntitle: 第\(number)部分\nlead: \(lead)\ntargets:\n  - id: t\(number)\n    label: 目标\(number)\n    department: \(lead)\n    milestone: true\n---\n## 事项\(number)\n\n第\(number)部分的内容。\(mark)\n",
        to: content.appendingPathComponent(String(format: "sections/%02d-s%d.zh.md", number, number)))
    }
  }

  @Test(
    "each value of the synthetic fixture, changed alone, changes the key of every job whose files it changes",
    arguments: ["small plan", "large plan"])
  func everyInputIsInTheKeys(plan: String) throws {
    let copy = try FixtureCopy("key-audit", copyingTemplates: true)
    // The interface texts and assets count for every page alike: the small plan changes them.
    let folders =
      plan == "large plan"
      ? [copy.content] : [copy.content, copy.templates.appendingPathComponent("i18n"), copy.templates.appendingPathComponent("assets")]
    var sources: [URL] = []
    for folder in folders {
      let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
      while let url = enumerator?.nextObject() as? URL {
        if !url.hasDirectoryPath { sources.append(url) }
      }
    }
    if plan == "large plan" {
      try Self.addSections(to: copy.content)
      // One of the added sections, in the middle.
      sources.append(copy.content.appendingPathComponent("sections/20-s20.zh.md"))
    }
    let (baseline, _) = try #require(Self.render(copy))
    var built = 0
    var refused = 0
    for source in sources.sorted(by: { $0.path < $1.path }) {
      let original = try String(contentsOf: source, encoding: .utf8)
      let variants: [(line: Int, text: String)]
      switch source.pathExtension {
      case "md": variants = Self.markdownVariants(original)
      case "yaml": variants = Self.yamlVariants(original)
      case "csv": variants = Self.csvVariants(original)
      default: variants = [(1, original + "\n/* changed */\n")]
      }
      defer { try? original.write(to: source, atomically: false, encoding: .utf8) }
      for variant in variants {
        try variant.text.write(to: source, atomically: false, encoding: .utf8)
        guard let (changed, mismatchedBriefs) = Self.render(copy, keeping: baseline) else {
          refused += 1
          continue
        }
        built += 1
        let place = "\(source.lastPathComponent):\(variant.line)"
        for (job, key) in changed.keys where baseline.keys[job] == key {
          #expect(changed.files[job] == baseline.files[job], "a change at \(place) changes \(job) but not its key")
        }
        #expect(mismatchedBriefs.isEmpty, "a change at \(place): \(mismatchedBriefs) differ when rendered with kept parts")
      }
    }
    // Most changes must build, or the audit audits nothing.
    #expect(built > (plan == "large plan" ? 40 : 150), "\(built) built, \(refused) refused")
  }
}
