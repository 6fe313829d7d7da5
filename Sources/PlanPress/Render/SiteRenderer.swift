import Foundation
import PageModels
import PlanPressTemplates

/// A file of the built site: its path inside the output folder and its bytes.
public struct OutputFile: Sendable {
  public var path: String
  public var contents: Data
  /// The parts of `contents` that a rebuild may take from this file instead of rendering them
  /// again (a brief's table of targets, each section's text in it), each with its name, what its
  /// rendering read and where it is.
  var keptParts: [(name: String, reads: Set<PlanRead>, place: Range<Int>)] = []
  /// The parts of `contents` taken from the previous build's file, not rendered again.
  var takenFromPrevious: [Range<Int>] = []
}

/// Parts of a file the previous build wrote whose reads still have the values they had (see
/// `BuildCache.KeptPart`), by name: a rebuild takes them instead of rendering them again.
struct KeptParts: Sendable {
  var parts: [String: (bytes: Data, reads: [PlanRead])] = [:]

  init(parts: [String: (bytes: Data, reads: [PlanRead])] = [:]) {
    self.parts = parts
  }

  /// The parts the cache describes, with their bytes in the same order.
  init(_ parts: [BuildCache.KeptPart], bytes: [Data]) {
    self.parts = Dictionary(zip(parts, bytes).map { ($0.name, ($1, $0.reads)) }, uniquingKeysWith: { first, _ in first })
  }

  subscript(name: String) -> (bytes: Data, reads: [PlanRead])? {
    parts[name]
  }
}

/// Renders the site model through the templates into pages (sections, departments, dashboard,
/// briefs), a 404 page, the open data and the sitemap.
/// Pure: it reads nothing from disk and writes nothing, so pages can be rendered in any order.
public final class SiteRenderer: Sendable {
  /// The plan, read through what records each read (see `PlanReader`).
  let plan: PlanReader
  let strings: UIStrings
  let paths: SitePaths
  /// Whether the build also prints each brief to PDF, so pages may link to the PDFs.
  let withPDFs: Bool
  /// Each body's parsed document, shared with the parse stage (see `MarkdownDocuments`).
  let documents: MarkdownDocuments
  /// The interface texts templates show, by language.
  private let interfaceTexts: [String: InterfaceTexts]
  /// The templates' assets, which the site publishes as they are (see `TemplateAssets`).
  let assets: [AssetFile]

  public convenience init(
    site: Site, strings: UIStrings, assets: [AssetFile] = [], withPDFs: Bool = false, documents: MarkdownDocuments = MarkdownDocuments()
  ) {
    self.init(model: SiteModel(site), strings: strings, assets: assets, withPDFs: withPDFs, documents: documents)
  }

  init(model: SiteModel, strings: UIStrings, assets: [AssetFile], withPDFs: Bool, documents: MarkdownDocuments) {
    let site = model.site
    self.plan = PlanReader(model)
    self.documents = documents
    self.assets = assets
    self.withPDFs = withPDFs
    self.strings = strings
    self.paths = SitePaths(defaultLanguage: site.config.defaultLanguage, baseURL: site.config.baseURL)
    interfaceTexts = Dictionary(
      uniqueKeysWithValues: site.config.languages.map { language in
        (language, Self.texts(language, strings, site.config.wording))
      })
  }

  /// The same renderer, its reads of the plan recorded in `log` too.
  private init(_ other: SiteRenderer, recordingInto log: ReadLog) {
    plan = other.plan.recording(into: log)
    strings = other.strings
    paths = other.paths
    withPDFs = other.withPDFs
    documents = other.documents
    interfaceTexts = other.interfaceTexts
    assets = other.assets
  }

  /// Runs `render` with a renderer whose reads of the plan are recorded; returns what it made and
  /// what it read.
  func recording<Result>(_ render: (SiteRenderer) -> Result) -> (Result, reads: Set<PlanRead>) {
    let log = ReadLog()
    let result = render(SiteRenderer(self, recordingInto: log))
    return (result, log.reads)
  }

  var config: SiteConfig { plan.config }

  /// The interface texts of a language, as templates read them, with the plan's words.
  func texts(_ language: String) -> InterfaceTexts {
    interfaceTexts[language] ?? Self.texts(language, strings, config.wording)
  }

