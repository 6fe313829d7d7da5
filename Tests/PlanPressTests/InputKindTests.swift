import Foundation
import Testing

@testable import PlanPress

/// Inputs of every kind: what is not a regular file is refused before it is opened (a FIFO would
/// hang a reader), links in the assets are published only as the files they name inside the
/// templates folder, and the open data cannot carry a formula into a spreadsheet.
@Suite("Input kinds: FIFOs, folders and links refused or followed, with one located error")
struct InputKindTests {
  private func check(_ site: FixtureCopy) throws -> CommandResult {
    try TestSupport.runPlanpress(
      ["check", "--content", site.content.path, "--templates", site.templates.path], in: site.directory, hangLimit: 60)
  }

  private func errors(_ result: CommandResult) -> [Substring] {
    result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
  }

  @Test(
    "a FIFO as an input file is refused with its path, without waiting on it",
    arguments: [
      "Content/site.yaml", "Content/departments.yaml", "Content/sections/01-alpha.zh.md", "Content/metrics/synthetic.csv",
      "Templates/i18n/en.yaml", "Templates/assets/pipe.css",
    ])
  func fifo(relative: String) throws {
    let site = try FixtureCopy(#function, copyingTemplates: true)
    let path = site.directory.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: path)
    #expect(mkfifo(path.path, 0o644) == 0)
    let result = try check(site)
    #expect(result.status == 1)
    let found = errors(result)
    #expect(found.count == 1, "\(result.standardError)")
    #expect(found.first?.contains("\(relative):1:1: error:") == true, "\(result.standardError)")
    #expect(found.first?.contains("FIFO (named pipe)") == true)
  }

