import Foundation
import Testing

@testable import PlanPressServer

/// What `planpress serve` answers for a path, and what it adds to a page (the browser tests in
/// Tests/Browser run the whole server).
struct PreviewServerTests {
  /// A site with a page, a folder and a link that leads out of it; the folder beside it holds a secret.
  private func site() throws -> (SiteFolder, URL) {
    let root = try TestSupport.temporaryDirectory()
    let site = root.appendingPathComponent("Output")
    try FileManager.default.createDirectory(at: site.appendingPathComponent("sections/alpha"), withIntermediateDirectories: true)
    try Data("<p>alpha</p>".utf8).write(to: site.appendingPathComponent("sections/alpha/index.html"))
    try Data("secret".utf8).write(to: root.appendingPathComponent("secret.txt"))
    try Data("marker".utf8).write(to: site.appendingPathComponent(".planpress-output"))
    try FileManager.default.createSymbolicLink(
      at: site.appendingPathComponent("outside.txt"), withDestinationURL: root.appendingPathComponent("secret.txt"))
    return (SiteFolder(site.path), site)
  }

  @Test(
    "paths that leave the output folder, or name a hidden file, are refused",
    arguments: [
      "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/sections/..%2f..%2fsecret.txt",
      "/sections/%2e%2e/%2e%2e/secret.txt",
      "/..%5csecret.txt", "/.planpress-output", "/sections/./alpha/", "/%00", "/outside.txt", "no-slash", "/%zz",
    ])
  func refused(path: String) throws {
    let (folder, _) = try site()
    #expect(folder.lookup(path) == .refused)
  }

  @Test("a page, its folder with and without the final slash, and what is missing")
  func lookups() throws {
    let (folder, site) = try site()
    let page = site.appendingPathComponent("sections/alpha/index.html").resolvingSymlinksInPath().path
    #expect(folder.lookup("/sections/alpha/") == .file(URL(fileURLWithPath: page)))
    #expect(folder.lookup("/sections/alpha/index.html") == .file(URL(fileURLWithPath: page)))
    #expect(folder.lookup("/sections/alpha") == .redirect("/sections/alpha/"))
    #expect(folder.lookup("/sections/beta/") == .notFound)
    #expect(folder.lookup("/%252e%252e/secret.txt") == .notFound)
  }

  @Test("the reload script goes before the closing body tag, or at the end of a page without one")
  func injection() {
    let tag = #"<script src="/__planpress/live-reload.js" data-build="b-1"></script>"#
    let page = LiveReload.inject(into: Data("<html><body><p>x</p></body></html>\n".utf8), build: "b-1")
    #expect(String(decoding: page, as: UTF8.self) == "<html><body><p>x</p>\(tag)</body></html>\n")
    let fragment = LiveReload.inject(into: Data("<p>x</p>".utf8), build: "b-1")
    #expect(String(decoding: fragment, as: UTF8.self) == "<p>x</p>\(tag)")
  }

  @Test("the watcher sees a file written, added or removed, in the content and the templates' data")
  func watcher() throws {
    let root = try TestSupport.temporaryDirectory()
    let content = root.appendingPathComponent("Content")
    let assets = root.appendingPathComponent("Templates/assets")
    try FileManager.default.createDirectory(at: content.appendingPathComponent("sections"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    let section = content.appendingPathComponent("sections/01-a.zh.md")
    try Data("one".utf8).write(to: section)
    let watcher = SourceWatcher(content: content.path, templates: root.appendingPathComponent("Templates").path)
    let first = watcher.snapshot()
    try Data("two!".utf8).write(to: section)
    let written = watcher.snapshot()
    #expect(written != first)
    try Data("body {}".utf8).write(to: assets.appendingPathComponent("site.css"))
    let added = watcher.snapshot()
    #expect(added != written)
    try FileManager.default.removeItem(at: section)
    #expect(watcher.snapshot() != added)
  }
}
