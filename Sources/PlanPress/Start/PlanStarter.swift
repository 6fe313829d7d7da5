import Foundation

/// A new plan's content folder (`planpress new`): small and complete, so that it checks and
/// builds clean at once, with a comment on every key, so that its author learns the format by
/// changing it. One part with one target of each kind, a translation of it, a home page in every
/// language, and one example figure that says it is one.
public struct PlanStarter: Sendable {
  /// The languages PlanPress has starter text (and interface texts) for.
  public static let languagesWithText = ["zh", "en"]

  /// The plan's languages, its own first.
  public let languages: [String]
  /// The day the plan is started: its notice's date, and the example figure's.
  public let date: PlanDate

  public init(languages: [String], date: PlanDate) throws {
    guard !languages.isEmpty else { throw StarterError.noLanguage }
    if let unknown = languages.first(where: { !Self.languagesWithText.contains($0) }) { throw StarterError.languageWithoutText(unknown) }
    if let twice = languages.first(where: { code in languages.filter { $0 == code }.count > 1 }) { throw StarterError.languageTwice(twice) }
    self.languages = languages
    self.date = date
  }

  /// Today in the machine's time zone, as the plan's author would write it.
  public static func today() -> PlanDate {
    let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
    return PlanDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? .placeholder
  }

  /// Why a starter cannot be made from the command line's languages.
  public enum StarterError: Error, CustomStringConvertible {
    case noLanguage
    case languageWithoutText(String)
    case languageTwice(String)

    public var description: String {
      switch self {
      case .noLanguage: return "give at least one language, such as --languages zh,en"
      case .languageWithoutText(let code):
        return "PlanPress has a starter plan in \(PlanStarter.languagesWithText.joined(separator: " and ")) only, not in '\(code)'"
      case .languageTwice(let code): return "language '\(code)' is given twice"
      }
    }
  }

  var source: String { languages[0] }
  var translations: ArraySlice<String> { languages.dropFirst() }
  var year: Int { date.year }

  /// Every file of the plan, by its path in the content folder, in the order they are written.
  public var files: [(path: String, text: String)] {
    let sectionName = "sections/01-public-services"
    let sourceSection = section(in: source, translating: nil)
    var files = [("site.yaml", siteYAML), ("departments.yaml", departmentsYAML)]
    files += languages.map { ("index.\($0).md", homePage(in: $0)) }
    files.append(("\(sectionName).\(source).md", sourceSection))
    files += translations.map { ("\(sectionName).\($0).md", section(in: $0, translating: sourceSection)) }
    files.append(("metrics/figures.csv", metricsCSV))
    return files
  }

