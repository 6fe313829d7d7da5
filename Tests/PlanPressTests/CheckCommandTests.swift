import Foundation
import PlanPressCommand
import Testing

@testable import PlanPress

/// A mistake made in a copy of the fixture site, and what `planpress check` must say about it.
struct Mistake: Sendable, CustomTestStringConvertible {
  /// How the copy is changed.
  enum Edit: Sendable {
    /// Replaces text in a file (paths under the test folder: `Content/…` or `Templates/…`).
    case replace(String, with: String)
    /// Replaces text with raw bytes, for encodings other than UTF-8.
    case replaceWithBytes(String, [UInt8])
    /// Renames the file.
    case rename(to: String)
    /// Copies the file to another name beside it.
    case copy(to: String)
  }

  var name: String
  var file: String
  var edit: Edit
  /// Part of the message the error must have.
  var message: String
  /// The line it must be reported at, in `file` unless `reportedIn` names another.
  var line: Int
  var reportedIn: String?

  var testDescription: String { name }
}

@Suite("planpress check: each mistake located, nothing written")
struct CheckCommandTests {
  let directory: URL
  let content: URL
  let templates: URL
  let output: URL

  init() throws {
    let copy = try FixtureCopy("check", copyingTemplates: true)
    (directory, content, templates, output) = (copy.directory, copy.content, copy.templates, copy.output)
  }

  private var folderArguments: [String] { ["--content", content.path, "--templates", templates.path] }

  private func check(_ extra: [String] = []) throws -> CommandResult {
    try TestSupport.runPlanpress(["check"] + folderArguments + extra)
  }

  private func apply(_ edit: Mistake.Edit, to relative: String) throws {
    let url = directory.appendingPathComponent(relative)
    switch edit {
    case .replace(let from, let to):
      let text = try String(contentsOf: url, encoding: .utf8)
      try #require(text.contains(from), "\(relative) does not contain \(from)")
      try TestSupport.write(text.replacingOccurrences(of: from, with: to), to: url)
    case .replaceWithBytes(let from, let bytes):
      let text = try String(contentsOf: url, encoding: .utf8)
      let parts = text.components(separatedBy: from)
      try #require(parts.count == 2)
      try (Data(parts[0].utf8) + Data(bytes) + Data(parts[1].utf8)).write(to: url)
    case .rename(let name):
      try FileManager.default.moveItem(at: url, to: url.deletingLastPathComponent().appendingPathComponent(name))
    case .copy(let name):
      try FileManager.default.copyItem(at: url, to: url.deletingLastPathComponent().appendingPathComponent(name))
    }
  }

