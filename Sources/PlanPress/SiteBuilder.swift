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
  /// Told how far rendering has got (see `BuildProgress`).
  public var progress: BuildProgress?

  public init(contentDirectory: String = "Content", templatesDirectory: String = "Templates", outputDirectory: String = "Output", strict: Bool = false) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
    self.outputDirectory = outputDirectory
    self.strict = strict
  }
}

/// What a finished build reports.
public struct BuildReport: Sendable {
  public var warnings: [Diagnostic]
  public var fileCount: Int
  /// The files rendered and written by this build, in render order; the others were carried over
  /// unchanged from the previous output (see `RenderPipeline`).
  public var rendered: [String] = []
  /// How long each stage took, in seconds, in order.
  public var timings: [(stage: String, seconds: Double)] = []
}

/// The whole pipeline: load → parse → validate → render → write. Nothing is written to the
/// output folder unless every earlier stage succeeded.
public struct SiteBuilder {
  public let options: BuildOptions

  public init(options: BuildOptions) {
    self.options = options
  }

  /// Reads and checks everything a build uses; throws `BuildFailure` with every error found.
  public func prepare() throws -> (SiteRenderer, [Diagnostic]) {
    var log = DiagnosticLog()
    let sources = try ContentLoader(directory: options.contentDirectory).load()
    let site = ContentParser().parse(sources, log: &log)
    if let site { SiteValidator().validate(site, log: &log) }
    let templates = TemplateSet.load(from: options.templatesDirectory, log: &log)
    let strings = UIStrings.load(
      templatesDirectory: options.templatesDirectory, languages: site?.config.languages ?? [], templateTexts: templates.texts,
      log: &log)
    guard let site, !log.hasErrors else { throw finalFailure(log.diagnostics) }
    let renderer = SiteRenderer(site: site, templates: templates, strings: strings)
    log.report(contentsOf: renderer.untranslatedPageWarnings())
    if options.strict, !log.diagnostics.isEmpty { throw finalFailure(log.diagnostics) }
    return (renderer, log.diagnostics)
  }

  /// Builds the site into the output folder, replacing it only on success. Pages are rendered on
  /// every core; those whose inputs are unchanged since the previous build are carried over from
  /// it (see `RenderInputs` and `BuildCache`) unless `options.clean` is set.
  @discardableResult
  public func build() throws -> BuildReport {
    var clock = StageClock()
    let (renderer, warnings) = try prepare()
    clock.lap("load, parse, validate")
    let output = URL(fileURLWithPath: options.outputDirectory)
    let cacheLocation = BuildCache.location(forOutput: output)
    let previous = options.clean ? nil : BuildCache.load(from: cacheLocation)
    let jobs = renderer.jobs
    let inputs = RenderInputs(
      renderer: renderer, contentDirectory: options.contentDirectory, templatesDirectory: options.templatesDirectory)
    let keys = jobs.concurrentMap(inputs.key)
    clock.lap("hash inputs")
    let writer = try OutputWriter(output: output)
    let outcome: RenderPipeline.Outcome
    do {
      outcome = try RenderPipeline(renderer: renderer, writer: writer, previous: previous, progress: options.progress)
        .run(jobs, keys: keys)
      clock.lap("render and write")
      try writer.copyFolderKeepingUnchanged(
        URL(fileURLWithPath: options.templatesDirectory).appendingPathComponent("assets"), to: "assets")
      // Until the new cache is written, none: a build stopped between the two starts afresh.
      BuildCache.remove(at: cacheLocation)
      try writer.commit()
    } catch {
      writer.discard()
      if let diagnostic = error as? Diagnostic { throw BuildFailure([diagnostic]) }
      throw error
    }
    // A cache that cannot be written costs the next build time, not correctness.
    try? outcome.cache.save(to: cacheLocation)
    clock.lap("swap in")
    return BuildReport(
      warnings: warnings, fileCount: outcome.rendered.count + outcome.carried, rendered: outcome.rendered, timings: clock.laps)
  }

  private func finalFailure(_ diagnostics: [Diagnostic]) -> BuildFailure {
    let promoted = options.strict ? diagnostics.map { $0.with(severity: .error) } : diagnostics
    return BuildFailure(promoted)
  }
}
