import Foundation

/// Everything a build publishes, read and checked: the input of the render stage.
public struct Site: Sendable {
  public var config: SiteConfig
  public var departments: [Department]
  /// The ids, in lower case, of `departments.yaml`'s entries that could not be read: a reference
  /// to one of them follows from that error and is not reported again. Nil when the file, or an
  /// entry without a readable id, failed: then any unknown name may be the one that failed.
  public var rejectedDepartmentIDs: Set<String>? = []
  /// The ids, in lower case, of targets that could not be read (see `Section.rejectedTargetIDs`);
  /// nil when one without a readable id, or a whole section's source file, failed.
  public var rejectedTargetIDs: Set<String>? = []
  public var homePages: [String: MarkdownSource]
  public var sections: [Section]
  /// Every reported figure, in file and row order.
  public var observations: [Observation] = []

  /// Every target of every section, in section order.
  public var targets: [Target] { sections.flatMap(\.targets) }
}

/// `site.yaml`: the site as a whole.
public struct SiteConfig: Sendable {
  public var title: LocalizedText
  /// In order; the first is the default language, served at the root and the source of truth.
  public var languages: [String]
  /// Ends with `/`.
  public var baseURL: String
  public var notice: Notice
  /// What the plan calls itself in each language (`wording`).
  public var wording = PlanWording()
  public var metrics = MetricsSettings()
  /// Where `site.yaml` names the default language, for what is said of it.
  public var defaultLanguageLocation = SourceLocation(path: "site.yaml")

  public var defaultLanguage: String { languages[0] }

  /// The path part of the base URL (`/` or `/plan/`), for pages such as 404 that are served at any depth.
  public var basePath: String {
    guard let scheme = baseURL.range(of: "://"),
      let slash = baseURL[scheme.upperBound...].firstIndex(of: "/")
    else { return "/" }
    return String(baseURL[slash...])
  }
}

extension SiteConfig {
  /// The last day of the plan's year: when a target without a date of its own is due.
  var planEnd: PlanDate? { PlanDate(year: notice.date.year, month: 12, day: 31) }
}

/// The plan's own words, which differ from plan to plan: `wording` in `site.yaml`, each
/// optional, the wording of the first plan PlanPress published (a "Key Points" plan) by default.
public struct PlanWording: Sendable {
  /// The heading of the home page's list of parts.
  public var parts = LocalizedText(["zh": "工作要点", "en": "Key points"])
  /// The name of the navigation that lists the parts, as screen readers announce it.
  public var partsNavigation = LocalizedText(["zh": "工作要点各部分", "en": "Parts of the plan"])
  /// A department's brief: its title, with `{department}` where the department's name goes.
  public var brief = LocalizedText(["zh": "{department}工作要点简报", "en": "{department}: brief"])

  /// The keys of `wording` in `site.yaml`, with the text each sets.
  static var keys: [(key: String, path: WritableKeyPath<PlanWording, LocalizedText>)] {
    [("parts", \.parts), ("parts-navigation", \.partsNavigation), ("brief", \.brief)]
  }

  public init() {}

  /// A brief's title for a department's name.
  public func briefTitle(_ department: String, _ language: String) -> String {
    (brief[language] ?? "").replacingOccurrences(of: "{department}", with: department)
  }
}

/// The issuing notice of the plan: its number, title, issuer and date.
public struct Notice: Sendable {
  /// The document number (湘民发〔2015〕1号), when the plan has one.
  public var number: String?
  public var title: LocalizedText
  public var issuer: LocalizedText
  public var date: PlanDate
  public var source: String?
}

/// A unit that carries out part of the plan.
public struct Department: Sendable, Hashable {
  public var id: String
  public var name: LocalizedText
  public var location: SourceLocation
  /// Where its names are, so that a missing language is reported there.
  public var nameLocation: SourceLocation? = nil
}

/// A Markdown body and where it starts in its file.
public struct MarkdownSource: Sendable, Equatable {
  public var file: SourceFile
  public var title: String?
  public var bodyFirstLine: Int
  /// Where the body starts in the file's text, in UTF-8 bytes: the body is read from the text
  /// when asked for rather than kept twice (a big plan's bodies are a hundred megabytes).
  let bodyOffset: Int

  /// A body that is not the end of its file's text (made by hand, in a test) is kept as it is.
  private let bodyOfItsOwn: String?

