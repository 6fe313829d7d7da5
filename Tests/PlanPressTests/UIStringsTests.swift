import Foundation
import PageModels
import Testing

@testable import PlanPress

@Suite("Interface texts (i18n)")
struct UIStringsTests {
  @Test("a key missing in one language is reported, saying what uses it")
  func missingKey() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let complete = try String(contentsOf: URL(fileURLWithPath: TestSupport.templates + "/i18n/zh.yaml"), encoding: .utf8)
    try TestSupport.write(complete, to: directory.appendingPathComponent("i18n/zh.yaml"))
    let english = try String(contentsOf: URL(fileURLWithPath: TestSupport.templates + "/i18n/en.yaml"), encoding: .utf8)
    try TestSupport.write(
      english.replacingOccurrences(of: "  home: Home\n", with: ""), to: directory.appendingPathComponent("i18n/en.yaml"))

    var log = DiagnosticLog()
    _ = UIStrings.load(templatesDirectory: directory.path, languages: ["zh", "en"], log: &log)
    let messages = log.diagnostics.map(\.formatted)
    #expect(messages.count == 1)
    #expect(
      messages.first?.contains("i18n/en.yaml:1:1: error: interface text 'nav.home' is missing in en.yaml (shown by the templates)") == true)
  }

  @Test("the shipped interface texts are complete in both languages")
  func shippedTextsComplete() {
    var log = DiagnosticLog()
    let strings = UIStrings.load(templatesDirectory: TestSupport.templates, languages: ["zh", "en"], log: &log)
    #expect(log.diagnostics.isEmpty, "\(log.diagnostics.map(\.formatted))")
    #expect(strings.text("kind.at_least", "en", ["value": "3"]) == "at least 3")
    // Every text the templates show is in the shipped files.
    for key in InterfaceTexts.keys { #expect(strings.text(key, "en") != key, "\(key)") }
  }
}

@Suite("Interface texts: placeholders")
struct UIStringsPlaceholderTests {
  private let strings = UIStrings(
    flat: [
      "en": [
        "one": "at least {value}", "two": "{low}–{high}", "none": "Targets", "odd": "{unknown} {value} {{value}} {",
        "again": "{value} and {value}",
      ]
    ])

  @Test(
    "placeholders are filled in one pass",
    arguments: [
      ("one", "at least 360 yuan"), ("two", "3–5 homes"), ("none", "Targets"), ("odd", "{unknown} 360 yuan {360 yuan} {"),
      ("again", "360 yuan and 360 yuan"), ("missing.key", "missing.key"),
    ])
  func filled(key: String, expected: String) {
    #expect(strings.text(key, "en", ["value": "360 yuan", "low": "3", "high": "5 homes"]) == expected)
  }

  @Test("a value is not searched for placeholders")
  func valuesStayAsTheyAre() {
    #expect(strings.text("two", "en", ["low": "{high}", "high": "5"]) == "{high}–5")
  }

  @Test("each value is a part of its own, for a page to keep whole")
  func valuesAsParts() {
    let values = ["value": "360 yuan", "low": "3", "high": "5 homes"]
    #expect(
      strings.parts("one", "en", values) == [TextPart("at least ", isValue: false), TextPart("360 yuan", isValue: true)])
    #expect(
      strings.parts("two", "en", values) == [
        TextPart("3", isValue: true), TextPart("–", isValue: false), TextPart("5 homes", isValue: true),
      ])
    #expect(strings.parts("odd", "en", values).map(\.text).joined() == strings.text("odd", "en", values))
  }
}
