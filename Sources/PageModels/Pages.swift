/// What each page shows, every text already in the page's language and every address relative to
/// the page: the values `Render/` builds and `Templates/` writes as HTML.

/// A link whose text and address are plain text.
public struct PageLink: Sendable {
  public var text: String
  public var url: String

  public init(text: String, url: String) {
    self.text = text
    self.url = url
  }
}

/// The files of the templates' `assets/` that the templates link pages to, as output paths: a
/// templates folder without one of them is refused before anything is rendered.
public enum LinkedAssets {
  public static let siteStylesheet = "assets/site.css"
  public static let printStylesheet = "assets/print.css"
  public static let searchScript = "assets/search.js"
  public static let all = [siteStylesheet, printStylesheet, searchScript]
}

/// What every page's frame shows: the head's links, the languages, the navigation, the footer.
public struct Layout: Sendable {
  public struct Alternate: Sendable {
    public var hreflang: String
    public var href: String
    public init(hreflang: String, href: String) {
      self.hreflang = hreflang
      self.href = href
    }
  }

  public struct Language: Sendable {
    public var code: String
    public var name: String
    /// Nil for the page's own language, which the switcher shows without a link.
    public var url: String?
    public init(code: String, name: String, url: String?) {
      self.code = code
      self.name = name
      self.url = url
    }
  }

  public struct NavItem: Sendable {
    public var link: PageLink
    public var isCurrent: Bool
    public init(link: PageLink, isCurrent: Bool) {
      self.link = link
      self.isCurrent = isCurrent
    }
  }

  public var lang: String
  public var pageTitle: String
  public var siteTitle: String
  public var noindex: Bool
  public var canonical: String
  public var alternates: [Alternate]
  /// From the page to the site's root: `../../`.
  public var root: String
  public var homeURL: String
  public var isHome: Bool
  public var languages: [Language]
  public var sections: [NavItem]
  /// The home page's list of parts, when the plan has more parts than the navigation shows.
  public var contentsURL: String?
  public var dashboardURL: String
  public var isDashboard: Bool
  public var departmentsURL: String
  /// A page in another language than the plan's own: its text is an unofficial translation.
  public var isTranslation: Bool
  /// The plan's document number, when it has one.
  public var noticeNumber: String?

  public init(
    lang: String, pageTitle: String, siteTitle: String, noindex: Bool, canonical: String, alternates: [Alternate], root: String,
    homeURL: String, isHome: Bool, languages: [Language], sections: [NavItem], contentsURL: String?, dashboardURL: String,
    isDashboard: Bool, departmentsURL: String, isTranslation: Bool, noticeNumber: String?
  ) {
    self.lang = lang
    self.pageTitle = pageTitle
    self.siteTitle = siteTitle
    self.noindex = noindex
    self.canonical = canonical
    self.alternates = alternates
    self.root = root
    self.homeURL = homeURL
    self.isHome = isHome
    self.languages = languages
    self.sections = sections
    self.contentsURL = contentsURL
    self.dashboardURL = dashboardURL
    self.isDashboard = isDashboard
    self.departmentsURL = departmentsURL
    self.isTranslation = isTranslation
    self.noticeNumber = noticeNumber
  }
}

/// An entry of a page's table of contents: a heading of its text.
public struct TOCEntry: Sendable {
  public var anchor: String
  public var text: String
  /// A heading below the second level, shown indented.
  public var isSub: Bool
  public init(anchor: String, text: String, isSub: Bool) {
    self.anchor = anchor
    self.text = text
    self.isSub = isSub
  }
}

/// The text of a page from Markdown: cmark's HTML, in the language it is written in.
public struct PageText: Sendable {
  public var html: HTML
  public var lang: String
  /// Shown in the default language because the page's language has no translation.
  public var isUntranslated: Bool
  public init(html: HTML, lang: String, isUntranslated: Bool) {
    self.html = html
    self.lang = lang
    self.isUntranslated = isUntranslated
  }
}

