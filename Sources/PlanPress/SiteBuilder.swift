import Foundation

/// What a build reads and where it writes.
public struct BuildOptions: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var outputDirectory: String
  /// Warnings stop the build as errors do.
  public var strict: Bool
  /// Ignore the build cache: render and write every page.
  public var clean = false
  /// Replace an output folder that PlanPress did not write (see `OutputFolder`).
  public var force = false
  /// Told how far rendering has got (see `BuildProgress`).
  public var progress: BuildProgress?
  /// Whether the briefs are printed to PDF.
  public var pdf: PDFMode
  /// Told of progress while PDFs print: done, total, the PDF's path in the output.
  public var pdfProgress: (@Sendable (Int, Int, String) -> Void)?
  /// Whether the pages are indexed for search (see `SearchIndexer`).
  public var search: SearchMode = .off
  /// Where Chromium and Pagefind are looked for (`PATH`, `PLANPRESS_CHROMIUM`, `PLANPRESS_PAGEFIND`).
  public var environment: [String: String] = ProcessInfo.processInfo.environment

  public init(
    contentDirectory: String = "Content", templatesDirectory: String = "Templates", outputDirectory: String = "Output",
    strict: Bool = false,
    pdf: PDFMode = .off
  ) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
    self.outputDirectory = outputDirectory
    self.strict = strict
    self.pdf = pdf
  }
}

/// Whether a build prints the briefs to PDF.
public enum PDFMode: Sendable {
  case off
  /// When Chromium is installed; otherwise the build says so and goes on.
  case ifAvailable
  /// The build fails without Chromium.
  case required
}

/// What a finished build reports.
public struct BuildReport: Sendable {
  public var warnings: [Diagnostic]
  public var fileCount: Int
  /// The files rendered by this build, in render order; the others were carried over unchanged
  /// from the previous output (see `RenderPipeline`).
  public var rendered: [String] = []
  /// How many of the files rendered came out as the previous output had them: their file was kept,
  /// with its modification time, instead of being written again.
  public var renderedToSameBytes = 0
  /// How long each stage took, in order: wall seconds, CPU seconds of all threads, and the most
  /// memory the build had held by the stage's end.
  public var timings: [(stage: String, seconds: Double, cpuSeconds: Double, peakMegabytes: Int)] = []
  /// How many sections were taken as an earlier build parsed them (see `ParsedSectionCache`).
  public var reusedSections = 0
  /// How many briefs were rendered with their table of targets taken from the previous output.
  public var keptTables = 0
  /// How many sections' texts (their own, or what they say of a department) briefs rendered took
  /// from the previous build's briefs.
  public var keptSectionTexts = 0
  /// The Markdown files whose bodies went through cmark, once for each parse: each body at most
  /// once a build, and in a rebuild only those that pages rendered again show.
  public var parsedMarkdown: [String] = []
  /// The section files taken as unchanged since the previous build whose text this build never
  /// needed, and so never read (see `SourceRecords`).
  public var unreadSectionFiles: [String] = []
  /// Things the user should know that are not problems with the input (PDFs skipped, and why).
  public var notes: [String] = []
  /// What the build read and made (the model, the caches), freed with the report. A command that
  /// exits right after a build keeps the report to the end: freeing a big plan's million small
  /// values took a tenth of a rebuild, for memory the system takes back at exit anyway.
  public var buildData: BuildData?
  /// How many PDF briefs this build printed (the others were unchanged).
  public var printedPDFs = 0
  /// How many of the PDFs printed came out as the previous output had them, and kept their file.
  public var printedToSameBytes = 0

  /// Files kept from the previous output, with their modification time: carried over because
  /// nothing they show changed, or rendered (or printed) again to the same bytes.
  public var unchangedCount: Int { fileCount - rendered.count - printedPDFs + renderedToSameBytes + printedToSameBytes }
}

/// The whole pipeline: load → parse → validate → model → render → write. Nothing is written to the
/// output folder unless every earlier stage succeeded.
public struct SiteBuilder {
  public let options: BuildOptions

  public init(options: BuildOptions) {
    self.options = options
  }