  private static func texts(_ language: String, _ strings: UIStrings, _ wording: PlanWording) -> InterfaceTexts {
    InterfaceTexts(
      { strings.text($0, language) },
      plan: InterfaceTexts.Plan(parts: wording.parts[language] ?? "", partsNavigation: wording.partsNavigation[language] ?? ""))
  }

  var languages: [String] { config.languages }
  var defaultLanguage: String { config.defaultLanguage }

  /// Every page in every language, in a stable order.
  var pages: [PageRef] {
    pages(sections: plan.summaries.map(\.slug))
  }

  private func pages(sections: [String]) -> [PageRef] {
    PageRef.all(sections: sections, departments: plan.departments.map(\.id))
  }

  /// Whether a page has real content in a language (rather than the default language's text).
  func isTranslated(_ page: PageRef, _ language: String) -> Bool {
    switch page {
    // The default language's home page is the site's root: the original, with or without an introduction.
    case .home: return language == defaultLanguage || plan.hasHomePage(language)
    // Asked where the page shows the text it has in a language: what it shows then is the file's.
    case .section(let slug): return plan.text(slug, language) != nil
    case .departments, .department, .dashboard, .brief: return true
    }
  }

  /// The language whose text a page shows in `language`: its own, or the default language's where
  /// the page has no translation.
  func shownLanguage(_ page: PageRef, _ language: String) -> String {
    isTranslated(page, language) ? language : defaultLanguage
  }

  /// The file a section's page shows in `language`: its own, or the default language's.
  func shownText(ofSection slug: String, _ language: String) -> MarkdownSource? {
    plan.text(slug, shownLanguage(.section(slug), language))
  }

  /// Renders every file of the site except the copied assets, in memory: for tests and small
  /// sites. A build renders the same jobs in parallel and streams each to disk (`RenderPipeline`).
  public func renderAll() -> [OutputFile] {
    jobs.flatMap { render($0) }
  }

  /// Every unit of rendering work, in a stable order: each page (in every language), the 404
  /// page, the open data and the sitemap.
  var jobs: [RenderJob] {
    pages.flatMap { page -> [RenderJob] in
      guard case .brief(let id) = page else { return [.page(page)] }
      return languages.map { .brief(department: id, language: $0) }
    } + [.notFound, .openData(.json), .openData(.csv), .sitemap]
  }

  /// The paths of the files a job writes, known before it is rendered.
  func outputPaths(of job: RenderJob) -> [String] {
    switch job {
    case .page(let page): return languages.map { page.path($0, paths) }
    case .brief(let id, let language): return [paths.brief(id, language)]
    case .notFound: return [SitePaths.notFound]
    case .openData(.json): return [SitePaths.targetsJSON]
    case .openData(.csv): return [SitePaths.targetsCSV]
    case .sitemap: return [SitePaths.sitemap]
    }
  }

  /// The files of one job. `kept` holds parts of the job's file as the previous build rendered
  /// them whose reads are unchanged, to take instead of rendering them again (see
  /// `OutputFile.keptParts`).
  func render(_ job: RenderJob, kept: KeptParts = KeptParts()) -> [OutputFile] {
    switch job {
    case .page(let page):
      return languages.map { OutputFile(path: page.path($0, paths), render(page, $0)) }
    case .brief(let id, let language): return [renderBrief(id, language, kept: kept)]
    case .notFound: return [OutputFile(path: SitePaths.notFound, renderNotFound())]
    case .openData(let format): return openDataFiles(format)
    case .sitemap: return [OutputFile(path: SitePaths.sitemap, sitemap())]
    }
  }

  // MARK: Pages

  func render(_ page: PageRef, _ language: String) -> HTML {
    switch page {
    case .home: return renderHome(language)
    case .section(let slug): return renderSection(slug, language)
    case .departments: return renderDepartments(language)
    case .department(let id): return renderDepartment(id, language)
    case .dashboard: return renderDashboard(language)
    case .brief(let id):
      let brief = renderBrief(id, language)
      return HTML(trusted: String(decoding: brief.contents, as: UTF8.self))
    }
  }

