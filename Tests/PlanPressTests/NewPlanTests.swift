import Foundation
import Testing

@testable import PlanPress

/// `planpress new`: a plan to start from, which checks and builds clean at once.
@Suite("planpress new: a small, complete plan that checks and builds with no warning")
struct NewPlanTests {
  @Test("new, then check, then build: each exits 0 and says nothing but its summary", arguments: ["zh,en", "en,zh", "zh", "en"])
  func newCheckBuild(languages: String) throws {
    let directory = try TestSupport.temporaryDirectory("new-plan")
    let plan = directory.appendingPathComponent("my-plan").path
    let output = directory.appendingPathComponent("site").path
    let new = try TestSupport.runPlanpress(["new", plan, "--languages", languages])
    #expect(new.status == 0, "\(new.standardError)")
    let check = try TestSupport.runPlanpress(["check", "--content", plan, "--templates", TestSupport.templates])
    #expect(check.status == 0)
    #expect(check.standardError == "planpress: check passed\n")
    let build = try TestSupport.runPlanpress([
      "build", "--content", plan, "--templates", TestSupport.templates, "--output", output, "--no-pdf",
    ])
    #expect(build.status == 0)
    #expect(!build.standardError.contains("warning"), "\(build.standardError)")
    let codes = languages.split(separator: ",").map(String.init)
    // One target of each kind, every one translated, and the one figure on the dashboard.
    let data = try String(contentsOfFile: output + "/data/targets.json", encoding: .utf8)
    for kind in ["at-least", "at-most", "between", "equals", "milestone"] { #expect(data.contains("\"kind\" : \"\(kind)\"")) }
    #expect(data.components(separatedBy: "\"latest\" :").count == 2, "one figure")
    for language in codes.dropFirst() {
      #expect(FileManager.default.fileExists(atPath: output + "/\(language)/sections/public-services/index.html"))
    }
  }

  @Test("every key of site.yaml and departments.yaml has a comment above its first use", arguments: ["site.yaml", "departments.yaml"])
  func everyKeyCommented(file: String) throws {
    let starter = try PlanStarter(languages: ["zh", "en"], date: PlanDate(year: 2026, month: 3, day: 1) ?? .placeholder)
    let text = try #require(starter.files.first { $0.path == file }?.text)
    var explained: Set<String> = []
    var previous = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let entry = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
      if !trimmed.hasPrefix("#"), let colon = entry.firstIndex(of: ":") {
        let key = String(entry[..<colon])
        let isLanguage = ["zh", "en"].contains(key)
        if !isLanguage, !explained.contains(key) {
          #expect(previous.hasPrefix("#"), "\(file): '\(key)' has no comment above it")
          explained.insert(key)
        }
      }
      if !trimmed.isEmpty { previous = trimmed }
    }
    #expect(explained.count >= (file == "site.yaml" ? 14 : 3))
  }

  @Test("a folder that is not empty, or a file, is refused and left as it was; an unknown language is a usage error")
  func refusals() throws {
    let directory = try TestSupport.temporaryDirectory("new-plan-refused")
    try TestSupport.write("mine\n", to: directory.appendingPathComponent("notes.txt"))
    let busy = try TestSupport.runPlanpress(["new", directory.path])
    #expect(busy.status == 1)
    #expect(
      busy.standardError.hasPrefix("\(directory.path):1:1: error: this folder is not empty (it holds notes.txt)"), "\(busy.standardError)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["notes.txt"])

    let file = directory.appendingPathComponent("notes.txt").path
    let onFile = try TestSupport.runPlanpress(["new", file])
    #expect(onFile.status == 1)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine\n")

    let french = try TestSupport.runPlanpress(["new", directory.appendingPathComponent("fr").path, "--languages", "zh,fr"])
    #expect(french.status == 2)
    #expect(french.standardError.contains("PlanPress has a starter plan in zh and en only, not in 'fr'"), "\(french.standardError)")
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("fr").path))
  }
}