  /// Reads and checks everything a build uses; throws `BuildFailure` with every error found.
  public func prepare(withPDFs: Bool = false) throws -> (SiteRenderer, [Diagnostic]) {
    var clock = StageClock()
    let prepared = try prepare(withPDFs: withPDFs, clock: &clock, documents: MarkdownDocuments())
    return (prepared.renderer, prepared.warnings)
  }

  /// What `prepare` hands the stages after it.
  struct Prepared {
    /// The files read, which the keys of the pages are made from.
    var sources: ContentSources
    var renderer: SiteRenderer
    /// Every file the build writes, and its pages' ids, which the links were checked against.
    var outline: SiteOutline
    var warnings: [Diagnostic]
    /// The sections parsed, what their parse reported and the cache they were taken from: kept
    /// for the next build once this one is written (see `ParsedSectionCache.save`).
    var parsed: (site: Site, reported: [Diagnostic], cache: ParsedSectionCache)
    /// How many sections were taken as an earlier build parsed them.
    var reusedSections: Int
  }

  /// `prepare`, timing its stages, taking the sections of `keptSections` (being read meanwhile)
  /// whose files are unchanged, and reading a section file the system describes as `records` do
  /// only when its text is asked for (a change found then, or when a text let go of is read again,
  /// is told to `changes`).
  func prepare(
    withPDFs: Bool, clock: inout StageClock, documents: MarkdownDocuments, keptSections: BackgroundWork<ParsedSectionCache>? = nil,
    records: SourceRecords? = nil, changes: SourceChanges? = nil
  ) throws -> Prepared {
    var log = DiagnosticLog()
    let sources = try ContentLoader(directory: options.contentDirectory, records: records, changes: changes).load()
    let sectionCache = keptSections?.wait() ?? ParsedSectionCache()
    clock.lap("load")
    let (site, reused) = ContentParser().parse(sources, kept: sectionCache.keptSections, documents: documents, log: &log)
    let parseReported = log.diagnostics
    clock.lap("parse")
    // Validating the plan and building the model each read all of it and change none of it: the
    // two run at once, and what they report is reported in this order, as if one after the other.
    let validation = site.map { site in
      BackgroundWork { () -> [Diagnostic] in
        var found = DiagnosticLog()
        SiteValidator().validate(site, log: &found)
        return found.diagnostics
      }
    }
    var templateLog = DiagnosticLog()
    let assets = TemplateAssets.list(templatesDirectory: options.templatesDirectory, log: &templateLog)
    templateLog.report(contentsOf: LinkChecker.missingLinkedAssets(assets, templatesDirectory: options.templatesDirectory))
    let strings = UIStrings.load(templatesDirectory: options.templatesDirectory, languages: site?.config.languages ?? [], log: &templateLog)
    // Built before the plan is known to be valid, and let go if it is not.
    let model = site.flatMap { site in log.hasErrors || templateLog.hasErrors ? nil : SiteModel(site) }
    log.report(contentsOf: validation?.wait() ?? [])
    log.report(contentsOf: templateLog.diagnostics)
    guard let model, !log.hasErrors else { throw finalFailure(log.diagnostics) }
    clock.lap("validate, templates, model")
    // The links of the plan's Markdown, against the files the build will write and their pages' ids.
    let outline = SiteOutline(model, documents: documents, assets: assets, withPDFs: withPDFs)
    log.report(contentsOf: LinkChecker(for: model.site.config).brokenLinks(in: outline))
    guard !log.hasErrors else { throw finalFailure(log.diagnostics) }
    log.report(contentsOf: SiteValidator().untranslatedPageWarnings(model.site))
    if options.strict, !log.diagnostics.isEmpty { throw finalFailure(log.diagnostics) }
    let renderer = SiteRenderer(model: model, strings: strings, assets: assets, withPDFs: withPDFs, documents: documents)
    clock.lap("check links")
    return Prepared(
      sources: sources, renderer: renderer, outline: outline, warnings: log.diagnostics, parsed: (model.site, parseReported, sectionCache),
      reusedSections: reused.count)
  }

  /// Builds the site into the output folder, replacing it only on success. Pages are rendered on
  /// every core; those whose reads of the plan keep the values they had in the previous build are
  /// carried over from it (see `RenderInputs` and `BuildCache`) unless `options.clean` is set.
  @discardableResult
  public func build() throws -> BuildReport {
    do {
      return try buildOrThrow()
    } catch let diagnostic as Diagnostic {
      throw BuildFailure([diagnostic])
    }
  }