  private func renderHome(_ language: String) -> HTML {
    let path = paths.home(language)
    let sourceLanguage = shownLanguage(.home, language)
    let source = plan.homePage(sourceLanguage)
    let body = source.map { documents.document(of: $0).html() }
    let page = HomePage(
      layout: layout(.home, language, title: source?.title ?? title(language)),
      notice: noticeSummary(language, withSource: true),
      text: PageText(html: body ?? "", lang: sourceLanguage, isUntranslated: sourceLanguage != language),
      sections: plan.fronts.map { section in
        HomePage.SectionEntry(
          link: sectionLink(section.summary, from: path, language), leadName: plan.department(section.lead).map { text($0.name, language) })
      })
    return Page.home(page, texts(language))
  }

  private func renderSection(_ slug: String, _ language: String) -> HTML {
    guard let section = plan.front(slug) else { return "" }
    let path = paths.section(slug, language)
    let sourceLanguage = shownLanguage(.section(slug), language)
    let body = shownText(ofSection: slug, language).map { documents.document(of: $0) }
    let neighbours = plan.neighbours(of: slug)
    let page = SectionPage(
      layout: layout(.section(slug), language, title: text(section.title, language)),
      partLabel: strings.text("section.part", language, ["number": QuantityFormatter.ordinal(section.order, language: language)]),
      titleLang: section.title[language] != nil ? language : defaultLanguage,
      lead: departmentLink(section.lead, from: path, language),
      departments: section.departments.filter { $0 != section.lead }.compactMap { departmentLink($0, from: path, language) },
      toc: toc(body?.shownHeadings() ?? []),
      text: PageText(html: body?.html() ?? "", lang: sourceLanguage, isUntranslated: sourceLanguage != language),
      targets: targetsTable(section.targets, from: path, language, showsSection: false, in: { _ in section.summary }),
      previous: neighbours.previous.map { sectionLink($0, from: path, language) },
      next: neighbours.next.map { sectionLink($0, from: path, language) })
    return Page.section(page, texts(language))
  }

  private func renderDepartments(_ language: String) -> HTML {
    let path = paths.departments(language)
    let page = DepartmentsPage(
      layout: layout(.departments, language, title: strings.text("departments.title", language)),
      departments: plan.departments.compactMap { department in
        guard let link = departmentLink(department.id, from: path, language) else { return nil }
        return DepartmentsPage.Entry(
          link: link, brief: briefLinks(department.id, from: path, language),
          leads: plan.sectionsLed(by: department.id).map { sectionLink($0.summary, from: path, language) })
      })
    return Page.departments(page, texts(language))
  }

  private func renderDepartment(_ id: String, _ language: String) -> HTML {
    guard let department = plan.department(id) else { return "" }
    let path = paths.department(id, language)
    let owned = plan.targetsOwned(by: id)
    let targets: DepartmentPage.Targets
    if owned.isEmpty {
      targets = .none
    } else if isLargePlan {
      // Counted by section, each section's page listing its targets (see `Site.largePlanSections`).
      targets = .summarized(
        TargetSummary(
          note: strings.text("department.summarized", language, ["limit": String(Site.largePlanSections)]),
          bySection: sectionCountsTable(Self.bySection(owned), from: path, language)))
    } else {
      targets = .listed(targetsTable(owned.targets, from: path, language, showsSection: true, in: owned.section))
    }
    let page = DepartmentPage(
      layout: layout(.department(id), language, title: text(department.name, language)),
      brief: briefLinks(id, from: path, language),
      leads: plan.sectionsLed(by: id).map { sectionLink($0.summary, from: path, language) },
      involved: plan.sectionsInvolving(id).map { sectionLink($0, from: path, language) },
      targets: targets)
    return Page.department(page, texts(language))
  }

  /// One 404 page for the whole site, in every language, with links that work at any depth.
  private func renderNotFound() -> HTML {
    let base = config.basePath
    let page = NotFoundPage(
      lang: defaultLanguage, siteTitle: title(defaultLanguage), root: base,
      languages: languages.map { language in
        NotFoundPage.Language(
          code: language, texts: texts(language), homeURL: base + SitePaths.servedPath(paths.home(language)), siteTitle: title(language),
          isDefault: language == defaultLanguage)
      })
    return Page.notFound(page, texts(defaultLanguage))
  }

  // MARK: Parts of pages

