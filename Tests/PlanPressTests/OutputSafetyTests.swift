import Foundation
import Testing

@testable import PlanPress

/// A build replaces only what PlanPress wrote: never the sources, a file or someone's folder; the
/// output path names a whole site at every moment, even when the build is killed while swapping;
/// what killed builds leave is removed by the next.
@Suite("Output safety: nothing is lost that PlanPress did not write")
struct OutputSafetyTests {
  /// A fixture copy with its own templates, laid out as a publisher's folder: `Content/`, `Templates/`.
  private func publisherFolder(_ label: String = #function) throws -> FixtureCopy {
    try FixtureCopy(label, copyingTemplates: true)
  }

  private func build(_ site: FixtureCopy, output: String, _ extra: [String] = [], environment: [String: String] = [:]) throws
    -> CommandResult
  {
    try TestSupport.runPlanpress(
      ["build", "--no-pdf", "--content", "Content", "--templates", "Templates", "--output", output] + extra, in: site.directory,
      environment: environment)
  }

  @Test(
    "an output that is, holds or lies inside the sources is refused, and nothing is deleted",
    arguments: [
      (".", "holds the content folder"), ("Content", "is the content folder"), ("Templates", "is the templates folder"),
      ("Content/sections", "lies inside the content folder"), ("Templates/assets", "lies inside the templates folder"),
      ("Templates/i18n/new", "lies inside the templates folder"),
    ])
  func refusesSources(output: String, reason: String) throws {
    let site = try publisherFolder()
    let before = try TestSupport.snapshot(of: site.directory)
    let result = try build(site, output: output)
    #expect(result.status == 1)
    #expect(result.standardError.contains("\(output):1:1: error: the output folder \(reason)"), "\(result.standardError)")
    #expect(result.standardError.split(separator: "\n").filter { $0.contains("error:") }.count == 1)
    #expect(try TestSupport.snapshot(of: site.directory) == before)
  }

  @Test("a file where the output folder should be is refused and kept")
  func refusesAFile() throws {
    let site = try publisherFolder()
    try TestSupport.write("someone's notes\n", to: site.directory.appendingPathComponent("Output"))
    let result = try build(site, output: "Output", ["--force"])
    #expect(result.status == 1)
    #expect(result.standardError.contains("Output:1:1: error: the output is a file, not a folder"), "\(result.standardError)")
    #expect(try String(contentsOf: site.directory.appendingPathComponent("Output"), encoding: .utf8) == "someone's notes\n")
  }

  @Test("a folder PlanPress did not write is refused, and replaced only with --force")
  func refusesAnUnmarkedFolder() throws {
    let site = try publisherFolder()
    let mine = site.directory.appendingPathComponent("Output/mine.txt")
    try TestSupport.write("mine\n", to: mine)
    let refused = try build(site, output: "Output")
    #expect(refused.status == 1)
    #expect(refused.standardError.contains("holds files that PlanPress did not write"), "\(refused.standardError)")
    #expect(refused.standardError.contains("--force"))
    #expect(FileManager.default.fileExists(atPath: mine.path))

    let forced = try build(site, output: "Output", ["--force"])
    #expect(forced.status == 0, "\(forced.standardError)")
    #expect(!FileManager.default.fileExists(atPath: mine.path))
    #expect(OutputFolder.holdsMarker(site.output.path))
  }

  @Test("an empty folder, or one holding only its .gitignore, is built into and keeps the .gitignore")
  func buildsIntoAnEmptyFolder() throws {
    let site = try publisherFolder()
    try TestSupport.write("*\n", to: site.output.appendingPathComponent(".gitignore"))
    let result = try build(site, output: "Output")
    #expect(result.status == 0, "\(result.standardError)")
    #expect(try String(contentsOf: site.output.appendingPathComponent(".gitignore"), encoding: .utf8) == "*\n")
    #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    // A second build replaces what the first wrote.
    #expect(try build(site, output: "Output").status == 0)
  }

  @Test("a linked output is followed: the folder it names is replaced, the link kept")
  func followsALinkedOutput() throws {
    let site = try publisherFolder()
    #expect(try build(site, output: "Published").status == 0)
    try FileManager.default.createSymbolicLink(atPath: site.output.path, withDestinationPath: "Published")
    try TestSupport.edit(site.content.appendingPathComponent("sections/01-alpha.zh.md")) { $0 + "\n新增一段。\n" }
    let result = try build(site, output: "Output")
    #expect(result.status == 0, "\(result.standardError)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path) == "Published")
    let page = try TestSupport.page("sections/alpha/index.html", in: site.directory.appendingPathComponent("Published"))
    #expect(page.contains("新增一段"))
  }

