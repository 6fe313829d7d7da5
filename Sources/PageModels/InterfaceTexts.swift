/// The interface texts that templates show (`Templates/i18n/<lang>.yaml`), as properties: a
/// misspelt one does not compile. Each is read by its key in the YAML, written once, here.
/// `plan` holds the plan's own words, which come from its `site.yaml`, not from the templates.
public struct InterfaceTexts: Sendable {
  /// What the plan calls itself: the heading of its list of parts and that list's navigation.
  public struct Plan: Sendable {
    public let parts, partsNavigation: String
    public init(parts: String, partsNavigation: String) {
      self.parts = parts
      self.partsNavigation = partsNavigation
    }
  }

  public struct Nav: Sendable {
    public let skip, language, site, home, allSections, dashboard, departments, pager: String
  }

  public struct Notice: Sendable {
    public let unofficial, untranslated: String
  }

  public struct Search: Sendable {
    public let label, button, none: String
  }

  public struct Home: Sendable {
    public let original: String
  }

  public struct Section: Sendable {
    public let lead, also: String
  }

  public struct Targets: Sendable {
    public let heading, none, label, requirement, latest, status, owner, section, due: String
    public let source, asOf, stale, noData, overshoot: String
  }

  public struct Department: Sendable {
    public let leads, leadsShort, involved, targets, none: String
  }

  public struct Chart: Sendable {
    public let legendBar, legendElapsed: String
  }

  public struct NotFound: Sendable {
    public let title, text: String
  }

  public struct Dashboard: Sendable {
    public let intro, totals, all, byDepartment, total, bySection: String
  }

  public struct Brief: Sendable {
    public let tools, number, issued, figuresAsOf, noFigures, contents, mentions, targets, print: String
  }

  public let plan: Plan
  public let nav: Nav
  public let notice: Notice
  public let search: Search
  public let toc: String
  public let home: Home
  public let section: Section
  public let targets: Targets
  public let department: Department
  public let chart: Chart
  public let notFound: NotFound
  public let dashboard: Dashboard
  public let brief: Brief

  /// The texts of one language, each looked up by its dotted key (`nav.all_sections`), and the plan's words.
  public init(_ text: (String) -> String, plan: Plan = Plan(parts: "", partsNavigation: "")) {
    self.plan = plan
    nav = Nav(
      skip: text("nav.skip"), language: text("nav.language"), site: text("nav.site"), home: text("nav.home"),
      allSections: text("nav.all_sections"), dashboard: text("nav.dashboard"), departments: text("nav.departments"),
      pager: text("nav.pager"))
    notice = Notice(unofficial: text("notice.unofficial"), untranslated: text("notice.untranslated"))
    search = Search(label: text("search.label"), button: text("search.button"), none: text("search.none"))
    toc = text("toc")
    home = Home(original: text("home.original"))
    section = Section(lead: text("section.lead"), also: text("section.also"))
    targets = Targets(
      heading: text("targets.heading"), none: text("targets.none"), label: text("targets.label"),
      requirement: text("targets.requirement"), latest: text("targets.latest"), status: text("targets.status"),
      owner: text("targets.owner"), section: text("targets.section"), due: text("targets.due"), source: text("targets.source"),
      asOf: text("targets.as_of"), stale: text("targets.stale"), noData: text("targets.no_data"), overshoot: text("targets.overshoot"))
    department = Department(
      leads: text("department.leads"), leadsShort: text("department.leads_short"), involved: text("department.involved"),
      targets: text("department.targets"), none: text("department.none"))
    chart = Chart(legendBar: text("chart.legend_bar"), legendElapsed: text("chart.legend_elapsed"))
    notFound = NotFound(title: text("not_found.title"), text: text("not_found.text"))
    dashboard = Dashboard(
      intro: text("dashboard.intro"), totals: text("dashboard.totals"), all: text("dashboard.all"),
      byDepartment: text("dashboard.by_department"), total: text("dashboard.total"), bySection: text("dashboard.by_section"))
    brief = Brief(
      tools: text("brief.tools"), number: text("brief.number"), issued: text("brief.issued"), figuresAsOf: text("brief.figures_as_of"),
      noFigures: text("brief.no_figures"), contents: text("brief.contents"), mentions: text("brief.mentions"),
      targets: text("brief.targets"), print: text("brief.print"))
  }

  /// Every key the templates read, for the check that each language has them all.
  public static let keys: [String] = {
    var keys: [String] = []
    _ = InterfaceTexts { key in
      keys.append(key)
      return ""
    }
    return keys
  }()
}
