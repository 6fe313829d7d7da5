import Foundation

/// What a build reads and where it writes.
public struct BuildOptions: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var outputDirectory: String
  /// Warnings stop the build as errors do.
  public var strict: Bool

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

  /// Builds the site into the output folder, replacing it only on success.
  @discardableResult
  public func build() throws -> BuildReport {
    let (renderer, warnings) = try prepare()
    let files = renderer.renderAll()
    try verifyLinks(in: files, renderedBy: renderer, warnings: warnings)
    let writer = try OutputWriter(output: URL(fileURLWithPath: options.outputDirectory))
    do {
      for file in files { try writer.write(file) }
      try writer.copyFolder(URL(fileURLWithPath: options.templatesDirectory).appendingPathComponent("assets"), to: "assets")
      try writer.commit()
    } catch {
      writer.discard()
      if let diagnostic = error as? Diagnostic { throw BuildFailure([diagnostic]) }
      throw error
    }
    return BuildReport(warnings: warnings, fileCount: files.count)
  }

  private func finalFailure(_ diagnostics: [Diagnostic]) -> BuildFailure {
    let promoted = options.strict ? diagnostics.map { $0.with(severity: .error) } : diagnostics
    return BuildFailure(promoted)
  }
}