  @Test(
    "a build killed while swapping leaves a whole site at the output path, and the next build removes what it left",
    arguments: ["before-swap", "after-swap"])
  func killedWhileSwapping(point: String) throws {
    let site = try publisherFolder()
    #expect(try build(site, output: "Output").status == 0)
    let section = site.content.appendingPathComponent("sections/01-alpha.zh.md")
    try TestSupport.edit(section) { $0 + "\n第二次构建的新段落。\n" }
    let killed = try build(site, output: "Output", environment: ["PLANPRESS_TEST_KILL_AT": point])
    #expect(killed.status != 0 && killed.status != 1, "the build was to be killed at \(point)")
    let page = try TestSupport.page("sections/alpha/index.html", in: site.output)
    // Killed before the swap: the previous site, whole; after it: the new one, whole.
    #expect(page.contains("第二次构建的新段落") == (point == "after-swap"))
    #expect(OutputFolder.holdsMarker(site.output.path))
    #expect(try leftovers(in: site.directory).count == 1)

    #expect(try build(site, output: "Output").status == 0)
    #expect(try leftovers(in: site.directory).isEmpty)
    #expect(try TestSupport.page("sections/alpha/index.html", in: site.output).contains("第二次构建的新段落"))
  }

  @Test("a build brings the spare site up to date without changing a byte of the live site, even killed before the swap")
  func spareSiteNeverTouchesTheLiveOne() throws {
    let site = try publisherFolder()
    #expect(try build(site, output: "Output").status == 0)
    // The second build keeps the first's site as the spare, its unchanged files hard links of the live ones.
    try TestSupport.edit(site.content.appendingPathComponent("sections/01-alpha.zh.md")) { $0 + "\n第二次构建。\n" }
    #expect(try build(site, output: "Output").status == 0)
    #expect(FileManager.default.fileExists(atPath: site.directory.appendingPathComponent(".planpress-cache/Output.spare").path))
    let live = try TestSupport.snapshot(of: site.output)
    // An edit that every page shows (the plan's title), so that the spare's copy of every page is written.
    try TestSupport.edit(site.content.appendingPathComponent("site.yaml")) { $0.replacingOccurrences(of: "{zh: 测试计划", with: "{zh: 新测试计划") }
    let killed = try build(site, output: "Output", environment: ["PLANPRESS_TEST_KILL_AT": "before-swap"])
    #expect(killed.status != 0 && killed.status != 1, "the build was to be killed before the swap")
    let after = try TestSupport.snapshot(of: site.output)
    #expect(after.keys.sorted() == live.keys.sorted())
    for (path, bytes) in live where after[path] != bytes { Issue.record("\(path) of the live site changed") }
    #expect(try build(site, output: "Output").status == 0)
    #expect(try TestSupport.page("sections/alpha/index.html", in: site.output).contains("新测试计划"))
    #expect(try leftovers(in: site.directory).isEmpty)
  }

  @Test("where folders cannot be exchanged, a build killed between the two renames has its previous site put back by the next")
  func fallbackKilledBetweenRenames() throws {
    let site = try publisherFolder()
    #expect(try build(site, output: "Output").status == 0)
    let fallback = ["PLANPRESS_TEST_NO_EXCHANGE": "1"]
    let killed = try build(
      site, output: "Output", ["--clean"], environment: fallback.merging(["PLANPRESS_TEST_KILL_AT": "after-swap"]) { $1 })
    #expect(killed.status != 0 && killed.status != 1)
    #expect(!FileManager.default.fileExists(atPath: site.output.path), "killed between the renames, the output is missing")
    // The next build fails, but first puts the previous site back: it is never lost.
    try TestSupport.write("title: [\n", to: site.content.appendingPathComponent("site.yaml"))
    let failed = try build(site, output: "Output", environment: fallback)
    #expect(failed.status == 1)
    #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    #expect(try leftovers(in: site.directory).isEmpty)
  }

