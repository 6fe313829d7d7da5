import Foundation

/// The link check of a build: the pages as they were written, before they are swapped in.
extension LinkChecker {
  /// The checker for a renderer's site: files written besides the rendered pages are the copied
  /// assets and, when printed, the PDF briefs.
  init(for renderer: SiteRenderer) {
    let pdfs = renderer.withPDFs ? Set(renderer.briefPaths.map(\.pdf)) : []
    self.init(
      baseURL: renderer.config.baseURL, basePath: renderer.config.basePath,
      copiedFiles: Set(renderer.assets.map { "assets/" + $0.relative }).union(pdfs))
  }

  /// Stops a build whose pages, written in `folder`, link to nothing, before they are swapped in;
  /// the failure carries the warnings seen before it too.
  ///
  /// The pages rendered were surveyed while they were written. A page carried over was checked by
  /// the build that wrote it, and is read again only when one of its links may have broken since:
  /// when a file of that build is gone, or a page was rendered again with other ids. Only when a
  /// link leads nowhere are the pages read again, to find and locate every broken link.
  func verify(
    _ outcome: RenderPipeline.Outcome, expectedFiles: Set<String>, previous: BuildCache?, in folder: URL,
    renderedBy renderer: SiteRenderer, warnings: [Diagnostic]
  ) throws {
    let read = { (path: String) in try? Data(contentsOf: folder.appendingPathComponent(path)) }
    let paths = outcome.cache.entries.values.flatMap { $0.files.map(\.path) }
    let existing = copiedFiles.union(paths)
    var surveys = outcome.surveys
    let carried = paths.filter { outcome.surveys[$0] == nil }
    if !carried.isEmpty, Self.linksMayHaveBroken(since: previous, existing: existing, rendered: outcome.surveys) {
      let carriedSurveys = carried.concurrentMap { path in read(path).map { survey($0, at: path, existing: existing) } }
      for (path, survey) in zip(carried, carriedSurveys) { surveys[path] = survey }
    }
    // The surveys took links to files for good as the files were expected; so they must all be there.
    if existing == expectedFiles, allLinksLead(surveys, existing: existing, read: read) { return }
    let errors = brokenLinks(paths: paths.sorted(), origins: renderer.pageOrigins(), read: read)
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
}
