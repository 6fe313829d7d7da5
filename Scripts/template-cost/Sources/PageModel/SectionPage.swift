/// A link whose text and address are plain text.
package struct PageLink: Sendable {
  package var text: String
  package var url: String
}

/// What every page's layout shows: links in the head, languages, the site's navigation, the footer.
package struct Layout: Sendable {
  package struct Alternate: Sendable {
    package var hreflang: String
    package var href: String
  }

  package struct Language: Sendable {
    package var code: String
    package var name: String
    /// Nil for the page's own language, which the switcher shows without a link.
    package var url: String?
  }

  package struct NavItem: Sendable {
    package var link: PageLink
    package var isCurrent: Bool
  }

  package var lang: String
  package var pageTitle: String
  package var siteTitle: String
  package var noindex: Bool
  package var canonical: String
  package var alternates: [Alternate]
  package var root: String
  package var homeURL: String
  package var isHome: Bool
  package var languages: [Language]
  package var sections: [NavItem]
  /// The page listing all parts, when there are more parts than the navigation shows.
  package var contentsURL: String?
  package var dashboardURL: String
  package var isDashboard: Bool
  package var departmentsURL: String
  package var isTranslation: Bool
  package var noticeNumber: String
}

/// One part of the plan: its text, its table of contents and its targets.
package struct SectionPage: Sendable {
  package struct TOCEntry: Sendable {
    package var anchor: String
    package var text: String
    package var isSub: Bool
  }

  package var layout: Layout
  package var partLabel: String
  package var titleLang: String
  package var lead: PageLink?
  package var departments: [PageLink]
  package var isUntranslated: Bool
  package var toc: [TOCEntry]
  package var contentLang: String
  package var content: HTML
  package var targets: [TargetRow]
  package var previous: PageLink?
  package var next: PageLink?
}

/// One row of a table of targets, every text already formatted in the page's language.
package struct TargetRow: Sendable {
  package struct Source: Sendable {
    package var name: String
    package var url: String?
  }

  package struct Baseline: Sendable {
    package var text: String
    package var source: Source
  }

  package struct Latest: Sendable {
    package var value: String
    package var period: String
    package var asOf: String
    package var asOfISO: String
    package var isStale: Bool
    package var source: Source
    package var note: String?
  }

  package struct Status: Sendable {
    package var key: String
    package var symbol: String
    package var text: String
  }

  package var id: String
  package var label: String
  package var requirement: String
  package var baseline: Baseline?
  package var latest: Latest?
  package var status: Status
  package var isOvershoot: Bool
  package var progressSVG: HTML?
  package var progressText: String
  package var seriesSVG: HTML?
  package var owner: PageLink?
  package var due: String
  package var dueISO: String
}

/// The interface texts the section page uses (`Templates/i18n/<lang>.yaml`), as properties.
package struct Texts: Sendable {
  package struct Nav: Sendable {
    package var skip, language, sections, home, allSections, dashboard, departments, pager: String
  }

  package struct Notice: Sendable {
    package var unofficial, untranslated: String
  }

  package struct Section: Sendable {
    package var lead, also: String
  }

  package struct Targets: Sendable {
    package var heading, none, label, requirement, latest, status, owner, due: String
    package var source, asOf, stale, noData, overshoot: String
  }

  package var nav: Nav
  package var notice: Notice
  package var section: Section
  package var toc: String
  package var targets: Targets
}
