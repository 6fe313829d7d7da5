import ArgumentParser
import Foundation
import PlanPress

/// `planpress new`: a small, complete plan to start from, written into a new or empty folder.
struct New: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Writes a small, complete plan to start from into a new or empty folder.",
    discussion: """
      The plan checks and builds at once: planpress check --content PATH, then \
      planpress build --content PATH. Every key of its site.yaml and departments.yaml is explained \
      in a comment.
      """)

  @Argument(help: "The folder to write the plan's content into: it must not exist, or be empty.")
  var path: String

  @Option(help: "The plan's languages, its own first, separated by commas: zh, en, zh,en or en,zh.")
  var languages = "zh,en"

  func run() throws {
    let codes = languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let starter: PlanStarter
    do {
      starter = try PlanStarter(languages: codes, date: PlanStarter.today())
    } catch let mistake as PlanStarter.StarterError {
      throw ValidationError("--languages: \(mistake)")
    }
    try starter.write(into: path)
    DiagnosticPrinter.status("planpress: wrote a new plan to \(path); check it with planpress check --content \(path)")
  }
}