  /// What every page's frame shows: language, navigation, switcher and alternates.
  func layout(_ page: PageRef, _ language: String, title pageTitle: String) -> Layout {
    let path = page.path(language, paths)
    return Layout(
      lang: language, pageTitle: pageTitle, siteTitle: title(language),
      // A page that only repeats another language's text is kept out of search indexes.
      noindex: !isTranslated(page, language),
      canonical: paths.absoluteURL(path),
      alternates: languages.filter { isTranslated(page, $0) || $0 == language }.map { other in
        Layout.Alternate(hreflang: other, href: paths.absoluteURL(page.path(other, paths)))
      },
      root: SitePaths.rootPrefix(from: path),
      homeURL: SitePaths.relativeURL(from: path, to: paths.home(language)),
      isHome: page == .home,
      languages: languages.map { other in
        Layout.Language(
          code: other, name: strings.text("language_name", other),
          url: other == language ? nil : SitePaths.relativeURL(from: path, to: page.path(other, paths)))
      },
      sections: isLargePlan
        ? [] : plan.summaries.map { Layout.NavItem(link: sectionLink($0, from: path, language), isCurrent: page == .section($0.slug)) },
      // A large plan's parts are listed on the home page, not on every page (see `Site.largePlanSections`).
      contentsURL: isLargePlan ? SitePaths.relativeURL(from: path, to: paths.home(language)) + "#sections-heading" : nil,
      dashboardURL: SitePaths.relativeURL(from: path, to: paths.dashboard(language)),
      isDashboard: page == .dashboard,
      departmentsURL: SitePaths.relativeURL(from: path, to: paths.departments(language)),
      isTranslation: language != defaultLanguage,
      noticeNumber: config.notice.number)
  }

  /// The notice that issued the plan; its source, a link to the original, only where it is a web address.
  func noticeSummary(_ language: String, withSource: Bool) -> NoticeSummary {
    let notice = config.notice
    return NoticeSummary(
      number: notice.number, title: text(notice.title, language), issuer: text(notice.issuer, language),
      date: formatDate(notice.date, language), source: withSource ? notice.source.flatMap(webLink) : nil)
  }

  func sectionLink(_ section: SectionSummary, from path: String, _ language: String) -> PageLink {
    PageLink(text: text(section.title, language), url: SitePaths.relativeURL(from: path, to: paths.section(section.slug, language)))
  }

  func departmentLink(_ id: String, from path: String, _ language: String) -> PageLink? {
    guard let department = plan.department(id) else { return nil }
    return PageLink(text: text(department.name, language), url: SitePaths.relativeURL(from: path, to: paths.department(id, language)))
  }

  private func toc(_ headings: [ShownHeading]) -> [TOCEntry] {
    headings.filter { $0.level <= 3 }.map { TOCEntry(anchor: $0.anchor, text: $0.text, isSub: $0.level > 2) }
  }

  private func title(_ language: String) -> String { text(config.title, language) }

  func text(_ localized: LocalizedText, _ language: String) -> String {
    localized.resolved(language, fallbacks: languages)
  }

  func formatDate(_ date: PlanDate, _ language: String) -> String {
    switch language {
    case "zh", "ja": return "\(date.year)年\(date.month)月\(date.day)日"
    case "en":
      let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
      ]
      return "\(date.day) \(months[date.month - 1]) \(date.year)"
    default: return date.description
    }
  }

  // MARK: Sitemap

  /// `sitemap.xml`, every translated page with its language alternates (and `x-default`).
  func sitemap() -> HTML {
    var xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

      """
    func address(_ page: PageRef, _ language: String) -> String {
      HTML.escape(paths.absoluteURL(page.path(language, paths)))
    }
    // The languages of each section from its front matter: the sitemap shows none of their text.
    let sections = plan.fronts
    let written = Dictionary(sections.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    for page in pages(sections: sections.map(\.slug)) {
      let translations = languages.filter { language in
        if case .section(let slug) = page { return written[slug]?.isWritten(in: language) ?? false }
        return isTranslated(page, language)
      }
      for language in translations {
        xml += "  <url>\n    <loc>\(address(page, language))</loc>\n"
        for other in translations {
          xml += "    <xhtml:link rel=\"alternate\" hreflang=\"\(other)\" href=\"\(address(page, other))\"/>\n"
        }
        xml += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(address(page, defaultLanguage))\"/>\n"
        xml += "  </url>\n"
      }
    }
    return HTML(trusted: xml + "</urlset>\n")
  }
}

extension OutputFile {
  /// A page's file.
  init(path: String, _ page: HTML) {
    self.init(path: path, contents: Data(page.string.utf8))
  }
}
