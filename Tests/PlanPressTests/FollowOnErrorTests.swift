import Foundation
import Testing

@testable import PlanPress

/// One mistake, one error: what follows only from a target or a file that failed is not reported
/// again, and no "did you mean" points at another target instead of the one that failed.
@Suite("Errors that do not cascade: one mistake, one error, at its field")
struct FollowOnErrorTests {
  let content: URL

  init() throws {
    content = try TestSupport.copyOfFixture("basic", into: try TestSupport.temporaryDirectory("follow-on"))
  }

  private func edit(_ relative: String, _ change: (String) -> String) throws {
    try TestSupport.edit(content.appendingPathComponent(relative), change)
  }

  /// The errors of a check of the content, as `path:line:col: message` with the path relative to it.
  private func errors() -> [String] {
    SiteBuilder(options: BuildOptions(contentDirectory: content.path, templatesDirectory: TestSupport.templates)).check()
      .filter { $0.severity == .error }
      .map { "\($0.location.path.dropFirst(content.path.count + 1)):\($0.location.line):\($0.location.column): \($0.message)" }
  }

  // The fixture's alpha-rules is translated in 01-alpha.en.md and has a figure in metrics/synthetic.csv.

  /// A mistake in alpha's source file, as an edit of it, and the one error it must give.
  struct Mistake: CustomTestStringConvertible, Sendable {
    var name: String
    var replace: String
    var with: String
    var error: String
    var testDescription: String { name }
  }

  static let mistakes = [
    Mistake(
      name: "a misspelt key in alpha-rules", replace: "    milestone: true\n", with: "    milestone: true\n    dew: 2000-06-30\n",
      error: "sections/01-alpha.zh.md:23:5: unknown key 'dew' in a target; did you mean 'due'?"),
    Mistake(
      name: "a due date that does not exist", replace: "due: 2000-06-30", with: "due: 2000-06-31",
      error: "sections/01-alpha.zh.md:23:10: expected a date that exists, written YYYY-MM-DD, for due, found '2000-06-31'"),
    Mistake(
      name: "front matter that does not parse", replace: "lead: alpha-office", with: "lead: [alpha-office",
      error: "sections/01-alpha.zh.md:4:12: YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3)"),
  ]

  @Test(
    "a target or a file that fails is one error: its translation and its figures are not reported as naming an unknown target",
    arguments: mistakes)
  func oneError(mistake: Mistake) throws {
    try edit("sections/01-alpha.zh.md") { $0.replacingOccurrences(of: mistake.replace, with: mistake.with) }
    #expect(errors() == [mistake.error])
  }

  @Test("a misspelt id next to a failed target's gets no 'did you mean' that names another target")
  func noAdviceTowardsAnotherTarget() throws {
    try edit("sections/01-alpha.zh.md") {
      $0.replacingOccurrences(of: "    milestone: true\n", with: "    milestone: true\n    dew: 2000-06-30\n")
    }
    try edit("sections/01-alpha.en.md") { $0.replacingOccurrences(of: "  alpha-rules:", with: "  alpha-rule:") }
    try edit("metrics/synthetic.csv") { $0.replacingOccurrences(of: "alpha-rules,2000-06", with: "alpha-rule,2000-06") }
    #expect(
      errors() == [
        "sections/01-alpha.zh.md:23:5: unknown key 'dew' in a target; did you mean 'due'?",
        "sections/01-alpha.en.md:10:3: target 'alpha-rule' is not a target of the alpha section's source file",
        "metrics/synthetic.csv:5:1: figure for unknown target 'alpha-rule'",
      ])
  }

  @Test("a unit that does not match its target is reported at the unit, a figure of an unknown target at its target")
  func columns() throws {
    try edit("metrics/synthetic.csv") {
      $0.replacingOccurrences(of: "alpha-standard,2000-Q1,1050,元/月", with: "alpha-standard,2000-Q1,1050,元/年")
        .replacingOccurrences(of: "alpha-rules,2000-06,in-progress", with: "alpha-rulez,2000-06,in-progress")
    }
    #expect(
      errors() == [
        "metrics/synthetic.csv:2:29: unit '元/年' does not match target 'alpha-standard', which is measured in 'yuan/month' or '元/月'",
        "metrics/synthetic.csv:5:1: figure for unknown target 'alpha-rulez'; did you mean 'alpha-rules'?",
      ])
  }

  @Test("a department without a name in one language is reported at its names")
  func departmentNameLanguage() throws {
    try edit("departments.yaml") { $0.replacingOccurrences(of: "{zh: 乙处, en: Beta Office}", with: "{zh: 乙处}") }
    #expect(errors() == ["departments.yaml:6:11: department 'beta-office' has no name for language 'en'"])
  }
}
