import Foundation

/// Sections an earlier build parsed, offered to the parse by the build: given a section's files
/// and the site's settings, the section as parsed from exactly those files, if there is one.
typealias KeptSections = @Sendable (_ files: [SectionFile], _ config: SiteConfig) -> KeptSection?

/// A section as an earlier build parsed it, and each of its bodies' documents as that build
/// parsed them (by the body's path), read when first asked for.
struct KeptSection: Sendable {
  var section: Section
  var documents: [String: KeptDocument]
}

/// A body's document as an earlier build parsed it, read whole or, for the link check, only its
/// links or its headings.
struct KeptDocument: Sendable {
  var document: @Sendable () -> MarkdownDocument?
  var links: @Sendable () -> [MarkdownDocument.Link]?
  var headings: @Sendable () -> [MarkdownDocument.Heading]?
}

/// Turns the content files into the site model. Each file's mistakes are collected, so one build
/// reports them all; cross-file checks (department references, unique ids) are the validator's.
public struct ContentParser {
  public init() {}

  static let siteKeys = ["title", "languages", "base-url", "notice", "wording", "metrics"]
  static let longestBaseURL = 2_000
  static let metricsKeys = ["stale-after-days", "at-risk-margin", "plan-start"]
  static let noticeKeys = ["number", "title", "issuer", "date", "source"]
  static let departmentKeys = ["id", "name"]
  static let sectionKeys = ["title", "lead", "departments", "targets"]
  static let translationKeys = ["title", "targets", "translates"]
  static let targetKeys =
    ["id", "label", "department", "unit"] + TargetKind.keys + ["baseline", "baseline-as-of", "baseline-source", "due"]
  static let targetTranslationKeys = ["label", "unit"]
  static let homeKeys = ["title"]

  public func parse(_ sources: ContentSources, documents: MarkdownDocuments = MarkdownDocuments(), log: inout DiagnosticLog) -> Site? {
    parse(sources, kept: nil, documents: documents, log: &log).site
  }

  /// `parse`, taking each section that `kept` offers for its files instead of reading them; with
  /// the slugs of the sections taken. The bodies of the sections it reads are parsed into `documents`.
  func parse(
    _ sources: ContentSources, kept: KeptSections?, documents: MarkdownDocuments, log: inout DiagnosticLog
  ) -> (site: Site?, reused: Set<String>) {
    guard let config = log.attempt({ try parseSiteConfig(sources.site) }) else { return (nil, []) }
    let (departments, rejectedDepartmentIDs) = parseDepartments(sources.departments, log: &log)
    var homePages: [String: MarkdownSource] = [:]
    for (language, file) in sources.homePages.sorted(by: { $0.key < $1.key }) {
      guard config.languages.contains(language) else {
        log.error(
          "language '\(language)' is not in the languages of site.yaml (\(config.languages.joined(separator: ", ")))",
          at: file.location())
        continue
      }
      if let page = log.attempt({ try parseHomePage(file) }) { homePages[language] = page }
    }
    for page in homePages.values { _ = documents.document(of: page) }
    if sources.homePages[config.defaultLanguage] == nil {
      log.warning(
        "the default language '\(config.defaultLanguage)' has no home page (index.\(config.defaultLanguage).md beside site.yaml): "
          + "the site's root page has no introduction, only the list of parts",
        at: config.defaultLanguageLocation, in: sources.site)
    }
    let (sections, failedSlugs, reused) = parseSections(sources.sections, config: config, kept: kept, documents: documents, log: &log)
    let observations = sources.metrics.flatMap { MetricsParser(languages: config.languages).parse($0, log: &log) }
    var site = Site(config: config, departments: departments, homePages: homePages, sections: sections, observations: observations)
    site.rejectedDepartmentIDs = rejectedDepartmentIDs
    // A section whose source file failed may have defined any target.
    site.rejectedTargetIDs =
      failedSlugs.isEmpty
      ? sections.reduce([]) { rejected, section in
        section.rejectedTargetIDs.flatMap { rejected?.union($0) }
      } : nil
    return (site, reused)
  }

  // MARK: site.yaml and departments.yaml

