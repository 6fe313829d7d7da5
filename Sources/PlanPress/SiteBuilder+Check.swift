import Foundation

extension SiteBuilder {
  /// Runs every check a build runs (the content, the templates, the interface texts, stale
  /// translations and the links of the rendered pages) without writing anything, and returns all
  /// findings, errors and warnings, instead of stopping at the first stage that fails.
  /// With `strict`, warnings are returned as errors.
  public func check() -> [Diagnostic] {
    var lenient = options
    lenient.strict = false
    var diagnostics: [Diagnostic]
    do {
      let (renderer, warnings) = try SiteBuilder(options: lenient).prepare()
      diagnostics = warnings + brokenLinks(in: renderer.renderAll(), renderedBy: renderer)
    } catch let failure as BuildFailure {
      diagnostics = failure.diagnostics
    } catch let diagnostic as Diagnostic {
      diagnostics = [diagnostic]
    } catch {
      diagnostics = [Diagnostic(.error, at: SourceLocation(path: options.contentDirectory), Diagnostic.reason(error))]
    }
    return options.strict ? diagnostics.map { $0.with(severity: .error) } : diagnostics
  }

  /// Reads the content folder alone, without templates, for tools that work on content (such as
  /// `planpress translations`); throws `BuildFailure` if any file has an error.
  public func loadContent() throws -> Site {
    var log = DiagnosticLog()
    let sources = try ContentLoader(directory: options.contentDirectory).load()
    let site = ContentParser().parse(sources, log: &log)
    guard let site, !log.hasErrors else { throw BuildFailure(log.diagnostics) }
    return site
  }

  /// Stops a build whose pages, written in `folder`, link to nothing, before they are swapped in;
  /// the failure carries the warnings seen before it too.
  ///
  /// The pages rendered were surveyed while they were written. A page carried over was checked by
  /// the build that wrote it, and is read again only when one of its links may have broken since:
  /// when a file of that build is gone, or a page was rendered again with other ids. Only when a
  /// link leads nowhere are the pages read again, to find and locate every broken link.
  func verifyLinks(
    of outcome: RenderPipeline.Outcome, expectedFiles: Set<String>, previous: BuildCache?, checker: LinkChecker, in folder: URL,
    renderedBy renderer: SiteRenderer, warnings: [Diagnostic]
  ) throws {
    let read = { (path: String) in try? Data(contentsOf: folder.appendingPathComponent(path)) }
    let paths = outcome.cache.entries.values.flatMap { $0.files.map(\.path) }
    let existing = checker.copiedFiles.union(paths)
    var surveys = outcome.surveys
    let carried = paths.filter { outcome.surveys[$0] == nil }
    if !carried.isEmpty, Self.linksMayHaveBroken(since: previous, existing: existing, rendered: outcome.surveys) {
      let carriedSurveys = carried.concurrentMap { path in read(path).map { checker.survey($0, at: path, existing: existing) } }
      for (path, survey) in zip(carried, carriedSurveys) { surveys[path] = survey }
    }
    // The surveys took links to files for good as the files were expected; so they must all be there.
    if existing == expectedFiles, checker.allLinksLead(surveys, existing: existing, read: read) { return }
    let errors = checker.brokenLinks(paths: paths.sorted(), origins: renderer.pageOrigins(), read: read)
    if !errors.isEmpty { throw BuildFailure(warnings + errors) }
  }

  /// Whether a link of a page carried over from the previous build may lead nowhere now: a file
  /// that build wrote is gone, or a page it wrote was rendered again with other ids.
  static func linksMayHaveBroken(since previous: BuildCache?, existing: Set<String>, rendered: [String: LinkSurvey]) -> Bool {
    guard let previous else { return true }
    for entry in previous.entries.values {
      for file in entry.files {
        guard existing.contains(file.path) else { return true }
        if let survey = rendered[file.path], survey.idsDigest != file.idsDigest { return true }
      }
    }
    return false
  }

  /// The broken links of rendered pages, each an error where the link was written.
  func brokenLinks(in files: [OutputFile], renderedBy renderer: SiteRenderer) -> [Diagnostic] {
    linkChecker(for: renderer).brokenLinks(in: files, origins: renderer.pageOrigins())
  }

  func linkChecker(for renderer: SiteRenderer) -> LinkChecker {
    // Files written besides the rendered pages: the copied assets and, when printed, the PDF briefs.
    let pdfs = renderer.withPDFs ? Set(renderer.briefPaths.map(\.pdf)) : []
    return LinkChecker(
      baseURL: renderer.site.config.baseURL, basePath: renderer.site.config.basePath,
      copiedFiles: Set(renderer.assets.map { "assets/" + $0.relative }).union(pdfs))
  }
}