  /// The body's `[](dept:ID)` marks, set by the parse stage from its document and kept with a
  /// section the cache holds, so that a rebuild knows every section's marks without parsing it.
  public internal(set) var marks: [DepartmentMarkPlace] = []

  /// `body` is normally the end of the file's text, after its front matter.
  public init(file: SourceFile, title: String?, body: String, bodyFirstLine: Int) {
    self.file = file
    self.title = title
    self.bodyFirstLine = bodyFirstLine
    let offset = file.text.utf8.count - body.utf8.count
    if offset >= 0, Self.bytes(of: file.text, from: offset, equal: body) {
      bodyOffset = offset
      bodyOfItsOwn = nil
    } else {
      bodyOffset = file.text.utf8.count
      bodyOfItsOwn = body
    }
  }

  /// A body known to be the end of its file's text from `bodyOffset` on (see `SectionArchive`).
  init(file: SourceFile, title: String?, bodyFirstLine: Int, bodyOffset: Int) {
    self.file = file
    self.title = title
    self.bodyFirstLine = bodyFirstLine
    self.bodyOffset = bodyOffset
    bodyOfItsOwn = nil
  }

  /// Whether the body is the end of its file's text, as it is for every file read from disk.
  var isEndOfItsFile: Bool { bodyOfItsOwn == nil }

  /// The Markdown after the front matter.
  public var body: String {
    bodyOfItsOwn ?? String(Substring(file.text.utf8.dropFirst(bodyOffset)))
  }

  /// The line of the file that is line `bodyLine` of the body (both counted from 1).
  func fileLine(_ bodyLine: Int) -> Int {
    bodyFirstLine + bodyLine - 1
  }

  /// Whether `text`'s bytes from `offset` on are `end`'s, compared as memory: every body is checked.
  private static func bytes(of text: String, from offset: Int, equal end: String) -> Bool {
    var text = text
    var end = end
    return text.withUTF8 { whole in
      end.withUTF8 { tail in
        guard whole.count - offset == tail.count else { return false }
        guard let wholeBase = whole.baseAddress, let tailBase = tail.baseAddress else { return tail.isEmpty }
        return memcmp(wholeBase + offset, tailBase, tail.count) == 0
      }
    }
  }
}

/// Where a body marks a part as naming a department: its line in the file and its column.
public struct DepartmentMarkPlace: Sendable, Hashable {
  public let department: String
  public let line: Int
  public let column: Int
}

/// One numbered part of the plan, in every language it exists in.
public struct Section: Sendable, Equatable {
  /// The `slug` of `NN-slug.zh.md`: the section's id and URL.
  public var slug: String
  /// The `NN` of the file name, which orders sections.
  public var order: Int
  public var title: LocalizedText
  public var lead: String
  public var departments: [String]
  public var targets: [Target]
  /// The body per language; a language without one shows the default language's body.
  public var bodies: [String: MarkdownSource]
  /// Per translated language, the hash of the default-language file it says it translates.
  public var translatedFrom: [String: String]
  /// Where the section is defined: the default-language file's front matter.
  public var location: SourceLocation
  /// Where the front matter names the lead department, so a wrong id is reported at its line.
  public var leadLocation: SourceLocation? = nil
  /// Where the front matter names each id of `departments`.
  public var departmentLocations: [String: SourceLocation] = [:]
  /// Per translated language, where its file records `translates:`, so a stale translation is
  /// reported at that line.
  public var translatedFromLocations: [String: SourceLocation] = [:]
  /// The ids, in lower case, of the source file's targets that could not be read: a translation
  /// or a figure that names one follows from that error and is not reported again. Nil when a
  /// target without a readable id failed.
  public var rejectedTargetIDs: Set<String>? = []
}

extension Site {
  /// A plan of more sections than this is large. Up to it, every page's navigation lists every
  /// section, as the real plan's eleven parts are, and the dashboard and each department page list
  /// every target. Past it, the navigation links to the list on the home page, and those pages
  /// count targets by section, each section's page listing its own: a plan of thousands of
  /// sections would otherwise repeat all of them on each of its pages, and all of its targets on
  /// a dashboard of tens of megabytes, which no reader can use and which makes a build grow with
  /// the square of the plan.
  static let largePlanSections = 40

  /// Whether the plan has more sections than `largePlanSections`.
  var isLargePlan: Bool {
    sections.count > Self.largePlanSections
  }
}
