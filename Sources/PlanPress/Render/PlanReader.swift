import Foundation

/// One thing a render job read of the plan, besides what every job reads (`RenderInputs.global`).
/// Pages read the plan only through a `PlanReader`, which records each read; a job's key is made
/// of its reads and the value each has (`PlanReadValues`), so that whatever a page comes to show
/// is in its key without anyone listing it.
enum PlanRead: Hashable, Sendable {
  /// A section's front matter in every language it is written in (`SectionFront`).
  case front(String)
  /// A section's file in a language, its whole text; or that it has none.
  case text(String, language: String)
  /// The summaries of the sections before and after one.
  case neighbours(String)
  /// Every section's front matter, in order.
  case fronts
  /// Every section's summary, in order.
  case summaries
  /// The sections a department leads, with their front matter.
  case led(String)
  /// The sections naming a department without it leading them, with their summaries.
  case involving(String)
  /// The targets a department owns, with the front matter of the sections they are in.
  case owned(String)
  /// The sections other than its own whose text marks a part as naming a department, with their
  /// front matter.
  case marking(String)
  /// The home page's file in a language, its whole text; or that it has none.
  case homePage(String)
  /// The languages the home page is written in.
  case homeLanguages
}

/// What a job read, recorded as it renders: from several threads at once when a brief makes its
/// parts on every core.
final class ReadLog: Sendable {
  private let recorded = Locked(Set<PlanRead>())

  func record(_ read: PlanRead) {
    recorded.withLock { _ = $0.insert(read) }
  }

  func record(contentsOf reads: some Sequence<PlanRead>) {
    recorded.withLock { $0.formUnion(reads) }
  }

  var reads: Set<PlanRead> { recorded.withLock { $0 } }
}

/// A section as a page that does not show its text sees it: its front matter, in every language.
/// It holds the section but lets out nothing of its files' bodies, which a page reads through
/// `PlanReader.text` and so records.
struct SectionFront: Sendable {
  fileprivate let section: Section

  var slug: String { section.slug }
  var order: Int { section.order }
  var title: LocalizedText { section.title }
  var lead: String { section.lead }
  var departments: [String] { section.departments }
  var targets: [Target] { section.targets }
  var summary: SectionSummary { SectionSummary(section: section) }

  /// Whether the section has a file in `language`.
  func isWritten(in language: String) -> Bool { section.bodies[language] != nil }
}

/// The targets a department owns, in section order, and the sections they are in, as links show
/// them: what `PlanRead.owned` covers.
struct OwnedTargets: Sendable {
  let targets: [Target]
  private let model: SiteModel
  private let sections: Set<String>

  fileprivate init(targets: [Target], model: SiteModel) {
    self.targets = targets
    self.model = model
    sections = Set(targets.map(\.section))
  }

  var isEmpty: Bool { targets.isEmpty }

  /// The section of one of the targets.
  func section(_ slug: String) -> SectionSummary? {
    guard sections.contains(slug), let position = model.index.position(ofSection: slug) else { return nil }
    return SectionSummary(section: model.site.sections[position])
  }
}

/// A section as a link to it shows it: its slug, order and title.
struct SectionSummary: Sendable {
  fileprivate let section: Section

  var slug: String { section.slug }
  var order: Int { section.order }
  var title: LocalizedText { section.title }
}

/// The plan as render jobs read it. Each read of a section, a home page or a list of sections is
/// recorded in the job's `ReadLog`; what every job reads (the site's settings, the departments,
/// the figures) is not, as `RenderInputs.global` holds it. A value handed out tells no more than
/// its read's value covers (`PlanReadValues.value(of:)`): this file is where that is kept true.
struct PlanReader: Sendable {
  fileprivate let model: SiteModel
  private let logs: [ReadLog]

  init(_ model: SiteModel) {
    self.init(model: model, logs: [])
  }

  private init(model: SiteModel, logs: [ReadLog]) {
    self.model = model
    self.logs = logs
  }

  /// The same plan, each read recorded in `log` too.
  func recording(into log: ReadLog) -> PlanReader {
    PlanReader(model: model, logs: logs + [log])
  }

  private func record(_ read: PlanRead) {
    for log in logs { log.record(read) }
  }

  /// Records reads made elsewhere: those of a part taken from the previous build.
  func record(contentsOf reads: [PlanRead]) {
    for log in logs { log.record(contentsOf: reads) }
  }

  // MARK: What every job reads

  var config: SiteConfig { model.site.config }
  var departments: [Department] { model.site.departments }
  var observations: [Observation] { model.site.observations }

