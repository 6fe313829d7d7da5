import Foundation

/// What a build reads and where it writes.
public struct BuildOptions: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var outputDirectory: String
  /// Warnings stop the build as errors do.
  public var strict: Bool
  /// Whether the briefs are printed to PDF.
  public var pdf: PDFMode
  /// Told of progress while PDFs print: done, total, the PDF's path in the output.
  public var progress: (@Sendable (Int, Int, String) -> Void)?
  /// Where Chromium is looked for (`PATH`, `PLANPRESS_CHROMIUM`).
  public var environment: [String: String] = ProcessInfo.processInfo.environment

  public init(
    contentDirectory: String = "Content", templatesDirectory: String = "Templates", outputDirectory: String = "Output", strict: Bool = false,
    pdf: PDFMode = .off, progress: (@Sendable (Int, Int, String) -> Void)? = nil
  ) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
    self.outputDirectory = outputDirectory
    self.strict = strict
    self.pdf = pdf
    self.progress = progress
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
  /// Things the user should know that are not problems with the input (PDFs skipped, and why).
  public var notes: [String] = []
}

/// The whole pipeline: load → parse → validate → render → write. Nothing is written to the
/// output folder unless every earlier stage succeeded.
public struct SiteBuilder {
  public let options: BuildOptions

  public init(options: BuildOptions) {
    self.options = options
  }

  /// Reads and checks everything a build uses; throws `BuildFailure` with every error found.
  public func prepare(withPDFs: Bool = false) throws -> (SiteRenderer, [Diagnostic]) {
    var log = DiagnosticLog()
    let sources = try ContentLoader(directory: options.contentDirectory).load()
    let site = ContentParser().parse(sources, log: &log)
    if let site { SiteValidator().validate(site, log: &log) }
    let templates = TemplateSet.load(from: options.templatesDirectory, log: &log)
    let strings = UIStrings.load(
      templatesDirectory: options.templatesDirectory, languages: site?.config.languages ?? [], templateTexts: templates.texts,
      log: &log)
    guard let site, !log.hasErrors else { throw finalFailure(log.diagnostics) }
    let renderer = SiteRenderer(site: site, templates: templates, strings: strings, withPDFs: withPDFs)
    log.report(contentsOf: renderer.unknownDepartmentMarks())
    if log.hasErrors { throw finalFailure(log.diagnostics) }
    log.report(contentsOf: renderer.untranslatedPageWarnings())
    if options.strict, !log.diagnostics.isEmpty { throw finalFailure(log.diagnostics) }
    return (renderer, log.diagnostics)
  }

  /// Builds the site into the output folder, replacing it only on success.
  @discardableResult
  public func build() throws -> BuildReport {
    var notes: [String] = []
    let chromium = options.pdf == .off ? nil : PDFPrinter.findChromium(environment: options.environment)
    if options.pdf != .off, chromium == nil {
      if options.pdf == .required {
        throw BuildFailure([Diagnostic(.error, at: SourceLocation(path: "chromium"), PDFPrinter.missingChromiumMessage)])
      }
      notes.append(PDFPrinter.missingChromiumMessage)
    }
    let (renderer, warnings) = try prepare(withPDFs: chromium != nil)
    let files = renderer.renderAll()
    try verifyLinks(in: files, renderedBy: renderer, warnings: warnings)
    let writer = try OutputWriter(output: URL(fileURLWithPath: options.outputDirectory))
    do {
      for file in files { try writer.write(file) }
      try writer.copyFolder(URL(fileURLWithPath: options.templatesDirectory).appendingPathComponent("assets"), to: "assets")
      if let chromium {
        // Printed from the staging folder, so a failed print leaves the previous output as it was.
        try PDFPrinter(chromium: chromium).print(
          renderer.briefPaths, in: writer.staging, fixedDate: renderer.site.config.notice.date,
          // Each Chromium spends much of its time starting up, so twice the cores keeps them busy.
          concurrency: 2 * ProcessInfo.processInfo.activeProcessorCount, progress: options.progress ?? { _, _, _ in })
      }
      try writer.commit()
    } catch {
      writer.discard()
      if let diagnostic = error as? Diagnostic { throw BuildFailure([diagnostic]) }
      throw error
    }
    return BuildReport(warnings: warnings, fileCount: files.count + (chromium == nil ? 0 : renderer.briefPaths.count), notes: notes)
  }

  private func finalFailure(_ diagnostics: [Diagnostic]) -> BuildFailure {
    let promoted = options.strict ? diagnostics.map { $0.with(severity: .error) } : diagnostics
    return BuildFailure(promoted)
  }
}