  static let mistakes: [Mistake] = [
    Mistake(
      name: "YAML syntax error", file: "Content/sections/02-beta.zh.md",
      edit: .replace("lead: beta-office", with: "lead: [beta-office"), message: "YAML: did not find expected ',' or ']'", line: 4),
    Mistake(
      name: "front matter missing", file: "Content/sections/02-beta.zh.md",
      edit: .replace("---\ntitle: 乙部分", with: "title: 乙部分"), message: "missing front matter", line: 1),
    Mistake(
      name: "front matter not closed", file: "Content/sections/02-beta.zh.md",
      edit: .replace("    at-most: 12\n---\n", with: "    at-most: 12\n"), message: "front matter is not closed", line: 1),
    Mistake(
      name: "not UTF-8", file: "Content/sections/02-beta.zh.md",
      edit: .replaceWithBytes("只有中文", [0xD6, 0xD0, 0xCE, 0xC4]), message: "not valid UTF-8 (bad byte 0xD6 at byte offset 201)", line: 13),
    Mistake(
      name: "misspelt key", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("title: 甲部分", with: "titel: 甲部分"), message: "unknown key 'titel' in section front matter; did you mean 'title'?",
      line: 2),
    Mistake(
      name: "misspelt target key", file: "Content/sections/02-beta.zh.md",
      edit: .replace("at-most: 12", with: "at-mots: 12"), message: "unknown key 'at-mots' in a target; did you mean 'at-most'?", line: 9),
    Mistake(
      name: "text for a number", file: "Content/sections/02-beta.zh.md",
      edit: .replace("at-most: 12", with: "at-most: twelve"), message: "expected a number for at-most, found 'twelve'", line: 9),
    Mistake(
      name: "text for a list", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("departments: [beta-office]", with: "departments: beta-office"), message: "expected a list for departments", line: 4),
    Mistake(
      name: "a date that does not exist", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("due: 2000-06-30", with: "due: 2000-06-31"), message: "expected a date that exists", line: 23),
    Mistake(
      name: "id outside [a-z0-9-]", file: "Content/sections/02-beta.zh.md",
      edit: .replace("id: beta-deadline", with: "id: Beta_Deadline"), message: "target id 'Beta_Deadline' must use only lowercase letters",
      line: 5),
    Mistake(
      name: "file name outside [a-z0-9-]", file: "Content/sections/02-beta.zh.md", edit: .rename(to: "02-Beta.zh.md"),
      message: "section file name '02-Beta.zh.md' must be NN-slug.<language>.md", line: 1, reportedIn: "Content/sections/02-Beta.zh.md"),
    Mistake(
      name: "unknown lead department", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("lead: alpha-office", with: "lead: alpha-ofice"),
      message: "unknown department 'alpha-ofice' as lead of section 'alpha'; did you mean 'alpha-office'?", line: 3),
    Mistake(
      name: "unknown department in the list", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("departments: [beta-office]", with: "departments: [beta-ofice]"),
      message: "unknown department 'beta-ofice' as a department of section 'alpha'; did you mean 'beta-office'?", line: 4),
    Mistake(
      name: "unknown target owner", file: "Content/sections/02-beta.zh.md",
      edit: .replace("department: beta-office", with: "department: gamma"),
      message: "unknown department 'gamma' as owner of target 'beta-deadline'",
      line: 7),
    Mistake(
      name: "unknown department in a mark", file: "Content/sections/02-beta.zh.md",
      edit: .replace("[](dept:alpha-office)", with: "[](dept:alpha-ofice)"),
      message: "unknown department 'alpha-ofice' in a mark [](dept:…); did you mean 'alpha-office'?", line: 11),
    Mistake(
      name: "unknown department in a mark in angle brackets", file: "Content/sections/02-beta.zh.md",
      edit: .replace("[](dept:alpha-office)", with: "[](<dept:alpha-ofice>)"),
      message: "unknown department 'alpha-ofice' in a mark [](dept:…); did you mean 'alpha-office'?", line: 11),
    Mistake(
      name: "unknown department in a mark spelt with an entity", file: "Content/sections/02-beta.zh.md",
      edit: .replace("[](dept:alpha-office)", with: "[](dept&#58;alpha-ofice)"),
      message: "unknown department 'alpha-ofice' in a mark [](dept:…); did you mean 'alpha-office'?", line: 11),
    Mistake(
      name: "a mark whose id is not an id", file: "Content/sections/02-beta.zh.md",
      edit: .replace("[](dept:alpha-office)", with: "[](dept:Alpha_office)"),
      message: "unknown department 'Alpha_office' in a mark [](dept:…); did you mean 'alpha-office'?", line: 11),
    Mistake(
      name: "duplicate department id", file: "Content/departments.yaml",
      edit: .replace("id: beta-office", with: "id: alpha-office"), message: "department id 'alpha-office' is used twice", line: 5),
    Mistake(
      name: "duplicate section", file: "Content/sections/02-beta.zh.md", edit: .copy(to: "03-beta.zh.md"),
      message: "section 'beta' is defined twice", line: 1, reportedIn: "Content/sections/03-beta.zh.md"),
    Mistake(
      name: "duplicate target id", file: "Content/sections/02-beta.zh.md",
      edit: .replace("id: beta-deadline", with: "id: alpha-range"), message: "target id 'alpha-range' is used twice", line: 5),
    Mistake(
      name: "target with no kind", file: "Content/sections/02-beta.zh.md",
      edit: .replace("    at-most: 12\n", with: ""), message: "target 'beta-deadline' has no kind", line: 5),
    Mistake(
      name: "target with two kinds", file: "Content/sections/02-beta.zh.md",
      edit: .replace("    at-most: 12\n", with: "    at-most: 12\n    at-least: 1\n"),
      message: "target 'beta-deadline' has 2 kinds (at-least, at-most)", line: 5),
    Mistake(
      name: "between with low above high", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("between: [3, 5]", with: "between: [5, 3]"), message: "between's low end (5) is above its high end (3)", line: 18),
    Mistake(
      name: "translation of a target the source lacks", file: "Content/sections/01-alpha.en.md",
      edit: .replace("  alpha-rules:", with: "  alpha-rule:"),
      message: "target 'alpha-rule' is not a target of the alpha section's source file; did you mean 'alpha-rules'?", line: 10),
    Mistake(
      name: "interface text missing", file: "Templates/i18n/en.yaml",
      edit: .replace("  home: Home\n", with: ""), message: "interface text 'nav.home' is missing in en.yaml (shown by the templates)",
      line: 1),
    Mistake(
      name: "a stylesheet the templates link pages to, gone", file: "Templates/assets/site.css", edit: .rename(to: "old-site.css"),
      message: "the templates link pages to this file, and the templates folder does not have it", line: 1),
    Mistake(
      name: "content link to a page that does not exist", file: "Content/sections/01-alpha.zh.md",
      edit: .replace("1. 出台甲办法。", with: "1. 出台[甲办法](../gamma/)。"),
      message:
        "link '../gamma/' on page sections/alpha/index.html leads to sections/gamma/index.html, which the site does not have",
      line: 27),
    Mistake(
      name: "content link to an anchor that does not exist", file: "Content/sections/01-alpha.en.md",
      edit: .replace("1. Issue the alpha measures.", with: "1. Issue the [alpha measures](#improve-the-alpha-systm)."),
      message:
        "leads to no element with id 'improve-the-alpha-systm' on en/sections/alpha/index.html; did you mean '#improve-the-alpha-system'?",
      line: 15),
  ]