/// A piece of a sentence of the interface: its own words, or a value filled into it (an amount
/// with its unit, a date), which a page keeps whole on one line.
public struct TextPart: Sendable, Equatable {
  public var text: String
  public var isValue: Bool
  public init(_ text: String, isValue: Bool) {
    self.text = text
    self.isValue = isValue
  }
}

/// A target's status as a page shows it.
public struct StatusLabel: Sendable {
  /// The status's name in CSS classes: `on-track`.
  public var key: String
  public var symbol: String
  public var text: String
  public init(key: String, symbol: String, text: String) {
    self.key = key
    self.symbol = symbol
    self.text = text
  }
}

/// One row of a table of targets: what it asks, where it stands, as of when, from which source.
public struct TargetRow: Sendable {
  /// The language of a text shown in another language than its page's (a source not translated).
  public struct LanguageMark: Sendable {
    /// For `lang=`.
    public var lang: String
    /// Saying which language it is: "(in Chinese)".
    public var words: String
    public init(lang: String, words: String) {
      self.lang = lang
      self.words = words
    }
  }

  public struct Source: Sendable {
    public var name: String
    /// Only an http(s) address becomes a link.
    public var url: String?
    /// Where the name is not in the page's language.
    public var language: LanguageMark?
    public init(name: String, url: String?, language: LanguageMark? = nil) {
      self.name = name
      self.url = url
      self.language = language
    }
  }

  public struct Baseline: Sendable {
    public var text: [TextPart]
    public var source: Source
    public init(text: [TextPart], source: Source) {
      self.text = text
      self.source = source
    }
  }

  public struct Latest: Sendable {
    public var value: String
    public var period: String
    public var asOf: String
    public var asOfISO: String
    public var isStale: Bool
    public var source: Source
    public var note: String?
    /// Where the note is not in the page's language.
    public var noteLanguage: LanguageMark?
    public init(
      value: String, period: String, asOf: String, asOfISO: String, isStale: Bool, source: Source, note: String?,
      noteLanguage: LanguageMark? = nil
    ) {
      self.value = value
      self.period = period
      self.asOf = asOf
      self.asOfISO = asOfISO
      self.isStale = isStale
      self.source = source
      self.note = note
      self.noteLanguage = noteLanguage
    }
  }

  public var id: String
  public var label: String
  public var requirement: [TextPart]
  public var baseline: Baseline?
  public var latest: Latest?
  public var status: StatusLabel
  public var isOvershoot: Bool
  /// The bar of progress towards the target (an SVG) and its value in words.
  public var progress: (svg: HTML, text: String)?
  public var series: HTML?
  public var owner: PageLink?
  public var section: PageLink?
  public var due: String
  public var dueISO: String

  public init(
    id: String, label: String, requirement: [TextPart], baseline: Baseline?, latest: Latest?, status: StatusLabel, isOvershoot: Bool,
    progress: (svg: HTML, text: String)?, series: HTML?, owner: PageLink?, section: PageLink?, due: String, dueISO: String
  ) {
    self.id = id
    self.label = label
    self.requirement = requirement
    self.baseline = baseline
    self.latest = latest
    self.status = status
    self.isOvershoot = isOvershoot
    self.progress = progress
    self.series = series
    self.owner = owner
    self.section = section
    self.due = due
    self.dueISO = dueISO
  }
}

/// A table of targets, with the columns its page wants.
public struct TargetsTable: Sendable {
  public var rows: [TargetRow]
  /// How many of the rows have each status, in the order of the statuses; none that no row has.
  public var statusTotals: [(status: StatusLabel, count: Int)]
  /// The responsible unit's column: not in a brief, whose targets are all its department's.
  public var showsOwner: Bool
  /// The part's column: on pages that list the targets of several parts.
  public var showsSection: Bool
  public init(rows: [TargetRow], statusTotals: [(status: StatusLabel, count: Int)], showsOwner: Bool, showsSection: Bool) {
    self.rows = rows
    self.statusTotals = statusTotals
    self.showsOwner = showsOwner
    self.showsSection = showsSection
  }
}