  /// The department with this id.
  func department(_ id: String) -> Department? {
    model.index.position(ofDepartment: id).map { model.site.departments[$0] }
  }

  /// A target judged against its figures: made from the target, which the job read, and the
  /// figures and settings every job reads. Found by id, which the validator holds unique.
  func judged(_ target: Target) -> TargetProgress? {
    model.progress[target.id]
  }

  /// Whether the plan is large (`Site.largePlanSections`), which changes every page's frame.
  var isLargePlan: Bool {
    model.site.isLargePlan
  }

  // MARK: Recorded reads

  func front(_ slug: String) -> SectionFront? {
    record(.front(slug))
    return section(slug).map(SectionFront.init)
  }

  /// A section's file in a language, with its body.
  func text(_ slug: String, _ language: String) -> MarkdownSource? {
    record(.text(slug, language: language))
    return section(slug)?.bodies[language]
  }

  /// The sections before and after one, in the plan's order.
  func neighbours(of slug: String) -> (previous: SectionSummary?, next: SectionSummary?) {
    record(.neighbours(slug))
    let (previous, next) = neighbourPositions(of: slug)
    return (
      previous.map { SectionSummary(section: model.site.sections[$0]) }, next.map { SectionSummary(section: model.site.sections[$0]) }
    )
  }

  fileprivate func neighbourPositions(of slug: String) -> (previous: Int?, next: Int?) {
    guard let position = model.index.position(ofSection: slug) else { return (nil, nil) }
    return (position > 0 ? position - 1 : nil, position + 1 < model.site.sections.count ? position + 1 : nil)
  }

  /// Every section, in order.
  var fronts: [SectionFront] {
    record(.fronts)
    return model.site.sections.map(SectionFront.init)
  }

  /// Every section, in order, as links show them.
  var summaries: [SectionSummary] {
    record(.summaries)
    return model.site.sections.map(SectionSummary.init)
  }

  /// Every target judged, in section order: made from every section's front matter.
  var judgedInOrder: [TargetProgress] {
    record(.fronts)
    return model.progressInOrder
  }

  /// The sections a department leads, in order.
  func sectionsLed(by id: String) -> [SectionFront] {
    record(.led(id))
    return model.index.sectionsLed(by: id).map { SectionFront(section: model.site.sections[$0]) }
  }

  /// The sections that name a department without it leading them, in order.
  func sectionsInvolving(_ id: String) -> [SectionSummary] {
    record(.involving(id))
    return model.index.sectionsInvolving(id).map { SectionSummary(section: model.site.sections[$0]) }
  }

  /// The targets a department owns, in section order, with the sections they are in.
  func targetsOwned(by id: String) -> OwnedTargets {
    record(.owned(id))
    return OwnedTargets(targets: model.index.targetsOwned(by: id), model: model)
  }

  /// The sections other than its own whose text marks a part as naming a department, in order.
  func sectionsMarking(_ id: String) -> [SectionFront] {
    record(.marking(id))
    return markingPositions(id).map { SectionFront(section: model.site.sections[$0]) }
  }

  fileprivate func markingPositions(_ id: String) -> [Int] {
    model.departmentMarks.filter { $0.value.contains(id) && model.site.sections[$0.key].lead != id }.keys.sorted()
  }

  /// The home page's file in a language.
  func homePage(_ language: String) -> MarkdownSource? {
    record(.homePage(language))
    return model.site.homePages[language]
  }

  /// Whether the home page is written in a language.
  func hasHomePage(_ language: String) -> Bool {
    record(.homeLanguages)
    return model.site.homePages[language] != nil
  }

  private func section(_ slug: String) -> Section? {
    model.index.position(ofSection: slug).map { model.site.sections[$0] }
  }

  /// The value of every read, as this build's plan has them.
  func values() -> PlanReadValues {
    PlanReadValues(PlanReader(model))
  }
}

/// The value of each read a job can make, as this build's plan has it: a hash of what the read
/// hands out, taken from the files as the build read them (nothing is read from disk again). A
/// job whose reads all have the values they had in the build that rendered it would render the
/// same bytes again. A list of sections is valued from the positions the reader takes it from.
struct PlanReadValues: Sendable {
  private let plan: PlanReader
  /// By section position.
  private let sections: [SectionHashes]
  private let fronts: UInt64
  private let summaries: UInt64
  /// The hash of each section file's text before its body, by path, which `SourceRecords` keeps.
  let frontHashes: [String: UInt64]