  /// Writes the plan into `folder`, which must not exist or be empty: nothing of anyone's is replaced.
  public func write(into folder: String) throws {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
      guard isFolder.boolValue else {
        throw Diagnostic(.error, at: SourceLocation(path: folder), "a file is in the way: a new plan is written into a new or empty folder")
      }
      let entries = try manager.contentsOfDirectory(atPath: folder)
      guard entries.isEmpty else {
        throw Diagnostic(
          .error, at: SourceLocation(path: folder),
          "this folder is not empty (it holds \(entries.sorted().prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : "")): "
            + "a new plan is written into a new or empty folder, so that nothing is replaced")
      }
    }
    for (path, text) in files {
      let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
      try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url, options: .withoutOverwriting)
    }
  }

  // MARK: The files

  /// One line per language, `indent` deep: `zh: text`, quoted where YAML needs it.
  private func lines(_ texts: [String: String], indent: Int) -> String {
    languages.map { String(repeating: " ", count: indent) + "\($0): " + yamlText(texts[$0] ?? "") + "\n" }.joined()
  }

  private func yamlText(_ text: String) -> String {
    text.contains(where: { "{}:#'\"[],&*!|>%@`".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
  }

  private func inline(_ texts: [String: String]) -> String {
    "{" + languages.map { "\($0): \(yamlText(texts[$0] ?? ""))" }.joined(separator: ", ") + "}"
  }

  var title: [String: String] { ["zh": "\(year)年某某局工作计划", "en": "Work Plan of the Example Bureau for \(year)"] }

  var siteYAML: String {
    """
    # site.yaml: the plan as a whole. Each key is explained on the line above it; a key marked
    # "optional" may be left out. The whole format: docs/content-format.md in PlanPress.

    # The plan's title, in each of its languages.
    title:
    \(lines(title, indent: 2))\
    # The plan's languages, its own first: the first is served at the site's root and its section
    # files are the source of truth; each other one is a translation, served under /<code>/.
    languages: [\(languages.joined(separator: ", "))]
    # The address the site will be published at: canonical links, the sitemap and the links in the
    # briefs' PDFs lead there.
    base-url: https://plan.example.org/
    # The notice that issued the plan.
    notice:
      # Optional: the document number printed on the notice, such as 某政发〔\(year)〕1号. Without
      # one, no page shows a number.
      # number: 某政发〔\(year)〕1号
      # The notice's title, in each language.
      title:
    \(lines(["zh": "某某局关于印发《\(year)年工作计划》的通知", "en": "Notice of the Example Bureau on Issuing Its Work Plan for \(year)"], indent: 4))\
      # Who issued the notice, in each language.
      issuer:
    \(lines(["zh": "某某局", "en": "Example Bureau"], indent: 4))\
      # When it was issued (YYYY-MM-DD). A target without a due date is due at the end of this year.
      date: \(date)
      # Optional: where the notice is published; a web address becomes a link on the home page.
      # source: https://www.example.gov.cn/notice.html
    # Optional: what the plan calls itself, in each language. Without these, a plan is called a
    # "Key points" plan (工作要点).
    wording:
      # The heading over the list of the plan's parts on the home page (the build writes that list).
      parts: \(inline(["zh": "主要任务", "en": "Main tasks"]))
      # What screen readers call the navigation that lists the parts on every page.
      parts-navigation: \(inline(["zh": "工作计划各部分", "en": "Parts of the plan"]))
      # The title of a department's printable brief; {department} becomes the department's name.
      brief: \(inline(["zh": "{department}工作计划简报", "en": "{department}: brief on the work plan"]))
    # Optional: how figures are judged against their targets (docs/metrics.md).
    metrics:
      # A figure this many days older than the newest figure of the plan is marked stale.
      stale-after-days: 180
      # How far progress may trail the share of time elapsed before a target is behind, not at risk.
      at-risk-margin: 0.15
      # Optional: when the plan's period starts, for pacing progress against time elapsed.
      plan-start: \(year)-01-01

    """
  }

  var departmentsYAML: String {
    """
    # departments.yaml: the units that carry out the plan. Sections and targets name them by id.
    departments:
      # id: lowercase letters, digits and '-'; it is part of the unit's page address.
      - id: office
        # name: the unit's name, in each language.
        name: \(inline(["zh": "办公室", "en": "General Office"]))
      # Another unit, with the same two keys.
      - id: services
        name: \(inline(["zh": "公共服务科", "en": "Public Services Section"]))

    """
  }

  func homePage(in language: String) -> String {
    let text = [
      "zh": "为做好\(year)年各项工作，现制定本计划。计划各部分列出主要任务及其可量化的工作目标，各目标的进展见“目标进展”页面。",
      "en":
        "This plan sets out the bureau's work for \(year). Each part lists its main tasks and their measurable targets; the Progress page shows where each target stands.",
    ]
    return """
      ---
      # Optional: the home page's title (otherwise the plan's title). Below the front matter comes
      # the home page's introduction; the build adds the list of the plan's parts after it.
      title: \(yamlText(title[language] ?? ""))
      ---
      \(text[language] ?? "")

      """
  }

  /// The one part of the plan: in the source language with its targets, or as a translation of
  /// `source` (whose fingerprint it records) with its targets' labels and units.
  func section(in language: String, translating source: String?) -> String {
    let words = SectionWords(year: year)
    let body = words.body[language] ?? ""
    guard let source else {
      let targets = words.targets.map { target in
        """
          - id: \(target.id)
            label: \(yamlText(target.label[language] ?? ""))
            department: \(target.department)
        \(target.unit.map { "    unit: \(yamlText($0[language] ?? ""))\n" } ?? "")\
            \(target.kind)
        \(target.due.map { "    # Optional: when it is due (otherwise the end of the notice's year).\n    due: \($0)\n" } ?? "")
        """
      }
      return """
        ---
        # The part's title.
        title: \(yamlText(words.title[language] ?? ""))
        # The department that leads the part: an id from departments.yaml.
        lead: services
        # Optional: the other departments that take part.
        departments: [office]
        # Optional: the part's measurable targets. Each has an id (unique in the plan), a label, the
        # department that owns it, a unit, and one kind: at-least, at-most, between [low, high],
        # equals, or milestone: true (a milestone needs no unit). Optional: due, and a baseline
        # (baseline, baseline-as-of, baseline-source: a published figure from before the plan).
        targets:
        \(targets.joined())---
        \(body)
        """
    }
    let labels = words.targets.map { target in
      "  \(target.id):\n    label: \(yamlText(target.label[language] ?? ""))\n"
        + (target.unit.map { "    unit: \(yamlText($0[language] ?? ""))\n" } ?? "")
    }
    return """
      ---
      # A translation of the part: its title, and each target's label and unit in this language.
      title: \(yamlText(words.title[language] ?? ""))
      # Which version of the source file this translation was made from; after bringing a
      # translation up to date, `planpress translations --mark` writes it again.
      translates: \(SourceFingerprint.of(text: source))
      targets:
      \(labels.joined())---
      \(body)
      """
  }

  var metricsCSV: String {
    let note = ["zh": "示例数字，不是真实数据：换成公开发布的数字及其出处", "en": "An example, not a real figure: replace it with a published one and its source"]
    let sourceName = ["zh": "示例出处", "en": "Example source"]
    var header = ["target", "period", "value", "unit", "as-of", "source", "note"]
    var row = [
      "care-beds", String(year), "120", SectionWords(year: year).targets[0].unit?[source] ?? "", date.description, sourceName[source] ?? "",
      note[source] ?? "",
    ]
    for language in translations {
      header += ["source-\(language)", "note-\(language)"]
      row += [sourceName[language] ?? "", note[language] ?? ""]
    }
    var bytes: [UInt8] = []
    for line in [header, row] { CSVLine.append(line, to: &bytes) }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// The starter plan's part, in each language.
private struct SectionWords {
  struct Target {
    var id: String
    var label: [String: String]
    var department: String
    var unit: [String: String]?
    /// The kind's line, as front matter writes it.
    var kind: String
    var due: String?
  }

  let year: Int
  var title: [String: String] { ["zh": "改善公共服务", "en": "Improving public services"] }

  var targets: [Target] {
    [
      Target(
        id: "care-beds", label: ["zh": "新增养老床位", "en": "New beds in care homes"], department: "services", unit: ["zh": "张", "en": "beds"],
        kind: "at-least: 500"),
      Target(
        id: "waiting-time", label: ["zh": "窗口平均等候时间", "en": "Average waiting time at service counters"], department: "services",
        unit: ["zh": "分钟", "en": "minutes"], kind: "at-most: 20"),
      Target(
        id: "case-time", label: ["zh": "办件平均时限", "en": "Average time to settle an application"], department: "office",
        unit: ["zh": "个工作日", "en": "working days"], kind: "between: [3, 5]"),
      Target(
        id: "service-centres", label: ["zh": "建成社区服务中心", "en": "Community service centres built"], department: "services",
        unit: ["zh": "个", "en": "centres"], kind: "equals: 12"),
      Target(
        id: "service-standards", label: ["zh": "出台公共服务标准", "en": "Issue the public service standards"], department: "office", unit: nil,
        kind: "milestone: true", due: "\(year)-09-30"),
    ]
  }

  var body: [String: String] {
    [
      "zh": """
      ## 扩大养老服务供给

      全年新增养老床位不少于500张，建成社区服务中心12个。

      ## 提高窗口服务效率 [](dept:office)

      窗口平均等候时间不超过20分钟，办件平均时限保持在3至5个工作日；9月底前出台公共服务标准。

      """,
      "en": """
      ## More care for older people

      Add at least 500 beds in care homes over the year, and build 12 community service centres.

      ## Faster service at the counters [](dept:office)

      Keep the average waiting time at service counters within 20 minutes, and the average time to settle an application between 3 and 5 working days; issue the public service standards by the end of September.

      """,
    ]
  }
}