/// How many targets have each status, in rows (a department, a part) and a column a status.
public struct StatusCountsTable: Sendable {
  public struct Row: Sendable {
    public var link: PageLink
    /// In the order of `statuses`.
    public var counts: [Int]
    public var total: Int
    public init(link: PageLink, counts: [Int], total: Int) {
      self.link = link
      self.counts = counts
      self.total = total
    }
  }

  /// What the rows are: "Responsible unit", "Part".
  public var label: String
  public var statuses: [StatusLabel]
  public var rows: [Row]
  public init(label: String, statuses: [StatusLabel], rows: [Row]) {
    self.label = label
    self.statuses = statuses
    self.rows = rows
  }
}

/// The links to a department's printable brief.
public struct BriefLinks: Sendable {
  public var html: String
  /// When the build prints PDFs.
  public var pdf: String?
  public init(html: String, pdf: String?) {
    self.html = html
    self.pdf = pdf
  }
}

/// The notice that issued the plan, as its cover and home page show it.
public struct NoticeSummary: Sendable {
  public var number: String?
  public var title: String
  public var issuer: String
  public var date: String
  /// The original's address, when it is on the web.
  public var source: String?
  public init(number: String?, title: String, issuer: String, date: String, source: String?) {
    self.number = number
    self.title = title
    self.issuer = issuer
    self.date = date
    self.source = source
  }
}

// MARK: Pages

public struct HomePage: Sendable {
  public struct SectionEntry: Sendable {
    public var link: PageLink
    public var leadName: String?
    public init(link: PageLink, leadName: String?) {
      self.link = link
      self.leadName = leadName
    }
  }

  public var layout: Layout
  public var notice: NoticeSummary
  public var text: PageText
  public var sections: [SectionEntry]
  public init(layout: Layout, notice: NoticeSummary, text: PageText, sections: [SectionEntry]) {
    self.layout = layout
    self.notice = notice
    self.text = text
    self.sections = sections
  }
}

/// One part of the plan: its text, its table of contents and its targets.
public struct SectionPage: Sendable {
  public var layout: Layout
  public var partLabel: String
  public var titleLang: String
  public var lead: PageLink?
  public var departments: [PageLink]
  public var toc: [TOCEntry]
  public var text: PageText
  public var targets: TargetsTable
  public var previous: PageLink?
  public var next: PageLink?
  public init(
    layout: Layout, partLabel: String, titleLang: String, lead: PageLink?, departments: [PageLink], toc: [TOCEntry], text: PageText,
    targets: TargetsTable, previous: PageLink?, next: PageLink?
  ) {
    self.layout = layout
    self.partLabel = partLabel
    self.titleLang = titleLang
    self.lead = lead
    self.departments = departments
    self.toc = toc
    self.text = text
    self.targets = targets
    self.previous = previous
    self.next = next
  }
}

public struct DepartmentsPage: Sendable {
  public struct Entry: Sendable {
    public var link: PageLink
    public var brief: BriefLinks
    public var leads: [PageLink]
    public init(link: PageLink, brief: BriefLinks, leads: [PageLink]) {
      self.link = link
      self.brief = brief
      self.leads = leads
    }
  }

  public var layout: Layout
  public var departments: [Entry]
  public init(layout: Layout, departments: [Entry]) {
    self.layout = layout
    self.departments = departments
  }
}

/// A large plan's targets counted by part instead of listed (see `Site.largePlanSections`).
public struct TargetSummary: Sendable {
  public var note: String
  public var bySection: StatusCountsTable
  public init(note: String, bySection: StatusCountsTable) {
    self.note = note
    self.bySection = bySection
  }
}

public struct DepartmentPage: Sendable {
  /// The department's targets: none, listed, or counted by part.
  public enum Targets: Sendable {
    case none
    case listed(TargetsTable)
    case summarized(TargetSummary)
  }

  public var layout: Layout
  public var brief: BriefLinks
  public var leads: [PageLink]
  public var involved: [PageLink]
  public var targets: Targets
  public init(layout: Layout, brief: BriefLinks, leads: [PageLink], involved: [PageLink], targets: Targets) {
    self.layout = layout
    self.brief = brief
    self.leads = leads
    self.involved = involved
    self.targets = targets
  }
}

