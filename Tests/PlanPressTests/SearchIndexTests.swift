import Foundation
import Testing

@testable import PlanPress

/// Pagefind's index of a site, as `build` makes it.
@Suite("Search index", .enabled(if: SearchIndexer.find() != nil && FileManager.default.fileExists(atPath: "/dev/shm")))
struct SearchIndexTests {
  /// A folder on tmpfs, which lists a folder's files in the order they were made: there, Pagefind
  /// run over the folder itself gave another index for the same pages written in another order.
  private static let folder = URL(fileURLWithPath: "/dev/shm/planpress-tests-\(getpid())-\(UUID().uuidString)")

  @Test("the same pages written in another order give the same index, byte for byte")
  func sameIndexWhateverTheWriteOrder() throws {
    let copy = try FixtureCopy("search")
    var options = BuildOptions(
      contentDirectory: copy.content.path, templatesDirectory: TestSupport.templates, outputDirectory: copy.output.path)
    options.search = .off
    try SiteBuilder(options: options).build()
    let pages = try TestSupport.snapshot(of: copy.output)
    let html = pages.keys.filter { $0.hasSuffix(".html") }
    #expect(html.count > 10)

    let first = Self.folder.appendingPathComponent("first")
    let second = Self.folder.appendingPathComponent("second")
    defer { OutputWriter.removeFolder(Self.folder) }
    for (folder, order) in [(first, html.sorted()), (second, html.sorted().reversed())] {
      for path in order {
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try #require(pages[path]).write(to: file)
      }
      try #require(SearchIndexer.find()).index(site: folder, pages: html)
      #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(SearchIndexer.inputFolderName).path))
    }
    let firstIndex = try TestSupport.snapshot(of: first.appendingPathComponent("pagefind"))
    #expect(firstIndex.keys.contains { $0.hasPrefix("index/zh_") })
    let entry = String(decoding: try #require(firstIndex["pagefind-entry.json"]), as: UTF8.self)
    #expect(entry.contains(#""languages":{"en":{"#), "\(entry)")
    #expect(firstIndex == (try TestSupport.snapshot(of: second.appendingPathComponent("pagefind"))))
  }
}
