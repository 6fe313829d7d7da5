/// A unit of rendering work: what a build renders, caches and writes as one piece.
///
/// A page is one job in all its languages, so that a section's Markdown and its neighbours are
/// looked up once; the 404 page and the sitemap are jobs of their own. A brief is a job per
/// language: a department's brief in a big plan is the biggest page there is, and an edit in one
/// language renders only that language's again.
enum RenderJob: Hashable, Sendable {
  case page(PageRef)
  case brief(department: String, language: String)
  case notFound
  /// `data/targets.json` or `data/targets.csv`: each is a job, so the two are written at once.
  case openData(OpenData.Format)
  case sitemap

  /// A name for the job that is stable across builds: the build cache is keyed by it.
  var name: String {
    switch self {
    case .page(.home): return "home"
    case .page(.section(let slug)): return "section/\(slug)"
    case .page(.departments): return "departments"
    case .page(.department(let id)): return "department/\(id)"
    case .page(.dashboard): return "dashboard"
    case .page(.brief(let id)): return "brief/\(id)"
    case .brief(let id, let language): return "brief/\(id)/\(language)"
    case .notFound: return "404"
    case .openData(.json): return "data/json"
    case .openData(.csv): return "data/csv"
    case .sitemap: return "sitemap"
    }
  }
}

extension SiteRenderer {
  /// Whether the plan has more sections than `Site.largePlanSections`.
  var isLargePlan: Bool {
    plan.isLargePlan
  }
}