  /// The stages in order, each handing the next a typed value; the caches are read as the build
  /// starts and written once its output is swapped in (see `BuildRun`).
  private func buildOrThrow() throws -> BuildReport {
    var run = try BuildRun(options: options)  // the output folder checked, the previous build's caches read meanwhile
    let prepared = try run.prepare(with: self)  // load → parse → validate → model
    let staged = try run.stage(prepared)  // render → write → check links → print → index, in the staging folder
    try run.swapIn(staged, prepared)  // the staging folder becomes the output; the caches are saved
    return run.report(prepared, staged)
  }

  /// One build's state between its stages: the output folder, the tools it found, the caches being
  /// read and written, and how long each stage took.
  private struct BuildRun {
    let options: BuildOptions
    var clock = StageClock()
    var notes: [String] = []
    let chromium: URL?
    let indexer: SearchIndexer?
    let outputFolder: OutputFolder
    let sectionCacheLocation: URL
    let cacheLocation: URL
    let recordsLocation: URL
    /// When this build started, before it read anything: the time its records of the files it
    /// reads are taken at (see `SourceRecords`).
    let startedReading = SourceRecords.now()
    let changes = SourceChanges()
    // The caches are read on threads of their own as the build starts: the kept sections while the
    // content loads, the build cache while the stages that keep one core busy (validating, building
    // the model) run; the spare site is listed meanwhile too. Each reads the whole plan, so none
    // waits on the others.
    let sectionsLoad: BackgroundWork<ParsedSectionCache>?
    let previousLoad: BackgroundWork<BuildCache?>?
    let spareListing: BackgroundWork<StagedFiles?>?
    let recordsLoad: BackgroundWork<SourceRecords>?
    let documents = MarkdownDocuments()

    /// The tools found, and the output refused before anything is read if a build must not replace
    /// it; a site a killed build left aside is put back, whatever this build does.
    init(options: BuildOptions) throws {
      self.options = options
      chromium = options.pdf == .off ? nil : PDFPrinter.findChromium(environment: options.environment)
      if options.pdf != .off, chromium == nil {
        if options.pdf == .required { throw MissingChromium() }
        notes.append(PDFPrinter.missingChromiumMessage)
      }
      indexer = options.search == .off ? nil : SearchIndexer.find(environment: options.environment)
      if options.search != .off, indexer == nil { notes.append(SearchIndexer.missingMessage) }
      let outputFolder = try OutputFolder(
        options.outputDirectory, sources: [("content", options.contentDirectory), ("templates", options.templatesDirectory)],
        force: options.force)
      outputFolder.removeLeftovers()
      self.outputFolder = outputFolder
      let output = URL(fileURLWithPath: options.outputDirectory)
      let sectionCacheLocation = ParsedSectionCache.location(forOutput: output)
      let cacheLocation = BuildCache.location(forOutput: output)
      let recordsLocation = SourceRecords.location(forOutput: output)
      (self.sectionCacheLocation, self.cacheLocation, self.recordsLocation) = (sectionCacheLocation, cacheLocation, recordsLocation)
      let clean = options.clean
      sectionsLoad = clean ? nil : BackgroundWork { ParsedSectionCache.load(from: sectionCacheLocation) }
      previousLoad = clean ? nil : BackgroundWork { BuildCache.load(from: cacheLocation) }
      spareListing = clean ? nil : BackgroundWork { StagedFiles.listSpare(of: outputFolder) }
      recordsLoad = clean ? nil : BackgroundWork { SourceRecords.load(from: recordsLocation) }
    }

    /// Load, parse, validate and model (see `SiteBuilder.prepare`).
    mutating func prepare(with builder: SiteBuilder) throws -> Prepared {
      do {
        return try builder.prepare(
          withPDFs: chromium != nil, clock: &clock, documents: documents, keptSections: sectionsLoad,
          records: recordsLoad?.wait(), changes: changes)
      } catch {
        // What a file that changed as it was read made the build find is no mistake of the content.
        if let changed = failureIfChanged() { throw BuildFailure([changed]) }
        throw error
      }
    }

