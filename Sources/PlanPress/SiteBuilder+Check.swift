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
      diagnostics = [Diagnostic(.error, at: SourceLocation(path: options.contentDirectory), "\(error)")]
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
  func verifyLinks(in folder: URL, paths: [String], renderedBy renderer: SiteRenderer, warnings: [Diagnostic]) throws {
    let errors = linkChecker(for: renderer).brokenLinks(paths: paths.sorted(), origins: renderer.pageOrigins()) { path in
      try? Data(contentsOf: folder.appendingPathComponent(path))
    }
    if !errors.isEmpty { throw BuildFailure(warnings + errors) }
  }

  /// The broken links of rendered pages, each an error where the link was written.
  func brokenLinks(in files: [OutputFile], renderedBy renderer: SiteRenderer) -> [Diagnostic] {
    linkChecker(for: renderer).brokenLinks(in: files, origins: renderer.pageOrigins())
  }

  private func linkChecker(for renderer: SiteRenderer) -> LinkChecker {
    // Files written besides the rendered pages: the copied assets and, when printed, the PDF briefs.
    let pdfs = renderer.withPDFs ? Set(renderer.briefPaths.map(\.pdf)) : []
    return LinkChecker(
      baseURL: renderer.site.config.baseURL, basePath: renderer.site.config.basePath, copiedFiles: copiedAssetPaths().union(pdfs),
      templates: templateFiles(renderer.templates))
  }

  /// The output paths of the assets a build copies from the templates folder.
  private func copiedAssetPaths() -> Set<String> {
    let assets = URL(fileURLWithPath: options.templatesDirectory).appendingPathComponent("assets").path
    guard let enumerator = FileManager.default.enumerator(atPath: assets) else { return [] }
    var paths: Set<String> = []
    for case let relative as String in enumerator {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: assets + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
        paths.insert("assets/" + relative)
      }
    }
    return paths
  }

  /// The templates as files, under the paths `TemplateSet` reports them with.
  private func templateFiles(_ templates: TemplateSet) -> [String: SourceFile] {
    let directory = options.templatesDirectory
    return templates.texts.reduce(into: [:]) { files, entry in
      let path = directory.hasSuffix("/") ? "\(directory)\(entry.key).mustache" : "\(directory)/\(entry.key).mustache"
      files[entry.key] = SourceFile(path: path, text: entry.value)
    }
  }
}