  @Test("each mistake: check exits 1 naming file and line in every format; build fails and leaves Output as it was", arguments: mistakes)
  func mistake(_ mistake: Mistake) throws {
    try SiteBuilder(
      options: BuildOptions(contentDirectory: content.path, templatesDirectory: templates.path, outputDirectory: output.path)
    ).build()
    let before = try TestSupport.snapshot(of: output)
    try apply(mistake.edit, to: mistake.file)
    let reportedPath = directory.appendingPathComponent(mistake.reportedIn ?? mistake.file).path

    let text = try check()
    #expect(text.status == 1, "\(text.standardError)")
    #expect(text.standardError.contains("\(reportedPath):\(mistake.line):"), "\(text.standardError)")
    #expect(text.standardError.contains(": error: "))
    #expect(text.standardError.contains(mistake.message), "\(text.standardError)")

    let json = try check(["--format", "json"])
    #expect(json.status == 1)
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
    let located = objects.first { ($0["message"] as? String)?.contains(mistake.message) == true }
    #expect(located?["file"] as? String == reportedPath, "\(json.standardOutput)")
    #expect(located?["line"] as? Int == mistake.line, "\(json.standardOutput)")
    #expect(located?["severity"] as? String == "error")
    #expect((located?["column"] as? Int ?? 0) >= 1)

    let github = try check(["--format", "github"])
    #expect(github.status == 1)
    let annotations = github.standardOutput.split(separator: "\n").map(String.init)
    #expect(!annotations.isEmpty)
    for annotation in annotations { #expect(Self.isGitHubAnnotation(annotation), "\(annotation)") }
    #expect(
      annotations.contains {
        $0.hasPrefix("::error file=\(DiagnosticFormatter.escapeGitHubProperty(reportedPath)),line=\(mistake.line),col=")
      })

    let build = try TestSupport.runPlanpress(["build"] + folderArguments + ["--output", output.path])
    #expect(build.status == 1)
    #expect(build.standardError.contains("\(reportedPath):\(mistake.line):"))
    #expect(try TestSupport.snapshot(of: output) == before, "the failed build changed Output")
  }

  /// `::error file=…,line=N,col=N::message` or `::warning …`, with nothing unescaped that would end a property or the line.
  static func isGitHubAnnotation(_ line: String) -> Bool {
    let pattern = #"^::(error|warning) file=[^,:\r\n]+,line=[1-9][0-9]*,col=[1-9][0-9]*::[^\r\n]*$"#
    return line.range(of: pattern, options: .regularExpression) != nil
  }

  @Test("the fixture and the shipped content pass, with warnings only for missing translations")
  func cleanSites() throws {
    let fixture = try check()
    #expect(fixture.status == 0, "\(fixture.standardError)")
    #expect(fixture.standardError.contains("warning: section 'beta' has no en translation"))
    #expect(fixture.standardError.contains("planpress: check passed with 1 warning"))

    let shipped = try TestSupport.runPlanpress(
      ["check", "--content", TestSupport.packageRoot.appendingPathComponent("Content").path, "--templates", TestSupport.templates])
    #expect(shipped.status == 0, "\(shipped.standardError)")
    #expect(shipped.standardError == "planpress: check passed\n")
  }

  @Test("--strict turns warnings into errors and exit 1")
  func strict() throws {
    let strict = try check(["--strict", "--format", "json"])
    #expect(strict.status == 1)
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(strict.standardOutput.utf8)) as? [[String: Any]])
    #expect(objects.count == 1)
    #expect(objects.first?["severity"] as? String == "error")
  }

  @Test("a translation without a target's label is a warning at its targets, an error with --strict")
  func missingLabel() throws {
    try apply(.replace("  alpha-rules:\n    label: Issue the alpha measures\n", with: ""), to: "Content/sections/01-alpha.en.md")
    let result = try check()
    #expect(result.status == 0)
    #expect(result.standardError.contains("01-alpha.en.md:4:3: warning: no en label for target 'alpha-rules'"), "\(result.standardError)")
    #expect(try check(["--strict"]).status == 1)
  }

  @Test("check writes nothing: no Output, no staging folder")
  func writesNothing() throws {
    #expect(try check().status == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names == ["Content", "Templates"])
  }

  @Test(
    "bad usage exits 2 with the usage",
    arguments: [
      ["check", "--format", "xml"], ["check", "--no-such-option"], ["frobnicate"], ["translations", "alpha"],
      ["translations", "--mark", "alpah"],
    ])
  func badUsage(_ arguments: [String]) throws {
    let result = try TestSupport.runPlanpress(arguments + ["--content", content.path])
    #expect(result.status == 2, "\(result.standardError)")
    #expect(result.standardError.contains("Error: "))
  }

  @Test("usage errors map to exit status 2")
  func exitStatusMapping() throws {
    #expect(throws: (any Error).self) { try PlanPressCommand.parseAsRoot(["check", "--format", "xml"]) }
    do {
      _ = try PlanPressCommand.parseAsRoot(["check", "--format", "xml"])
    } catch {
      #expect(PlanPressCommand.exitStatus(for: error) == 2)
    }
  }
}
