import Foundation
import Testing

@testable import PlanPress

@Suite("Translations: fingerprints, marks, staleness")
struct TranslationTests {
  let directory: URL
  let content: URL

  init() throws {
    directory = try TestSupport.temporaryDirectory("translations")
    content = try TestSupport.copyOfFixture("basic", into: directory)
  }

  private var builder: SiteBuilder {
    SiteBuilder(options: BuildOptions(contentDirectory: content.path, templatesDirectory: TestSupport.templates))
  }

  private func url(_ relative: String) -> URL { content.appendingPathComponent(relative) }

  private func edit(_ relative: String, _ change: (String) -> String) throws {
    try TestSupport.write(change(try String(contentsOf: url(relative), encoding: .utf8)), to: url(relative))
  }

  @Test("the fingerprint is FNV-1a 64 in 16 hex digits, blind to line endings and trailing whitespace")
  func fingerprint() throws {
    #expect(SourceFingerprint.of(text: "") == "cbf29ce484222325")
    #expect(SourceFingerprint.of(text: "a") == "af63dc4c8601ec8c")
    #expect(SourceFingerprint.of(text: "x  \ny\t\n\n\n") == SourceFingerprint.of(text: "x\ny"))
    #expect(SourceFingerprint.of(text: "x\ny") != SourceFingerprint.of(text: "x\nY"))
    // It hashes the normalised text's bytes, found without building that text; a space after a
    // character that joins the next one (U+0600) is still a space at the line's end.
    #expect(SourceFingerprint.of(text: "\u{600} \nb") == SourceFingerprint.of(text: "\u{600}\nb"))
    for text in ["", "\n", "\n\na", "a \t\n\t\nb\n \n", "甲 \n\n乙\t", " \u{301}\n", "a\n\n\nb \n\n", "\u{600} \n"] {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in SourceFingerprint.normalised(text).utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
      #expect(UInt64(SourceFingerprint.of(text: text), radix: 16) == hash, "\(text.debugDescription)")
    }
    let crlf = try SourceFile.decode(Data([0xEF, 0xBB, 0xBF]) + Data("a\r\nb\r\n".utf8), path: "f")
    #expect(SourceFingerprint.of(crlf) == SourceFingerprint.of(text: "a\nb"))
    #expect(SourceFingerprint.isWellFormed(SourceFingerprint.of(text: "anything")))
  }

  @Test("marking adds one line before the closing ---, and then leaves the file alone")
  func markInserts() throws {
    let original = Data("---\ntitle: T\n# a comment\n---\nBody\n".utf8)
    let marked = try TranslationMarker.marking(original, with: "0123456789abcdef", path: "f.md")
    #expect(String(decoding: marked, as: UTF8.self) == "---\ntitle: T\n# a comment\ntranslates: 0123456789abcdef\n---\nBody\n")
    #expect(try TranslationMarker.marking(marked, with: "0123456789abcdef", path: "f.md") == marked)
  }

  @Test("marking replaces only the translates line, keeping a byte-order mark and CRLF line endings")
  func markReplacesKeepingBytes() throws {
    let before =
      Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: T  \r\ntranslates: 1111111111111111\r\ntargets: {}\r\n---\r\nBody\r\n".utf8)
    let after = try TranslationMarker.marking(before, with: "2222222222222222", path: "f.md")
    #expect(
      after == Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: T  \r\ntranslates: 2222222222222222\r\ntargets: {}\r\n---\r\nBody\r\n".utf8))
    let inserted = try TranslationMarker.marking(
      Data("---\r\ntitle: T\r\n---\r\n".utf8), with: "2222222222222222", path: "f.md")
    #expect(inserted == Data("---\r\ntitle: T\r\ntranslates: 2222222222222222\r\n---\r\n".utf8))
  }