    /// The error of a build that found a file changed as it read it; the records it trusted are
    /// dropped, so that the next build reads every file afresh.
    private func failureIfChanged() -> Diagnostic? {
      guard let changed = changes.failure else { return nil }
      unlink(recordsLocation.path)
      return changed
    }

    /// What a build wrote into its staging folder, checked, before it is swapped in.
    struct Staged {
      let writer: OutputWriter
      let outcome: RenderPipeline.Outcome
      let inputs: RenderInputs
      let keys: [UInt64?]
      let previous: BuildCache?
      /// The files written besides the rendered pages: the assets and, when printed, the PDFs.
      let copiedFiles: Set<String>
      let printed: (count: Int, sameBytes: Int)
    }

    /// Renders and writes the pages whose reads changed into the staging folder (the spare site
    /// brought up to date), checks their links, prints the briefs and indexes the pages; on any
    /// failure the staging folder is let go and the output stays as it was.
    mutating func stage(_ prepared: Prepared) throws -> Staged {
      let renderer = prepared.renderer
      let previous = previousLoad?.wait() ?? nil
      let jobs = renderer.jobs
      let inputs = RenderInputs(renderer: renderer, sources: prepared.sources)
      // The keys of the reads each job made in the previous build, with their values now.
      let keys = jobs.concurrentMap { job in previous?.entries[job.name].map { inputs.key(for: job, entry: $0) } }
      // The sections' bodies are parsed, or kept parsed: their files' texts are let go of before
      // the stage that holds the most.
      for section in prepared.sources.sections { section.file.letTextGo() }
      clock.lap("hash inputs")
      // Without a cache, nothing of the spare site could be kept: it is replaced by an empty folder.
      let writer = try OutputWriter(output: outputFolder, reusingSpare: previous != nil, listedSpare: spareListing?.wait() ?? nil)
      let expectedFiles = prepared.outline.files
      writer.removeStale(keeping: expectedFiles)
      do {
        let outcome = try RenderPipeline(
          renderer: renderer, writer: writer, previous: previous, progress: options.progress, inputs: inputs
        ).run(jobs, keys: keys)
        try writer.copyKeepingUnchanged(renderer.assets, to: "assets")
        clock.lap("render and write")
        var printed = (count: 0, sameBytes: 0)
        if let chromium {
          let printInputsUnchanged = previous?.entries[BuildCache.printInputsEntry]?.key == inputs.printInputs
          printed = try printBriefs(
            renderer, with: chromium, into: writer,
            changed: Set(outcome.rendered).subtracting(printInputsUnchanged ? outcome.renderedToSameBytes : []))
          clock.lap("print PDFs")
        }
        if let indexer {
          try indexer.index(site: writer.staging, pages: expectedFiles.filter { $0.hasSuffix(".html") })
          clock.lap("search index")
        }
        if let changed = failureIfChanged() { throw BuildFailure(prepared.warnings + [changed]) }
        return Staged(
          writer: writer, outcome: outcome, inputs: inputs, keys: keys, previous: previous,
          copiedFiles: expectedFiles.subtracting(jobs.flatMap(renderer.outputPaths)), printed: printed)
      } catch {
        writer.discard()
        // What a file that changed as it was read again made the build find is no mistake of the content.
        if let changed = failureIfChanged() { throw BuildFailure(prepared.warnings + [changed]) }
        throw error
      }
    }

    /// Prints each brief to PDF in the staging folder, so a failed print leaves the previous output as
    /// it was; a brief whose HTML is not among the `changed` files (carried over, or rendered again to
    /// the same bytes while what else its PDF shows is unchanged) keeps its previous PDF, and so does
    /// one printed to the same bytes. Returns how many were printed, and how many of them to the same bytes.
    private func printBriefs(
      _ renderer: SiteRenderer, with chromium: URL, into writer: OutputWriter, changed: Set<String>
    ) throws -> (count: Int, sameBytes: Int) {
      let toPrint = renderer.briefPaths.filter { brief in changed.contains(brief.html) || !writer.linkFromPrevious(brief.pdf) }
      for brief in toPrint { writer.makeWay(for: brief.pdf) }
      try PDFPrinter(chromium: chromium, environment: options.environment).print(
        toPrint, in: writer.staging, for: writer.output, servedAt: renderer.config.baseURL,
        fixedDate: renderer.config.notice.date, progress: options.pdfProgress ?? { _, _, _ in })
      let sameBytes = toPrint.filter { writer.keepPrevious(ifSameAs: $0.pdf) }.count
      return (toPrint.count, sameBytes)
    }

