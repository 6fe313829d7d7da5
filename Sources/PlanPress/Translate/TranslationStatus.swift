/// How far one section is translated into one language, and whether the translation still
/// matches its source.
public struct TranslationStatus: Sendable, Hashable {
  /// Where a translation stands against its source.
  public enum State: String, Sendable, Hashable {
    /// Marked with the fingerprint of the source as it is now.
    case current
    /// Marked, but the source has changed since.
    case stale
    /// The file exists but records no fingerprint (`translates:`), so its age is unknown.
    case unmarked = "not marked"
    /// There is no file for this language.
    case missing
  }

  /// The section's slug.
  public var section: String
  /// The language of the translation.
  public var language: String
  /// The translation's file, if there is one.
  public var file: SourceFile?
  /// The default-language file it translates.
  public var sourceFile: SourceFile?
  /// Targets of the section with a label in this language.
  public var labelledTargets: Int
  /// All targets of the section.
  public var totalTargets: Int
  /// The fingerprint the translation records (`translates:`), if any, and where.
  public var recordedFingerprint: String?
  public var recordedAt: SourceLocation?
  /// The fingerprint of the source file as it is now.
  public var sourceFingerprint: String?

  /// Where the translation stands, from its file and the two fingerprints.
  public var state: State {
    guard file != nil else { return .missing }
    guard let recordedFingerprint else { return .unmarked }
    return recordedFingerprint == sourceFingerprint ? .current : .stale
  }

  /// Every section in every language but the default, in section order, then language order;
  /// with `onlyMarked`, only the translations that record a fingerprint.
  public static func statuses(of site: Site, onlyMarked: Bool = false) -> [TranslationStatus] {
    let defaultLanguage = site.config.defaultLanguage
    // Each fingerprint reads a whole file: on every core.
    return site.sections.concurrentMap { section in
      site.config.languages.dropFirst().filter { !onlyMarked || section.translatedFrom[$0] != nil }.map { language in
        let source = section.bodies[defaultLanguage]?.file
        return TranslationStatus(
          section: section.slug, language: language, file: section.bodies[language]?.file, sourceFile: source,
          labelledTargets: section.targets.filter { $0.label[language] != nil }.count, totalTargets: section.targets.count,
          recordedFingerprint: section.translatedFrom[language], recordedAt: section.translatedFromLocations[language],
          sourceFingerprint: source.map(SourceFingerprint.of))
      }
    }.flatMap { $0 }
  }

  /// A warning for each translation whose source has changed since it was marked, located at its
  /// `translates:` line. A translation that was never marked gets none: nothing says how old it is.
  public static func staleTranslationWarnings(in site: Site) -> [Diagnostic] {
    statuses(of: site, onlyMarked: true).filter { $0.state == .stale }.compactMap { status in
      guard let file = status.file, let source = status.sourceFile else { return nil }
      let location = status.recordedAt ?? file.location()
      return Diagnostic(
        .warning, at: location,
        "section '\(status.section)': the \(status.language) translation may be out of date: \(source.path) has changed since it was marked (translates \(status.recordedFingerprint ?? ""), now \(status.sourceFingerprint ?? "")); bring \(file.path) up to date, then run 'planpress translations --mark \(status.section)'",
        sourceLine: file.line(location.line))
    }
  }
}
