import Foundation

extension SiteBuilder {
  /// Runs every check a build runs (the content, the templates, the interface texts, stale
  /// translations and the links) without rendering or writing anything, and returns all findings,
  /// errors and warnings, instead of stopping at the first stage that fails.
  /// With `strict`, warnings are returned as errors.
  public func check() -> [Diagnostic] {
    var lenient = options
    lenient.strict = false
    var diagnostics: [Diagnostic]
    do {
      let (_, warnings) = try SiteBuilder(options: lenient).prepare()
      diagnostics = warnings
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
}