  @Test("metrics that is a file, not a folder, is an error: its figures would be dropped")
  func metricsNotAFolder() throws {
    let site = try FixtureCopy(#function)
    let metrics = site.content.appendingPathComponent("metrics")
    try? FileManager.default.removeItem(at: metrics)
    try TestSupport.write("target,period,value,as-of,source\n", to: metrics)
    let result = try check(site)
    #expect(result.status == 1)
    #expect(errors(result).count == 1)
    #expect(result.standardError.contains("Content/metrics:1:1: error: 'metrics' must be a folder"), "\(result.standardError)")
  }

  @Test("metrics that is a link to nothing is an error, not a plan without figures")
  func metricsLinkToNothing() throws {
    let site = try FixtureCopy(#function)
    let metrics = site.content.appendingPathComponent("metrics")
    try FileManager.default.removeItem(at: metrics)
    try FileManager.default.createSymbolicLink(atPath: metrics.path, withDestinationPath: "moved-away")
    let result = try check(site)
    #expect(result.status == 1)
    #expect(
      result.standardError.contains("Content/metrics:1:1: error: cannot read 'metrics': it is a link to a path that does not exist"),
      "\(result.standardError)")
  }

  @Test("two links to one folder in the assets publish it twice; a link back up the tree is one error")
  func assetFolderLinks() throws {
    let site = try FixtureCopy(#function, copyingTemplates: true)
    let assets = site.templates.appendingPathComponent("assets")
    try TestSupport.write("a {}\n", to: site.templates.appendingPathComponent("shared/s.css"))
    for name in ["a", "b"] {
      try FileManager.default.createSymbolicLink(atPath: assets.appendingPathComponent(name).path, withDestinationPath: "../shared")
    }
    let built = try TestSupport.runPlanpress(
      ["build", "--no-pdf", "--content", site.content.path, "--templates", site.templates.path, "--output", site.output.path])
    #expect(built.status == 0, "\(built.standardError)")
    for name in ["a", "b"] {
      #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("assets/\(name)/s.css").path))
    }

    try FileManager.default.createSymbolicLink(atPath: assets.appendingPathComponent("loop").path, withDestinationPath: ".")
    let loop = try check(site)
    #expect(loop.status == 1)
    #expect(errors(loop).count == 1)
    #expect(loop.standardError.contains("assets/loop:1:1: error: this link leads back to a folder it is in"), "\(loop.standardError)")
  }

  @Test("a link in the assets to a file outside the templates folder is refused; one inside is published as a file")
  func assetLinks() throws {
    let site = try FixtureCopy(#function, copyingTemplates: true)
    let assets = site.templates.appendingPathComponent("assets")
    try FileManager.default.createSymbolicLink(atPath: assets.appendingPathComponent("passwd").path, withDestinationPath: "/etc/passwd")
    let refused = try check(site)
    #expect(refused.status == 1)
    #expect(errors(refused).count == 1)
    #expect(refused.standardError.contains("assets/passwd:1:1: error: this link leads to '/etc/passwd', outside the templates folder"))

    try FileManager.default.removeItem(at: assets.appendingPathComponent("passwd"))
    try FileManager.default.createSymbolicLink(atPath: assets.appendingPathComponent("copy.css").path, withDestinationPath: "site.css")
    let built = try TestSupport.runPlanpress(
      ["build", "--no-pdf", "--content", site.content.path, "--templates", site.templates.path, "--output", site.output.path])
    #expect(built.status == 0, "\(built.standardError)")
    let published = site.output.appendingPathComponent("assets/copy.css").path
    var info = stat()
    #expect(lstat(published, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG)
    #expect(
      FileManager.default.contents(atPath: published)
        == FileManager.default.contents(atPath: assets.appendingPathComponent("site.css").path))
  }

  @Test("one invalid department id is one error: the departments that reference it are not reported again")
  func invalidDepartmentIDDoesNotCascade() throws {
    let site = try FixtureCopy(#function)
    let departments = site.content.appendingPathComponent("departments.yaml")
    let text = try String(contentsOf: departments, encoding: .utf8)
    let firstID = try #require(text.firstMatch(of: /id: ([a-z0-9-]+)/)?.1)
    try TestSupport.write(text.replacingOccurrences(of: "id: \(firstID)", with: "id: \(firstID.uppercased())"), to: departments)
    let result = try check(site)
    #expect(result.status == 1)
    #expect(errors(result).count == 1, "\(result.standardError)")
    #expect(result.standardError.contains("department id '\(firstID.uppercased())' must use only lowercase"))
  }

  @Test("a rejected department hides only the references to it: a misspelt other one is still reported")
  func rejectedDepartmentHidesOnlyItself() throws {
    let site = try FixtureCopy(#function)
    let departments = site.content.appendingPathComponent("departments.yaml")
    let text = try String(contentsOf: departments, encoding: .utf8)
    let ids = text.matches(of: /id: ([a-z0-9-]+)/).map { String($0.1) }
    try #require(ids.count >= 2)
    try TestSupport.write(text.replacingOccurrences(of: "id: \(ids[0])", with: "id: \(ids[0].uppercased())"), to: departments)
    let section = site.content.appendingPathComponent("sections/02-beta.zh.md")
    try TestSupport.edit(section) { $0.replacingOccurrences(of: "lead: \(ids[1])", with: "lead: \(ids[1])x") }
    let result = try check(site)
    #expect(errors(result).count == 2, "\(result.standardError)")
    #expect(result.standardError.contains("unknown department '\(ids[1])x'"))
  }

  @Test("a departments.yaml that does not parse is one error, not one per reference")
  func brokenDepartmentsFileDoesNotCascade() throws {
    let site = try FixtureCopy(#function)
    try TestSupport.write("departments: [\n", to: site.content.appendingPathComponent("departments.yaml"))
    let result = try check(site)
    #expect(result.status == 1)
    #expect(errors(result).count == 1, "\(result.standardError)")
  }

  @Test("a text that a spreadsheet would run as a formula is written inert into the CSV, as written into the JSON")
  func formulasInOpenData() throws {
    let site = try FixtureCopy(#function)
    let section = site.content.appendingPathComponent("sections/01-alpha.zh.md")
    let text = try String(contentsOf: section, encoding: .utf8)
    let label = try #require(text.firstMatch(of: /label: (.+)/)?.1)
    let formula = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    try TestSupport.write(text.replacingOccurrences(of: "label: \(label)", with: "label: '\(formula)'"), to: section)
    let built = try TestSupport.runPlanpress(
      ["build", "--no-pdf", "--content", site.content.path, "--templates", site.templates.path, "--output", site.output.path])
    #expect(built.status == 0, "\(built.standardError)")
    let csv = try TestSupport.page("data/targets.csv", in: site.output)
    #expect(csv.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""), "\(csv)")
    #expect(!csv.contains(",\"=HYPERLINK"))
    let json = try TestSupport.page("data/targets.json", in: site.output)
    #expect(json.contains("\"=HYPERLINK("))
  }

  @Test(
    "cells beginning with =, +, -, @, a tab or a carriage return are made inert; others are kept",
    arguments: [
      ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("民政", "民政"), ("", ""),
      ("a=b", "a=b"),
    ])
  func inertText(input: String, expected: String) {
    #expect(CSVLine.inertText(input) == expected)
  }
}