public struct DashboardPage: Sendable {
  public struct SectionTargets: Sendable {
    public var slug: String
    public var link: PageLink
    public var targets: TargetsTable
    public init(slug: String, link: PageLink, targets: TargetsTable) {
      self.slug = slug
      self.link = link
      self.targets = targets
    }
  }

  public var layout: Layout
  public var totals: [(status: StatusLabel, count: Int)]
  public var targetCount: Int
  /// The sentence that says how recent the newest figure is.
  public var newestFigure: String?
  public var dataJSON: String
  public var dataCSV: String
  public var byDepartment: StatusCountsTable
  /// A large plan's targets by part; otherwise each part's targets are listed in `sections`.
  public var summary: TargetSummary?
  public var sections: [SectionTargets]
  public init(
    layout: Layout, totals: [(status: StatusLabel, count: Int)], targetCount: Int, newestFigure: String?, dataJSON: String, dataCSV: String,
    byDepartment: StatusCountsTable, summary: TargetSummary?, sections: [SectionTargets]
  ) {
    self.layout = layout
    self.totals = totals
    self.targetCount = targetCount
    self.newestFigure = newestFigure
    self.dataJSON = dataJSON
    self.dataCSV = dataCSV
    self.byDepartment = byDepartment
    self.summary = summary
    self.sections = sections
  }
}

/// A department's printable brief: cover, contents, the parts it leads, the parts of others that
/// name it, and its table of targets.
public struct BriefPage: Sendable {
  public struct Part: Sendable {
    public var anchor: String
    public var partLabel: String
    public var title: String
    public var text: PageText
    public init(anchor: String, partLabel: String, title: String, text: PageText) {
      self.anchor = anchor
      self.partLabel = partLabel
      self.title = title
      self.text = text
    }
  }

  public struct Mention: Sendable {
    public var title: String
    public var text: PageText
    public init(title: String, text: PageText) {
      self.title = title
      self.text = text
    }
  }

  public var layout: Layout
  /// The `@page` rules: running header and page numbers, as CSS made safe inside `<style>`.
  public var pageCSS: HTML
  public var department: PageLink
  public var brief: BriefLinks
  public var notice: NoticeSummary
  public var figuresAsOf: String?
  public var statusTotals: [(status: StatusLabel, count: Int)]
  public var hasTargets: Bool
  public var parts: [Part]
  public var mentions: [Mention]
  /// The table of targets, rendered apart so that a rebuild can keep it.
  public var targetsTable: HTML
  public init(
    layout: Layout, pageCSS: HTML, department: PageLink, brief: BriefLinks, notice: NoticeSummary, figuresAsOf: String?,
    statusTotals: [(status: StatusLabel, count: Int)], hasTargets: Bool, parts: [Part], mentions: [Mention], targetsTable: HTML
  ) {
    self.layout = layout
    self.pageCSS = pageCSS
    self.department = department
    self.brief = brief
    self.notice = notice
    self.figuresAsOf = figuresAsOf
    self.statusTotals = statusTotals
    self.hasTargets = hasTargets
    self.parts = parts
    self.mentions = mentions
    self.targetsTable = targetsTable
  }
}

/// The one 404 page, in every language.
public struct NotFoundPage: Sendable {
  public struct Language: Sendable {
    public var code: String
    public var texts: InterfaceTexts
    public var homeURL: String
    public var siteTitle: String
    public var isDefault: Bool
    public init(code: String, texts: InterfaceTexts, homeURL: String, siteTitle: String, isDefault: Bool) {
      self.code = code
      self.texts = texts
      self.homeURL = homeURL
      self.siteTitle = siteTitle
      self.isDefault = isDefault
    }
  }

  public var lang: String
  public var siteTitle: String
  public var root: String
  public var languages: [Language]
  public init(lang: String, siteTitle: String, root: String, languages: [Language]) {
    self.lang = lang
    self.siteTitle = siteTitle
    self.root = root
    self.languages = languages
  }
}