  @Test(
    "marking refuses files it cannot mark safely, and says why",
    arguments: [
      ("title: T\n", "no front matter"),
      ("---\ntitle: T\n", "not closed"),
      ("---\n{title: T}\n---\n", "would not read back"),
    ])
  func markRefuses(text: String, reason: String) {
    #expect {
      try TranslationMarker.marking(Data(text.utf8), with: "0123456789abcdef", path: "f.md")
    } throws: { error in
      (error as? Diagnostic)?.message.contains(reason) == true
    }
  }

  @Test("marked translations are current; a changed source warns, naming the section, at the translates line")
  func staleness() throws {
    let unmarked = builder.check()
    #expect(unmarked.count == 1, "a translation never marked gets no warning: \(unmarked.map(\.formatted))")

    let site = try builder.loadContent()
    let outcomes = try TranslationMarker().mark(site)
    #expect(outcomes.map(\.path) == [url("sections/01-alpha.en.md").path])
    #expect(outcomes.allSatisfy { $0.changed })
    #expect(try TranslationMarker().mark(try builder.loadContent()).allSatisfy { !$0.changed })
    #expect(TranslationStatus.statuses(of: try builder.loadContent()).map(\.state) == [.current, .missing])
    #expect(builder.check().count == 1)

    // Line endings and trailing spaces are not changes.
    try edit("sections/01-alpha.zh.md") { $0.replacingOccurrences(of: "\n", with: "  \r\n") }
    #expect(builder.check().count == 1)

    try edit("sections/01-alpha.zh.md") { $0.replacingOccurrences(of: "at-least: 1200", with: "at-least: 1300") }
    let diagnostics = builder.check()
    let stale = try #require(diagnostics.first { $0.message.contains("out of date") })
    #expect(stale.severity == .warning)
    #expect(stale.location == SourceLocation(path: url("sections/01-alpha.en.md").path, line: 12, column: 13))
    #expect(
      stale.message.hasPrefix("section 'alpha': the en translation may be out of date: \(url("sections/01-alpha.zh.md").path) has changed"))
    #expect(stale.message.hasSuffix("then run 'planpress translations --mark alpha'"))
    #expect(TranslationStatus.statuses(of: try builder.loadContent()).first?.state == .stale)

    let strict = SiteBuilder(
      options: BuildOptions(contentDirectory: content.path, templatesDirectory: TestSupport.templates, strict: true)
    ).check()
    #expect(strict.contains { $0.severity == .error && $0.message.contains("out of date") })
  }

  @Test("a second file of a language, a translation without its source and an unknown language are errors at their files")
  func translationFileErrors() throws {
    // Synthetic: copies of the fixture's translation under other numbers and names.
    let translation = try String(contentsOf: url("sections/01-alpha.en.md"), encoding: .utf8)
    try TestSupport.write(translation, to: url("sections/09-alpha.en.md"))
    try TestSupport.write(translation, to: url("sections/05-gamma.en.md"))
    try TestSupport.write(translation, to: url("sections/01-alpha.fr.md"))
    let errors = builder.check().filter { $0.severity == .error }
    // In file order, though sections' translations are merged on every core.
    #expect(errors.map(\.location.path) == ["01-alpha.fr.md", "05-gamma.en.md", "09-alpha.en.md"].map { url("sections/\($0)").path })
    #expect(errors.contains { $0.message == "section 'alpha' has two en files" })
    #expect(
      errors.contains { $0.message.hasPrefix("translation of section 'gamma', which has no zh file (expected sections/05-gamma.zh.md)") })
    #expect(errors.contains { $0.message.hasPrefix("language 'fr' is not in the languages of site.yaml") })
    // The first en file of alpha was read as before: no error points at it.
    #expect(!errors.contains { $0.location.path == url("sections/01-alpha.en.md").path })
  }

  @Test("with three languages every translation of a section is merged, and a second file of one is an error")
  func threeLanguages() throws {
    // Synthetic: the fixture with a third language, French, made of its English texts.
    try edit("site.yaml") {
      $0.replacingOccurrences(of: "[zh, en]", with: "[zh, en, fr]").replacingOccurrences(
        of: "en: Test Plan}", with: "en: Test Plan, fr: Plan}"
      )
      .replacingOccurrences(of: "en: Notice on the Test Plan}", with: "en: Notice on the Test Plan, fr: Avis}")
      .replacingOccurrences(of: "en: Test Department}", with: "en: Test Department, fr: Département}")
        + "wording:\n  parts: {fr: Parties}\n  parts-navigation: {fr: Parties du plan}\n  brief: {fr: '{department} : note'}\n"
    }
    let english = try String(contentsOf: url("sections/01-alpha.en.md"), encoding: .utf8)
    try TestSupport.write(
      english.replacingOccurrences(of: "title: Part Alpha", with: "title: Partie Alpha"), to: url("sections/01-alpha.fr.md"))
    var site = try builder.loadContent()
    let alpha = try #require(site.sections.first { $0.slug == "alpha" })
    #expect(alpha.bodies.keys.sorted() == ["en", "fr", "zh"])
    #expect(alpha.title["en"] == "Part Alpha")
    #expect(alpha.title["fr"] == "Partie Alpha")
    #expect(alpha.targets.allSatisfy { $0.label["en"] != nil && $0.label["fr"] != nil })

    // Sorted after the French file, a second English file is still a second English file.
    try TestSupport.write(english, to: url("sections/02-alpha.en.md"))
    var log = DiagnosticLog()
    site = try #require(ContentParser().parse(try ContentLoader(directory: content.path).load(), log: &log))
    #expect(
      log.diagnostics.contains {
        $0.message == "section 'alpha' has two en files" && $0.location.path == url("sections/02-alpha.en.md").path
      })
  }

  @Test("marking changes no other byte of the translation")
  func markOnlyTouchesOneLine() throws {
    let path = url("sections/01-alpha.en.md")
    let before = try String(contentsOf: path, encoding: .utf8)
    _ = try TranslationMarker().mark(try builder.loadContent(), sections: ["alpha"])
    let after = try String(contentsOf: path, encoding: .utf8)
    let fingerprint = SourceFingerprint.of(text: try String(contentsOf: url("sections/01-alpha.zh.md"), encoding: .utf8))
    #expect(after == before.replacingOccurrences(of: "\n---\n## ", with: "\ntranslates: \(fingerprint)\n---\n## "))
  }

  @Test("the command prints coverage and state per section, and --mark marks only the sections named")
  func command() throws {
    let before = try TestSupport.runPlanpress(["translations", "--content", content.path])
    #expect(before.status == 0, "\(before.standardError)")
    #expect(
      before.standardOutput == """
        section  language  file     targets  status
        alpha    en        present  3/3      not marked
        beta     en        missing  0/1      missing

        en: 1 of 2 sections translated (0 current, 0 stale, 1 not marked); 3 of 4 target labels

        """)

    let mark = try TestSupport.runPlanpress(["translations", "--content", content.path, "--mark", "alpha"])
    #expect(mark.status == 0, "\(mark.standardError)")
    #expect(mark.standardOutput.hasPrefix("marked \(url("sections/01-alpha.en.md").path) (translates "))
    let after = try TestSupport.runPlanpress(["translations", "--content", content.path])
    #expect(after.standardOutput.contains("alpha    en        present  3/3      current"))

    try edit("sections/02-beta.zh.md") { $0.replacingOccurrences(of: "lead: beta-office", with: "lead: [beta") }
    let broken = try TestSupport.runPlanpress(["translations", "--content", content.path])
    #expect(broken.status == 1)
    #expect(broken.standardError.contains("02-beta.zh.md:"))
  }
}