    /// Swaps the staging folder in, then saves the caches: until the build cache is written there
    /// is none, so a build stopped between the two starts afresh. A cache that cannot be written
    /// costs the next build time, not correctness.
    mutating func swapIn(_ staged: Staged, _ prepared: Prepared) throws {
      BuildCache.remove(at: cacheLocation)
      do {
        if let note = try staged.writer.commit() { notes.append(note) }
      } catch {
        staged.writer.discard()
        throw error
      }
      var cache = staged.outcome.cache
      cache.entries[BuildCache.copiedFilesEntry] = BuildCache.Entry(
        key: 0, files: staged.copiedFiles.sorted().map { BuildCache.File(path: $0, size: 0, modified: 0) })
      if chromium != nil { cache.entries[BuildCache.printInputsEntry] = BuildCache.Entry(key: staged.inputs.printInputs, files: []) }
      // The three files are written at once: each is a pass over the whole plan.
      let sources = prepared.sources
      let (files, frontHashes, startedReading, recordsLocation) = (
        sources.sections.map(\.file), staged.inputs.frontHashes, startedReading, recordsLocation
      )
      let recordsSave = BackgroundWork {
        try? SourceRecords.save(files, frontHashes: frontHashes, startedReading: startedReading, to: recordsLocation)
      }
      let (parsed, sectionCacheLocation, documents) = (prepared.parsed, sectionCacheLocation, documents)
      let sectionsSave = BackgroundWork {
        try? parsed.cache.save(
          parsed.site.sections, files: sources.sections, config: parsed.site.config, reported: parsed.reported, documents: documents,
          to: sectionCacheLocation)
      }
      try? cache.save(to: cacheLocation)
      _ = recordsSave.wait()
      _ = sectionsSave.wait()
      clock.lap("swap in")
    }

    func report(_ prepared: Prepared, _ staged: Staged) -> BuildReport {
      let outcome = staged.outcome
      let renderer = prepared.renderer
      var report = BuildReport(
        warnings: prepared.warnings,
        fileCount: outcome.rendered.count + outcome.carried + (chromium == nil ? 0 : renderer.briefPaths.count),
        rendered: outcome.rendered, timings: clock.laps)
      report.notes = notes
      report.reusedSections = prepared.reusedSections
      report.keptTables = outcome.keptTables
      report.keptSectionTexts = outcome.keptSectionTexts
      report.parsedMarkdown = documents.parsed
      report.unreadSectionFiles = prepared.sources.sections.map(\.file).filter { !$0.hasBeenRead }.map(\.path)
      report.renderedToSameBytes = outcome.renderedToSameBytes.count
      report.printedPDFs = staged.printed.count
      report.printedToSameBytes = staged.printed.sameBytes
      report.buildData = BuildData(
        sources: prepared.sources, renderer: renderer, inputs: staged.inputs, keys: staged.keys, previous: staged.previous,
        outcome: outcome)
      return report
    }
  }

  private func finalFailure(_ diagnostics: [Diagnostic]) -> BuildFailure {
    let promoted = options.strict ? diagnostics.map { $0.with(severity: .error) } : diagnostics
    return BuildFailure(promoted)
  }
}

/// What a build read and made, held until its report is let go (see `BuildReport.buildData`).
public final class BuildData: @unchecked Sendable {
  /// The files read, which tests compare with the bodies parsed.
  let sources: ContentSources
  let renderer: SiteRenderer
  let inputs: RenderInputs
  let keys: [UInt64?]
  let previous: BuildCache?
  let outcome: RenderPipeline.Outcome

  init(
    sources: ContentSources, renderer: SiteRenderer, inputs: RenderInputs, keys: [UInt64?], previous: BuildCache?,
    outcome: RenderPipeline.Outcome
  ) {
    self.sources = sources
    self.renderer = renderer
    self.inputs = inputs
    self.keys = keys
    self.previous = previous
    self.outcome = outcome
  }
}
