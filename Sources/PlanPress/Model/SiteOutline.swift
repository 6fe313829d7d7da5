/// Every file a build writes and every id of each of its pages, known from the model and the
/// parsed bodies before anything is rendered, so that links are checked before rendering.
///
/// The ids are those the templates in `Templates/` write: `SiteOutlineTests` renders sites and
/// holds each page's ids equal to these, so a template that gains or loses an id fails there.
struct SiteOutline: Sendable {
  let site: Site
  let index: SiteIndex
  let paths: SitePaths
  let documents: MarkdownDocuments
  /// Every file the build writes or copies, by output path.
  let files: Set<String>
  /// Each page's path, with what it is and its language.
  let pages: [String: (page: PageRef, language: String)]

  /// The outline of a model's site, with the templates' `assets` copied and, `withPDFs`, each
  /// brief printed.
  init(_ model: SiteModel, documents: MarkdownDocuments, assets: [AssetFile], withPDFs: Bool) {
    site = model.site
    index = model.index
    self.documents = documents
    let config = site.config
    paths = SitePaths(defaultLanguage: config.defaultLanguage, baseURL: config.baseURL)
    let departments = site.departments.map(\.id)
    var pages: [String: (page: PageRef, language: String)] = [:]
    pages.reserveCapacity((site.sections.count + 2 * departments.count + 3) * config.languages.count)
    for page in PageRef.all(sections: site.sections.map(\.slug), departments: departments) {
      for language in config.languages { pages[page.path(language, paths)] = (page, language) }
    }
    self.pages = pages
    var files = Set(pages.keys)
    files.formUnion([SitePaths.notFound, SitePaths.targetsJSON, SitePaths.targetsCSV, SitePaths.sitemap])
    files.formUnion(assets.map { "assets/" + $0.relative })
    if withPDFs {
      for department in departments {
        for language in config.languages { files.insert(paths.briefPDF(department, language)) }
      }
    }
    self.files = files
  }

  /// How many groups of bodies the pages show: the home page's, then each section's.
  var bodyGroupCount: Int { site.sections.count + 1 }

  /// The Markdown bodies of a group (see `bodyGroupCount`), each with the languages of the pages
  /// that show it: a page in a language its section has no file in shows the default language's.
  func shownBodies(inGroup group: Int) -> [(body: MarkdownSource, languages: [String])] {
    var shown: [(body: MarkdownSource, languages: [String])] = []
    for language in site.config.languages {
      let section = group == 0 ? nil : site.sections[group - 1]
      guard let body = section.map({ text(of: $0, language) }) ?? homeText(language) else { continue }
      if let position = shown.firstIndex(where: { $0.body.file.path == body.file.path }) {
        shown[position].languages.append(language)
      } else {
        shown.append((body, [language]))
      }
    }
    return shown
  }

  /// The page of a group (see `bodyGroupCount`) in a language.
  func page(ofGroup group: Int, _ language: String) -> String {
    group == 0 ? paths.home(language) : paths.section(site.sections[group - 1].slug, language)
  }

  /// The ids of the page at `path`; nil for a file that is not a page.
  func ids(ofPage path: String) -> Set<String>? {
    if path == SitePaths.notFound { return ["main"] }
    guard let (page, language) = pages[path] else { return nil }
    let framed: Set<String> = ["main", "search-query"]
    switch page {
    case .home:
      return framed.union(["sections-heading"]).union(anchors(of: homeText(language)))
    case .section(let slug):
      guard let section = index.position(ofSection: slug).map({ site.sections[$0] }) else { return framed }
      let body = text(of: section, language).map(documents.headings) ?? []
      // The table of contents lists the headings down to the third level.
      let toc: Set<String> = body.contains { $0.level <= 3 } ? ["toc-heading"] : []
      return framed.union(["targets-heading"]).union(toc).union(body.map(\.anchor)).union(rows(section.targets))
    case .departments:
      return framed
    case .department(let id):
      let owned = index.targetsOwned(by: id)
      return framed.union(["leads-heading", "involved-heading", "targets-heading"]).union(site.isLargePlan ? [] : rows(owned))
    case .dashboard:
      var ids = framed.union(["totals-heading", "by-department-heading"])
      if site.isLargePlan { return ids.union(["by-section-heading"]) }
      for section in site.sections where !section.targets.isEmpty {
        ids.insert("dashboard-" + section.slug)
        ids.formUnion(rows(section.targets))
      }
      return ids
    case .brief(let id):
      var ids: Set<String> = ["brief-toc-heading", "targets", "targets-title"]
      for position in index.sectionsLed(by: id) {
        let section = site.sections[position]
        let part = "section-" + section.slug
        ids.formUnion([part, part + "-title"])
        // The part shows the section's text, its headings' anchors prefixed with its slug.
        ids.formUnion(anchors(of: text(of: section, language)).map { section.slug + "-" + $0 })
      }
      // A section that marks a part as naming the department, shown in this language with it.
      let mentioned = site.sections.contains { section in
        guard section.lead != id, section.bodies.values.contains(where: { $0.marks.contains { $0.department == id } }),
          let shown = text(of: section, language)
        else { return false }
        return !documents.document(of: shown).markedParts(for: id).isEmpty
      }
      if mentioned { ids.formUnion(["mentions", "mentions-title"]) }
      return ids.union(rows(index.targetsOwned(by: id)))
    }
  }

  /// The file a section's page shows in a language: its own, or the default language's.
  func text(of section: Section, _ language: String) -> MarkdownSource? {
    section.bodies[language] ?? section.bodies[site.config.defaultLanguage]
  }

  /// The home page's text in a language: its own, or the default language's.
  func homeText(_ language: String) -> MarkdownSource? {
    site.homePages[language] ?? site.homePages[site.config.defaultLanguage]
  }

  private func anchors(of body: MarkdownSource?) -> [String] {
    body.map { documents.headings(of: $0).map(\.anchor) } ?? []
  }

  /// The ids of a table's rows of targets.
  private func rows(_ targets: [Target]) -> Set<String> {
    Set(targets.map { "target-" + $0.id })
  }
}
