/// What produced a rendered page: the template that renders it and the Markdown body it shows, so
/// that a finding about the page (a broken link) can be reported where it was written.
public struct PageOrigin: Sendable {
  /// The page's kind, as its template in `Templates/` writes it (`section`): the links it writes
  /// are the same on every page of the kind, so a broken one is reported once for all of them.
  public var template: String?
  /// The Markdown body the page shows, which for an untranslated page is the default language's.
  public var markdown: MarkdownSource?
  /// The page repeats the text of other pages (a brief), so a broken link in it is theirs.
  public var repeatsContent = false
  /// Where the parsed body is, to find where a link was written.
  var documents: MarkdownDocuments? = nil

  /// The links of the Markdown body the page shows.
  var markdownLinks: [MarkdownDocument.Link] {
    guard let markdown, let documents else { return [] }
    return documents.document(of: markdown).links
  }
}

extension SiteRenderer {
  /// The origin of every file `renderAll()` returns, by output path.
  public func pageOrigins() -> [String: PageOrigin] {
    var origins: [String: PageOrigin] = [:]
    for page in pages {
      for language in languages {
        var origin = PageOrigin(
          template: templateName(page), markdown: markdownSource(page, shownLanguage(page, language)), documents: documents)
        if case .brief = page { origin.repeatsContent = true }
        origins[page.path(language, paths)] = origin
      }
    }
    origins[SitePaths.notFound] = PageOrigin(template: "not-found", markdown: nil)
    origins[SitePaths.sitemap] = PageOrigin(template: nil, markdown: nil)
    return origins
  }

  private func templateName(_ page: PageRef) -> String {
    switch page {
    case .home: return "home"
    case .section: return "section"
    case .departments: return "departments"
    case .department: return "department"
    case .dashboard: return "dashboard"
    case .brief: return "brief"
    }
  }

  private func markdownSource(_ page: PageRef, _ language: String) -> MarkdownSource? {
    switch page {
    case .home: return plan.homePage(language)
    case .section(let slug): return plan.text(slug, language)
    // A brief shows the text of several sections; a broken link in them is also on each section's page.
    case .departments, .department, .dashboard, .brief: return nil
    }
  }
}