  @Test("only folders named exactly after a stopped build, and holding the marker, are removed as leftovers")
  func leftoversAreOnlyOurs() throws {
    let site = try publisherFolder()
    let gone = try TestSupport.exitedProcessID()
    var kept: [URL] = []
    for name in [".Output.staging-0", ".Output.previous--1", ".Output.staging-+\(gone)", ".Output.staging-00\(gone)"] {
      let folder = site.directory.appendingPathComponent(name)
      try TestSupport.write("", to: folder.appendingPathComponent(OutputFolder.markerName))
      kept.append(folder)
    }
    let unmarked = site.directory.appendingPathComponent(".Output.staging-\(gone)")
    try TestSupport.write("mine", to: unmarked.appendingPathComponent("notes.txt"))
    kept.append(unmarked)
    let ours = site.directory.appendingPathComponent(".Output.previous-\(gone)")
    try TestSupport.write("", to: ours.appendingPathComponent(OutputFolder.markerName))
    #expect(try build(site, output: "Output").status == 0)
    for folder in kept { #expect(FileManager.default.fileExists(atPath: folder.path), "\(folder.lastPathComponent) is kept") }
    #expect(!FileManager.default.fileExists(atPath: ours.path))
  }

  @Test("an output's .gitignore is kept only as a regular file: a FIFO does not hang the build, a link is not published")
  func oddGitignore() throws {
    let site = try publisherFolder()
    try FileManager.default.createDirectory(at: site.output, withIntermediateDirectories: true)
    #expect(mkfifo(site.output.appendingPathComponent(".gitignore").path, 0o644) == 0)
    #expect(try build(site, output: "Output").status == 0)
    var info = stat()
    #expect(lstat(site.output.appendingPathComponent(".gitignore").path, &info) != 0)

    let linked = site.directory.appendingPathComponent("Linked")
    try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: linked.appendingPathComponent(".gitignore").path, withDestinationPath: "/etc/passwd")
    #expect(try build(site, output: "Linked").status == 0)
    #expect(lstat(linked.appendingPathComponent(".gitignore").path, &info) != 0)
  }

  private func leftovers(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".Output.") }
  }

  @Test("a leftover of a process still running is left alone")
  func keepsTheFoldersOfRunningBuilds() throws {
    let site = try publisherFolder()
    // This test's own process runs, and so does PID 1.
    let running = site.directory.appendingPathComponent(".Output.staging-1")
    try FileManager.default.createDirectory(at: running, withIntermediateDirectories: true)
    #expect(try build(site, output: "Output").status == 0)
    #expect(FileManager.default.fileExists(atPath: running.path))
  }

  @Test("Chromium profiles of killed builds are removed, those of running ones kept")
  func removesChromiumProfilesOfStoppedBuilds() throws {
    let gone = try TestSupport.exitedProcessID()
    let temporary = FileManager.default.temporaryDirectory
    let stale = temporary.appendingPathComponent("\(PDFPrinter.profilePrefix)\(gone)-\(UUID().uuidString)")
    let live = temporary.appendingPathComponent("\(PDFPrinter.profilePrefix)\(getpid())-\(UUID().uuidString)")
    for folder in [stale, live] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    defer { try? FileManager.default.removeItem(at: live) }
    PDFPrinter.removeProfilesOfStoppedBuilds()
    #expect(!FileManager.default.fileExists(atPath: stale.path))
    #expect(FileManager.default.fileExists(atPath: live.path))
  }

  @Test("an output whose folder cannot be made says why in a sentence, not as a Swift value")
  func outputUnderAFile() throws {
    let site = try publisherFolder()
    try TestSupport.write("notes\n", to: site.directory.appendingPathComponent("notes"))
    let result = try build(site, output: "notes/Output")
    #expect(result.status == 1)
    #expect(result.standardError.contains("notes/Output:1:1: error: cannot prepare the output folder"), "\(result.standardError)")
    #expect(result.standardError.contains("Not a directory") || result.standardError.contains("File exists"), "\(result.standardError)")
    for dump in ["Diagnostic(", "NSError", "Domain=", "Error Domain"] { #expect(!result.standardError.contains(dump)) }
  }
}

@Suite("Error reasons: the system's words, never a Swift value")
struct ErrorReasonTests {
  @Test("Foundation's file errors are given as the system says them")
  func foundationErrors() {
    #expect(Diagnostic.reason(CocoaError(.fileWriteOutOfSpace)) == String(cString: strerror(ENOSPC)))
    #expect(Diagnostic.reason(CocoaError(.fileNoSuchFile)) == String(cString: strerror(ENOENT)))
    let wrapped = NSError(
      domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS))])
    #expect(Diagnostic.reason(wrapped) == String(cString: strerror(EROFS)))
    #expect(Diagnostic.reason(POSIXError(.EACCES)) == String(cString: strerror(EACCES)))
  }

  @Test("PlanPress's own errors give their message")
  func ownErrors() {
    #expect(Diagnostic.reason(Diagnostic(.error, at: SourceLocation(path: "x"), "the message")) == "the message")
    #expect(Diagnostic.reason(ChromiumSession.Failure(description: "Chromium gave no PDF")) == "Chromium gave no PDF")
  }
}

extension TestSupport {
  /// The ID of a process that has exited: one no running process has.
  static func exitedProcessID() throws -> pid_t {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }
}
