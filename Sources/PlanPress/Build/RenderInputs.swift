import Foundation

/// The key of every render job's inputs: a hash of everything that job's pages show. A job whose
/// key is the one the build cache holds would render the same bytes again, so it is carried over.
///
/// The keys err towards re-rendering: a section page depends on its own files, its neighbours'
/// titles and (while the navigation lists every part) every title; the pages that gather the whole
/// plan (home, departments, sitemap) depend on every section's front matter but not on the bodies
/// (and the sitemap on the languages the home page is written in);
/// and every page depends on the interface texts, the content files read besides sections and home
/// pages (site.yaml, departments.yaml, the metrics), the templates' assets and the planpress
/// executable, whose templates are compiled in. Each is hashed as the build read it, never read again.
struct RenderInputs {
  /// What every page depends on.
  let global: UInt64
  /// What a brief's PDF depends on besides its page's bytes: the files the page loads (the
  /// templates' assets, such as `print.css`), the print fonts and the planpress executable, which
  /// sets its dates and ids. A brief whose page is rendered again to the same bytes keeps its PDF while these are
  /// unchanged.
  let printInputs: UInt64
  private let sectionOwn: [String: UInt64]
  /// The hash of each of a section's files, by slug and language.
  private let sectionFiles: [String: [String: UInt64]]
  private let sectionSummaries: [UInt64]
  private let frontMatters: UInt64
  private let navigation: UInt64
  private let homePages: UInt64
  private let renderer: SiteRenderer
  /// The hash of each section file's text before its body, by path.
  let frontHashes: [String: UInt64]

  private static func frontHash(of source: MarkdownSource) -> UInt64 {
    let text = source.file.text.utf8
    return StableHasher.hash { $0.combine(text[..<text.index(text.startIndex, offsetBy: min(source.bodyOffset, text.count))]) }
  }