  /// What is hashed of each section.
  private struct SectionHashes {
    /// Its slug, order and title.
    var summary: UInt64
    /// Its slug, order and each file up to its body, where titles, leads and targets live.
    var front: UInt64
  }

  fileprivate init(_ plan: PlanReader) {
    self.plan = plan
    // Hashing every section is the bulk of a no-change build's own work: spread over the cores.
    let hashes = plan.model.site.sections.concurrentMap { section -> (SectionHashes, fileFronts: [(String, UInt64)]) in
      let summary = StableHasher.hash { hasher in
        hasher.combine(section.slug)
        hasher.combine(section.order)
        for (language, title) in section.title.texts.sorted(by: { $0.key < $1.key }) {
          hasher.combine(language)
          hasher.combine(title)
        }
      }
      // Each file's front is recorded with the file (`SourceRecords`), which a rebuild then need not read.
      var fileFronts: [(String, UInt64)] = []
      let front = StableHasher.hash { hasher in
        hasher.combine(section.slug)
        hasher.combine(section.order)
        for (language, source) in section.bodies.sorted(by: { $0.key < $1.key }) {
          hasher.combine(language)
          let fileFront = source.file.recordedFrontHash ?? Self.frontHash(of: source)
          fileFronts.append((source.file.path, fileFront))
          hasher.combine(fileFront)
        }
      }
      return (SectionHashes(summary: summary, front: front), fileFronts)
    }
    sections = hashes.map(\.0)
    frontHashes = Dictionary(hashes.flatMap(\.fileFronts), uniquingKeysWith: { first, _ in first })
    fronts = StableHasher.hash { hasher in
      hasher.combine(hashes.count)
      for hash in hashes { hasher.combine(hash.0.front) }
    }
    summaries = StableHasher.hash { hasher in
      hasher.combine(hashes.count)
      for hash in hashes { hasher.combine(hash.0.summary) }
    }
  }

  private static func frontHash(of source: MarkdownSource) -> UInt64 {
    let text = source.file.text.utf8
    return StableHasher.hash { $0.combine(text[..<text.index(text.startIndex, offsetBy: min(source.bodyOffset, text.count))]) }
  }

  /// What `read` hands out now, hashed.
  func value(of read: PlanRead) -> UInt64 {
    let model = plan.model
    func position(_ slug: String) -> Int? { model.index.position(ofSection: slug) }
    func hash(_ positions: [Int], _ part: KeyPath<SectionHashes, UInt64>) -> UInt64 {
      StableHasher.hash { hasher in
        hasher.combine(positions.count)
        for position in positions { hasher.combine(sections[position][keyPath: part]) }
      }
    }
    switch read {
    case .front(let slug): return position(slug).map { sections[$0].front } ?? 0
    case .text(let slug, let language):
      return position(slug).flatMap { model.site.sections[$0].bodies[language]?.file.textHash } ?? 0
    case .neighbours(let slug):
      let (previous, next) = plan.neighbourPositions(of: slug)
      return StableHasher.hash { hasher in
        hasher.combine(previous.map { sections[$0].summary } ?? 0)
        hasher.combine(next.map { sections[$0].summary } ?? 0)
      }
    case .fronts: return fronts
    case .summaries: return summaries
    case .led(let id): return hash(model.index.sectionsLed(by: id), \.front)
    case .marking(let id): return hash(plan.markingPositions(id), \.front)
    case .involving(let id): return hash(model.index.sectionsInvolving(id), \.summary)
    case .owned(let id):
      // Which of a section's targets, by their place in it, and its front matter, which they are read from.
      let targets = model.index.targetPositions(ownedBy: id)
      return StableHasher.hash { hasher in
        hasher.combine(targets.count)
        for target in targets {
          hasher.combine(sections[target.section].front)
          hasher.combine(target.target)
        }
      }
    case .homePage(let language): return model.site.homePages[language]?.file.textHash ?? 0
    case .homeLanguages:
      return StableHasher.hash { hasher in
        for language in model.site.homePages.keys.sorted() { hasher.combine(language) }
      }
    }
  }
}

extension PlanRead {
  /// Hashes the read itself (not its value): its kind and arguments.
  func combine(into hasher: inout StableHasher) {
    let (kind, first, second) = fields
    hasher.combine(Int(kind))
    hasher.combine(first == nil ? 0 : second == nil ? 1 : 2)
    if let first { hasher.combine(first) }
    if let second { hasher.combine(second) }
  }
}