  /// `base-url` as browsers write it, ending with `/`: the scheme and host in lower case (a host
  /// in another script in its `xn--` form), no default port, the path percent-encoded. Canonical
  /// links and the sitemap must be such addresses, and the briefs' PDFs link to the site as
  /// Chromium writes it. Nil for anything but an absolute http(s) URL without query or fragment.
  static func canonicalBaseURL(_ written: String) -> String? {
    let lowered = written.lowercased()
    guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), let url = URLComponents(string: written),
      let scheme = url.scheme?.lowercased(), let host = url.encodedHost, !host.isEmpty,
      url.query == nil, url.fragment == nil, url.user == nil, url.password == nil
    else { return nil }
    // An IPv6 address keeps its brackets.
    var address = scheme + "://" + (host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host.lowercased())
    if let port = url.port, port != (scheme == "https" ? 443 : 80) { address += ":\(port)" }
    let path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
    return address + (path.hasSuffix("/") ? path : path + "/")
  }

  func parseSiteConfig(_ file: SourceFile) throws -> SiteConfig {
    let root = try YAMLValue.parse(file.text, in: file).fields(allowedKeys: Self.siteKeys, in: "site.yaml")
    let languagesValue = try root.required("languages")
    let languageValues = try languagesValue.sequence(in: "languages")
    let languages = try languageValues.map { value in
      let code = try value.string(in: "a language code")
      guard ContentLoader.isLanguageCode(code) else {
        throw value.error("language code '\(code)' must be lowercase letters, such as zh or en")
      }
      return code
    }
    guard !languages.isEmpty else { throw languagesValue.error("languages must name at least one language") }
    if let duplicate = languages.first(where: { code in languages.filter { $0 == code }.count > 1 }) {
      throw languagesValue.error("language '\(duplicate)' is listed twice")
    }
    let title = try root.required("title").localizedText(in: "title")
    try requireEveryLanguage(title, languages, at: try root.required("title"), what: "title")

    let baseValue = try root.required("base-url")
    let written = try baseValue.string(in: "base-url")
    // Every page carries it (canonical link, alternates, sitemap): a huge one would make every page huge.
    guard written.utf8.count <= Self.longestBaseURL else {
      throw baseValue.error(
        "base-url is \(written.utf8.count) bytes long; an address of at most \(Self.longestBaseURL) is what browsers and servers take")
    }
    guard let baseURL = Self.canonicalBaseURL(written) else {
      throw baseValue.error("base-url must be an absolute http(s) URL without a query or fragment, such as https://plan.example.org/")
    }

    var wording = PlanWording()
    let wordingFields = try root["wording"]?.fields(allowedKeys: PlanWording.keys.map(\.key), in: "wording")
    for (key, path) in PlanWording.keys {
      let value = wordingFields?[key]
      // A language given here replaces the default; one not given keeps it.
      for (language, text) in try value?.localizedText(in: "wording \(key)").texts ?? [:] { wording[keyPath: path][language] = text }
      if let missing = languages.first(where: { wording[keyPath: path][$0] == nil }) {
        throw (value ?? root["wording"] ?? languagesValue).error(
          "wording \(key) has no text for language '\(missing)' (PlanPress has its own only for zh and en): add it under wording in site.yaml"
        )
      }
    }

    var metrics = MetricsSettings()
    if let metricsValue = root["metrics"] {
      let fields = try metricsValue.fields(allowedKeys: Self.metricsKeys, in: "metrics")
      if let days = fields["stale-after-days"] {
        let number = try days.number(in: "stale-after-days")
        guard number >= 0, number == number.rounded() else { throw days.error("stale-after-days must be a whole number of days") }
        // Any span longer than the calendar means "never stale"; a bigger number (1e300) would trap as an Int.
        metrics.staleAfterDays = Int(min(number, Double(Int32.max)))
      }
      if let margin = fields["at-risk-margin"] {
        let number = try margin.number(in: "at-risk-margin")
        guard (0...1).contains(number) else { throw margin.error("at-risk-margin must be a share between 0 and 1, such as 0.15") }
        metrics.atRiskMargin = number
      }
      metrics.planStart = try fields["plan-start"]?.date(in: "plan-start")
    }

    let noticeValue = try root.required("notice")
    let notice = try noticeValue.fields(allowedKeys: Self.noticeKeys, in: "notice")
    let noticeTitle = try notice.required("title").localizedText(in: "notice title")
    let issuer = try notice.required("issuer").localizedText(in: "notice issuer")
    try requireEveryLanguage(noticeTitle, languages, at: try notice.required("title"), what: "notice title")
    try requireEveryLanguage(issuer, languages, at: try notice.required("issuer"), what: "notice issuer")
    return SiteConfig(
      title: title, languages: languages, baseURL: baseURL,
      notice: Notice(
        number: try notice["number"]?.string(in: "notice number"),
        title: noticeTitle, issuer: issuer,
        date: try notice.required("date").date(in: "notice date"),
        source: try notice["source"]?.string(in: "notice source")),
      wording: wording, metrics: metrics, defaultLanguageLocation: languageValues.first?.location ?? languagesValue.location)
  }

  private func requireEveryLanguage(_ text: LocalizedText, _ languages: [String], at value: YAMLValue, what: String) throws {
    if let missing = languages.first(where: { text[$0] == nil }) {
      throw value.error("\(what) has no text for language '\(missing)'")
    }
  }

  /// The departments that could be read, each entry that cannot reported and the others kept;
  /// and the ids of those rejected (see `Site.rejectedDepartmentIDs`).
  func parseDepartments(_ file: SourceFile, log: inout DiagnosticLog) -> ([Department], rejected: Set<String>?) {
    var entries = DiagnosticLog()
    var rejected: Set<String>? = []
    let departments: [Department]? = log.attempt {
      let root = try YAMLValue.parse(file.text, in: file).fields(allowedKeys: ["departments"], in: "departments.yaml")
      return try root.required("departments").sequence(in: "departments").compactMap { item -> Department? in
        let department = entries.attempt {
          let fields = try item.fields(allowedKeys: Self.departmentKeys, in: "a department")
          let id = try fields.required("id").identifier(in: "department id")
          let name = try fields.required("name")
          return Department(
            id: id, name: try name.localizedText(in: "department name"), location: item.location, nameLocation: name.location)
        }
        if department == nil { rejected.insertID(of: item) }
        return department
      }
    }
    log.report(contentsOf: entries.diagnostics)
    return (departments ?? [], departments == nil ? nil : rejected)
  }

  // MARK: Markdown pages

  func parseHomePage(_ file: SourceFile) throws -> MarkdownSource {
    // The home page's front matter is optional.
    guard file.text.hasPrefix("---") else {
      return MarkdownSource(file: file, title: nil, body: file.text, bodyFirstLine: 1)
    }
    let document = try FrontMatterDocument(splitting: file)
    let fields = try YAMLValue.parse(document.yaml, in: file, firstLine: document.yamlFirstLine)
      .fields(allowedKeys: Self.homeKeys, in: "home page front matter")
    return MarkdownSource(
      file: file, title: try fields["title"]?.string(in: "title"), body: document.body, bodyFirstLine: document.bodyFirstLine)
  }

  /// The sections that could be read, the slugs of those whose source file could not, and the slugs
  /// of those `kept` offered.
  func parseSections(
    _ files: [SectionFile], config: SiteConfig, kept: KeptSections?, documents: MarkdownDocuments, log: inout DiagnosticLog
  ) -> (sections: [Section], failedSlugs: Set<String>, reused: Set<String>) {
    let defaultLanguage = config.defaultLanguage
    let planEnd = config.planEnd
    let filesBySlug = Dictionary(grouping: files, by: \.slug)
    var sections: [Section] = []
    var positions: [String: Int] = [:]
    var seenSlugs: [String: SourceLocation] = [:]
    var failedSlugs: Set<String> = []

    // A source file's section depends on no other file: it is read on every core, and what it
    // reports is reported here, in file order, as if read one by one.
    let readSection = { (file: SectionFile) -> (section: Result<Section, Error>, diagnostics: [Diagnostic], kept: Bool) in
      if let kept = kept?(filesBySlug[file.slug] ?? [], config) {
        for (path, document) in kept.documents { documents.keep(document, forPath: path) }
        return (.success(kept.section), [], true)
      }
      // Target mistakes go to their own log so that one section's file reports all of them.
      var targetLog = DiagnosticLog()
      let section = Result {
        try self.parseSourceSection(file, frontMatter: Result { try self.frontMatter(of: file.file) }, planEnd: planEnd, log: &targetLog)
      }
      return (section, targetLog.diagnostics, false)
    }
    // A kept section has its translations merged already: their files are not read again.
    var reused: Set<String> = []
    Self.inBatches(files.filter { $0.language == defaultLanguage }, prepare: readSection) { file, read in
      if let earlier = seenSlugs[file.slug] {
        log.error(
          "section '\(file.slug)' is defined twice (also in \(earlier.path))", at: file.file.location())
        return
      }
      seenSlugs[file.slug] = file.file.location()
      let section = log.attempt { try read.section.get() }
      log.report(contentsOf: read.diagnostics)
      if read.kept { reused.insert(file.slug) }
      if let section {
        positions[section.slug] = sections.count
        sections.append(section)
      } else {
        failedSlugs.insert(file.slug)
      }
    }

    // Translations, a section at a time on every core: a section's files are merged in file order,
    // as each merge builds on the ones before (a third language, a second file of a language).
    // What each file reports is reported here, in file order.
    var translationsBySection: [[(position: Int, file: SectionFile)]] = []
    var groupOfSlug: [String: Int] = [:]
    for (position, file) in files.enumerated() where file.language != defaultLanguage && !reused.contains(file.slug) {
      if let group = groupOfSlug[file.slug] {
        translationsBySection[group].append((position, file))
      } else {
        groupOfSlug[file.slug] = translationsBySection.count
        translationsBySection.append([(position, file)])
      }
    }
    let untranslated = sections
    let failed = failedSlugs
    let merged = translationsBySection.concurrentMap {
      group -> (section: Section?, reports: [(position: Int, diagnostics: [Diagnostic])]) in
      var section = positions[group[0].file.slug].map { untranslated[$0] }
      let reports = group.map { position, file in
        // The translation of a source file that failed is not reported: only the source's error is.
        (position, failed.contains(file.slug) ? [] : mergeTranslation(file, into: &section, config: config))
      }
      return (section, reports)
    }
    for (group, result) in zip(translationsBySection, merged) {
      if let section = result.section, let index = positions[group[0].file.slug] { sections[index] = section }
    }
    for report in merged.flatMap(\.reports).sorted(by: { $0.position < $1.position }) {
      log.report(contentsOf: report.diagnostics)
    }
    // The bodies read now are parsed now, on every core; a kept section has its marks already.
    let marked = sections.concurrentMap { section in
      reused.contains(section.slug) ? section : Self.withMarks(section, from: documents)
    }
    return (marked.sorted { ($0.order, $0.slug) < ($1.order, $1.slug) }, failedSlugs, reused)
  }

  /// The section with each body's department marks, from its document.
  static func withMarks(_ section: Section, from documents: MarkdownDocuments) -> Section {
    var section = section
    for (language, body) in section.bodies {
      section.bodies[language]?.marks = documents.document(of: body).marks.map { mark in
        DepartmentMarkPlace(department: mark.department, line: body.fileLine(mark.line), column: mark.column)
      }
    }
    return section
  }

  /// Merges a translation's file into its section (nil when the section has no file in the
  /// default language); returns what the file reports.
  private func mergeTranslation(_ file: SectionFile, into section: inout Section?, config: SiteConfig) -> [Diagnostic] {
    let defaultLanguage = config.defaultLanguage
    var log = DiagnosticLog()
    guard config.languages.contains(file.language) else {
      log.error(
        "language '\(file.language)' is not in the languages of site.yaml (\(config.languages.joined(separator: ", ")))",
        at: file.file.location())
      return log.diagnostics
    }
    guard var merging = section else {
      log.error(
        "translation of section '\(file.slug)', which has no \(defaultLanguage) file (expected sections/\(String(format: "%02d", file.order))-\(file.slug).\(defaultLanguage).md)",
        at: file.file.location())
      return log.diagnostics
    }
    var targetLog = DiagnosticLog()
    log.attempt {
      try addTranslation(
        file, frontMatter: Result { try frontMatter(of: file.file) }, to: &merging, defaultLanguage: defaultLanguage, log: &targetLog)
    }
    // What a merge stopped by a mistake had done stays, as it would in place.
    section = merging
    log.report(contentsOf: targetLog.diagnostics)
    return log.diagnostics
  }

  /// Calls `body` with each file and what `prepare` made of it, in file order.
  ///
  /// Splitting a file and reading its YAML is most of the parse and needs nothing from other
  /// files, so `prepare` runs on every core, a batch of files at a time (so that the YAML trees of
  /// a whole big plan are never in memory at once); `body`'s checks stay in file order, as do
  /// their messages.
  private static func inBatches<Prepared>(
    _ files: [SectionFile], prepare: (SectionFile) -> Prepared, _ body: (SectionFile, Prepared) -> Void
  ) {
    let batchSize = 256
    for start in stride(from: 0, to: files.count, by: batchSize) {
      let batch = files[start..<min(start + batchSize, files.count)]
      for (file, prepared) in zip(batch, batch.concurrentMap(prepare)) { body(file, prepared) }
    }
  }

  private func frontMatter(of file: SourceFile) throws -> (FrontMatterDocument, YAMLValue) {
    let document = try FrontMatterDocument(splitting: file)
    return (document, try YAMLValue.parse(document.yaml, in: file, firstLine: document.yamlFirstLine))
  }

  private func parseSourceSection(
    _ sectionFile: SectionFile, frontMatter prepared: Result<(FrontMatterDocument, YAMLValue), Error>, planEnd: PlanDate?,
    log: inout DiagnosticLog
  ) throws -> Section {
    let file = sectionFile.file
    let language = sectionFile.language
    let (document, yaml) = try prepared.get()
    let fields = try yaml.fields(allowedKeys: Self.sectionKeys, in: "section front matter")
    let title = try fields.required("title").string(in: "title")
    let leadValue = try fields.required("lead")
    let lead = try leadValue.identifier(in: "lead department")
    let departmentValues = try fields["departments"]?.sequence(in: "departments") ?? []
    let departments = try departmentValues.map { try $0.identifier(in: "department id") }
    var targets: [Target] = []
    var rejectedTargetIDs: Set<String>? = []
    for item in try fields["targets"]?.sequence(in: "targets") ?? [] {
      if let target = log.attempt({ try parseTarget(item, language: language, section: sectionFile.slug, planEnd: planEnd) }) {
        targets.append(target)
      } else {
        rejectedTargetIDs.insertID(of: item)
      }
    }
    return Section(
      slug: sectionFile.slug, order: sectionFile.order, title: LocalizedText([language: title]), lead: lead,
      departments: departments, targets: targets,
      bodies: [language: MarkdownSource(file: file, title: title, body: document.body, bodyFirstLine: document.bodyFirstLine)],
      translatedFrom: [:], location: yaml.location, leadLocation: leadValue.location,
      departmentLocations: Dictionary(zip(departments, departmentValues.map(\.location)), uniquingKeysWith: { first, _ in first }),
      rejectedTargetIDs: rejectedTargetIDs)
  }

  func parseTarget(_ item: YAMLValue, language: String, section: String, planEnd: PlanDate?) throws -> Target {
    let fields = try item.fields(allowedKeys: Self.targetKeys, in: "a target")
    let id = try fields.required("id").identifier(in: "target id")
    let kinds = TargetKind.keys.filter { fields[$0] != nil }
    guard kinds.count == 1 else {
      if kinds.isEmpty {
        throw item.error("target '\(id)' has no kind: give one of \(TargetKind.keys.joined(separator: ", "))")
      }
      throw item.error("target '\(id)' has \(kinds.count) kinds (\(kinds.joined(separator: ", "))); give exactly one")
    }
    let kind: TargetKind
    let kindValue = try fields.required(kinds[0])
    switch kinds[0] {
    case "at-least": kind = .atLeast(try kindValue.number(in: "at-least"))
    case "at-most": kind = .atMost(try kindValue.number(in: "at-most"))
    case "equals": kind = .equals(try kindValue.number(in: "equals"))
    case "between":
      let bounds = try kindValue.sequence(in: "between [low, high]")
      guard bounds.count == 2 else { throw kindValue.error("between takes two numbers, [low, high]") }
      let low = try bounds[0].number(in: "between's low end")
      let high = try bounds[1].number(in: "between's high end")
      guard low <= high else {
        throw kindValue.error(
          "between's low end (\(QuantityFormatter.number(low, language: "zh"))) is above its high end (\(QuantityFormatter.number(high, language: "zh")))"
        )
      }
      kind = .between(low, high)
    default:
      guard try kindValue.bool(in: "milestone") else {
        throw kindValue.error("milestone takes true; for a numeric target use at-least, at-most, between or equals")
      }
      kind = .milestone
    }
    let unit = try fields["unit"]?.string(in: "unit")
    if unit == nil, kind != .milestone {
      throw item.error("target '\(id)' is missing the required key 'unit' (what its numbers count, such as 元/月 or %)")
    }
    var baseline: Baseline?
    if let value = fields["baseline"] {
      guard let source = fields["baseline-source"] else {
        throw value.error("target '\(id)' has a baseline without 'baseline-source': every published figure needs its source")
      }
      baseline = Baseline(
        value: try value.number(in: "baseline"), asOf: try fields["baseline-as-of"]?.date(in: "baseline-as-of"),
        source: try source.string(in: "baseline-source"))
    } else if let stray = fields["baseline-source"] ?? fields["baseline-as-of"] {
      throw stray.error("target '\(id)' has baseline details but no 'baseline'")
    }
    let departmentValue = try fields.required("department")
    guard let due = try fields["due"]?.date(in: "due") ?? planEnd else {
      throw item.error("target '\(id)' needs a 'due' date")
    }
    return Target(
      id: id, label: LocalizedText([language: try fields.required("label").string(in: "label")]),
      unit: unit.map { LocalizedText([language: $0]) }, department: try departmentValue.identifier(in: "department"),
      kind: kind, baseline: baseline, due: due, section: section, location: item.location, departmentLocation: departmentValue.location)
  }

  private func addTranslation(
    _ sectionFile: SectionFile, frontMatter prepared: Result<(FrontMatterDocument, YAMLValue), Error>, to section: inout Section,
    defaultLanguage: String, log: inout DiagnosticLog
  ) throws {
    let file = sectionFile.file
    let language = sectionFile.language
    if section.bodies[language] != nil {
      throw Diagnostic(.error, at: file.location(), "section '\(section.slug)' has two \(language) files")
    }
    let (document, yaml) = try prepared.get()
    let fields = try yaml.fields(allowedKeys: Self.translationKeys, in: "translated section front matter")
    let title = try fields.required("title").string(in: "title")
    section.title[language] = title
    section.bodies[language] = MarkdownSource(file: file, title: title, body: document.body, bodyFirstLine: document.bodyFirstLine)
    if let hash = fields["translates"] {
      section.translatedFrom[language] = try hash.string(in: "translates")
      section.translatedFromLocations[language] = hash.location
    }

    var translated: Set<String> = []
    if let targets = fields["targets"] {
      for (id, value) in try targets.mapping(in: "targets (a mapping of target id to label and unit)") {
        log.attempt {
          guard let index = section.targets.firstIndex(where: { $0.id == id }) else {
            // A target of the source that failed is reported there: its translation is not wrong.
            if section.rejectedTargetIDs?.contains(id.lowercased()) ?? true { return }
            let hint = Suggestion.didYouMean(id, among: section.targets.map(\.id), rejected: section.rejectedTargetIDs ?? []) ?? ""
            throw (targets.key(named: id) ?? value).error(
              "target '\(id)' is not a target of the \(sectionFile.slug) section's source file\(hint)")
          }
          let entry = try value.fields(allowedKeys: Self.targetTranslationKeys, in: "the translation of target '\(id)'")
          if let label = entry["label"] { section.targets[index].label[language] = try label.string(in: "label") }
          if let unit = entry["unit"] {
            guard section.targets[index].unit != nil else { throw unit.error("target '\(id)' has no unit to translate") }
            section.targets[index].unit?[language] = try unit.string(in: "unit")
          }
          translated.insert(id)
        }
      }
    }
    for target in section.targets where target.label[language] == nil {
      log.warning(
        "no \(language) label for target '\(target.id)'; the \(defaultLanguage) label is shown",
        at: fields["targets"]?.location ?? yaml.location, in: file)
    }
  }
}

extension Optional where Wrapped == Set<String> {
  /// Records the id of an entry that could not be read (in lower case), or, when not even its id
  /// can be read, that any id may be the rejected one (nil).
  mutating func insertID(of entry: YAMLValue) {
    if let id = entry.text(ofKey: "id") { self?.insert(id.lowercased()) } else { self = nil }
  }
}