  /// Hashes the files the build read: the content's `sources` and, through the renderer, the
  /// interface texts and the assets.
  init(renderer: SiteRenderer, sources: ContentSources) {
    self.renderer = renderer
    let site = renderer.site
    let sections = site.sections
    // Hashing every source is the bulk of a no-change build's own work: spread it over the cores.
    let hashes = sections.concurrentMap {
      section -> (own: UInt64, summary: UInt64, front: UInt64, files: [String: UInt64], fileFronts: [(String, UInt64)]) in
      let languages = section.bodies.keys.sorted()
      let files = section.bodies.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value.file.textHash) }
      let own = StableHasher.hash { hasher in
        hasher.combine(section.slug)
        hasher.combine(section.order)
        for (language, file) in files {
          hasher.combine(language)
          hasher.combine(file)
        }
      }
      // What other pages show of a section: its link and title.
      let summary = StableHasher.hash { hasher in
        hasher.combine(section.slug)
        hasher.combine(section.order)
        for (language, title) in section.title.texts.sorted(by: { $0.key < $1.key }) {
          hasher.combine(language)
          hasher.combine(title)
        }
      }
      // Each file up to its body: the front matter, where titles, leads and targets live. Its hash
      // is recorded with the file (`SourceRecords`), which a rebuild then need not read.
      var fileFronts: [(String, UInt64)] = []
      let front = StableHasher.hash { hasher in
        hasher.combine(section.slug)
        hasher.combine(section.order)
        for language in languages {
          hasher.combine(language)
          if let source = section.bodies[language] {
            let fileFront = source.file.recordedFrontHash ?? Self.frontHash(of: source)
            fileFronts.append((source.file.path, fileFront))
            hasher.combine(fileFront)
          }
        }
      }
      return (own, summary, front, Dictionary(files, uniquingKeysWith: { first, _ in first }), fileFronts)
    }
    frontHashes = Dictionary(hashes.flatMap(\.fileFronts), uniquingKeysWith: { first, _ in first })
    let summaries = hashes.map(\.summary)
    sectionOwn = Dictionary(zip(sections.map(\.slug), hashes.map(\.own)), uniquingKeysWith: { first, _ in first })
    sectionFiles = Dictionary(zip(sections.map(\.slug), hashes.map(\.files)), uniquingKeysWith: { first, _ in first })
    sectionSummaries = summaries
    frontMatters = StableHasher.hash { hasher in
      hasher.combine(hashes.count)
      for hash in hashes { hasher.combine(hash.front) }
    }
    navigation =
      !renderer.isLargePlan
      ? StableHasher.hash { hasher in
        hasher.combine(summaries.count)
        for summary in summaries { hasher.combine(summary) }
      } : 0
    homePages = StableHasher.hash { hasher in
      for (language, page) in site.homePages.sorted(by: { $0.key < $1.key }) {
        hasher.combine(language)
        hasher.combine(page.file.textHash)
      }
    }
    let printInputs = StableHasher.hash { hasher in
      hasher.combine("planpress print inputs 3")
      hasher.combine(Self.executable)
      hasher.combine(PDFPrinter.printFontsStamp())
      // The assets as the build publishes them: a link outside the templates is not followed.
      hasher.combine(renderer.assets.count)
      for asset in renderer.assets {
        hasher.combine(asset.relative)
        let bytes = (try? SourceFile.readBytes(atPath: asset.source, reportedAs: asset.source)) ?? Data()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
      }
    }
    self.printInputs = printInputs
    global = StableHasher.hash { hasher in
      hasher.combine("planpress render inputs 2")
      // Pages link to the PDF briefs only in builds that print them.
      hasher.combine(renderer.withPDFs ? 1 : 0)
      // The assets and the executable (with its templates) through `printInputs`.
      hasher.combine(printInputs)
      hasher.combine(renderer.strings.sourcesHash)
      // Section files and home pages have keys of their own; the other content files count for every page.
      // By name, not path: a content folder moved elsewhere shows the same.
      for file in [sources.site, sources.departments] + sources.metrics {
        hasher.combine(URL(fileURLWithPath: file.path).lastPathComponent)
        hasher.combine(file.textHash)
      }
    }
  }

  /// The key of a job's inputs.
  func key(for job: RenderJob) -> UInt64 {
    StableHasher.hash { hasher in
      hasher.combine(global)
      hasher.combine(job.name)
      switch job {
      case .page(.section(let slug)):
        hasher.combine(sectionOwn[slug] ?? 0)
        let position = renderer.index.position(ofSection: slug) ?? 0
        hasher.combine(position > 0 ? sectionSummaries[position - 1] : 0)
        hasher.combine(position + 1 < sectionSummaries.count ? sectionSummaries[position + 1] : 0)
        hasher.combine(navigation)
      case .page(.home):
        hasher.combine(homePages)
        hasher.combine(frontMatters)
      case .page(.departments), .page(.department), .page(.dashboard), .openData:
        hasher.combine(frontMatters)
      case .sitemap:
        // Every page in each language it has: a section's languages are in its front matter
        // hashes, the home page's are the files it has (not their text).
        hasher.combine(frontMatters)
        for language in renderer.site.homePages.keys.sorted() { hasher.combine(language) }
      case .page(.brief(let id)):
        // A brief shows the full text of the sections its department leads, the parts of other
        // sections marked as naming it, and targets from anywhere.
        hasher.combine(frontMatters)
        for position in renderer.index.sectionsLed(by: id) + renderer.sectionsMarking(id) {
          hasher.combine(sectionOwn[renderer.site.sections[position].slug] ?? 0)
        }
      case .brief(let id, let language):
        // The same, in one language: the file each section shows in it (its own, or the default
        // language's where it has none), so an edit in another language leaves it alone.
        hasher.combine(frontMatters)
        for position in renderer.index.sectionsLed(by: id) + renderer.sectionsMarking(id) {
          let slug = renderer.site.sections[position].slug
          // Which section, too: two sections may have files of the same bytes.
          hasher.combine(slug)
          hasher.combine(sectionFiles[slug]?[renderer.shownLanguage(.section(slug), language)] ?? 0)
        }
      case .notFound:
        break
      }
    }
  }

  /// The keys of the inputs of a brief's kept parts (see `BuildCache.KeptPart`). Its table of
  /// targets shows the department's targets, their sections' titles and the figures, which are all
  /// in the front matter and the other content files, but nothing of the sections' text. A section's
  /// text, and what a section marking the department says of it, show the file the section is
  /// shown from in the brief's language, with its links rebased from the section's page to the brief.
  func briefPartKeys(for job: RenderJob) -> BriefPartKeys? {
    guard case .brief(let id, let language) = job else { return nil }
    let table = StableHasher.hash { hasher in
      hasher.combine(global)
      hasher.combine("targets table")
      hasher.combine(id)
      hasher.combine(language)
      hasher.combine(frontMatters)
    }
    func textKeys(of positions: [Int], _ kind: String) -> [String: UInt64] {
      var keys: [String: UInt64] = [:]
      for position in positions {
        let slug = renderer.site.sections[position].slug
        let shown = renderer.shownLanguage(.section(slug), language)
        keys[slug] = StableHasher.hash { hasher in
          hasher.combine(global)
          hasher.combine(kind)
          hasher.combine(id)
          hasher.combine(language)
          hasher.combine(slug)
          hasher.combine(shown)
          hasher.combine(sectionFiles[slug]?[shown] ?? 0)
        }
      }
      return keys
    }
    return BriefPartKeys(
      table: table, sections: textKeys(of: renderer.index.sectionsLed(by: id), "section text"),
      mentions: textKeys(of: renderer.sectionsMarking(id), "mention"))
  }

  /// Identifies the running planpress: a rebuilt executable may render differently. Read once: the
  /// parse asks for it for every section.
  static let executable = executableFingerprint()

  private static func executableFingerprint() -> String {
    let path = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : CommandLine.arguments.first ?? ""
    var info = stat()
    guard stat(path, &info) == 0 else { return "unknown" }
    #if canImport(Darwin)
    let modified = info.st_mtimespec
    #else
    let modified = info.st_mtim
    #endif
    return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified.tv_sec).\(modified.tv_nsec)"
  }
}
