import Foundation

/// Writes a build into a staging folder beside the output and swaps it in only when everything is
/// written, so a failed or interrupted build never leaves a half-written site.
public struct OutputWriter {
  /// The output folder, every link resolved (see `OutputFolder`).
  public let output: URL
  public let staging: URL
  let folder: OutputFolder
  /// What the staging folder held when the build began, when it began as the spare site (see
  /// `StagedFiles`); nil when it began empty.
  let reused: StagedFiles?
  private let fileManager = FileManager.default

  /// Files of a previous output that belong to the folder, not to the build (they keep it in git).
  static let preservedNames = [".gitignore"]

  /// Creates the staging folder next to the output (same file system, so the swap is a rename),
  /// marked as PlanPress's: the spare site when `reusingSpare` and there is one (`listedSpare` is
  /// its listing, if made already), else an empty folder, and a spare site there is removed, as
  /// it will not be brought up to date.
  init(output folder: OutputFolder, reusingSpare: Bool = false, listedSpare: StagedFiles? = nil) throws {
    self.folder = folder
    output = folder.url
    staging = folder.stagingFolder()
    let parent = output.deletingLastPathComponent()
    if fileManager.fileExists(atPath: staging.path) { Self.removeFolder(staging) }
    reused = reusingSpare ? StagedFiles.claimSpare(of: folder, as: staging, listed: listedSpare) : nil
    if reused != nil { return }
    let spare = folder.spareFolder()
    if OutputFolder.holdsMarker(spare.path) { Self.removeFolder(spare) }
    do {
      try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
      try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
      try Data(OutputFolder.markerText.utf8).write(to: staging.appendingPathComponent(OutputFolder.markerName))
    } catch {
      throw Diagnostic(
        .error, at: SourceLocation(path: folder.displayPath),
        "cannot prepare the output folder in \(parent.path): \(Diagnostic.reason(error))")
    }
  }

  /// Swaps the staging folder in for the output in one step of the file system, so the output
  /// path names a whole site at every moment; the previous site is kept as the next build's spare
  /// (see `StagedFiles`). Where the
  /// system cannot exchange two folders, the previous output is renamed aside first, and the
  /// returned note says so.
  @discardableResult
  public func commit() throws -> String? {
    let previous = folder.previousFolder()
    var note: String?
    do {
      var info = stat()
      guard lstat(output.path, &info) == 0 else {
        Self.stopForTest(at: "before-swap")
        try fileManager.moveItem(at: staging, to: output)
        return nil
      }
      for name in Self.preservedNames {
        // Its bytes, and only a regular file's: not a link (to /etc/passwd) nor a FIFO, which would hang the copy.
        let kept = output.appendingPathComponent(name)
        var keptInfo = stat()
        guard lstat(kept.path, &keptInfo) == 0, (keptInfo.st_mode & S_IFMT) == S_IFREG,
          reused != nil || !fileManager.fileExists(atPath: staging.appendingPathComponent(name).path)
        else { continue }
        makeWay(for: name)
        try Data(contentsOf: kept).write(to: staging.appendingPathComponent(name))
      }
      if fileManager.fileExists(atPath: previous.path) { Self.removeFolder(previous) }
      Self.stopForTest(at: "before-swap")
      switch FolderExchange.exchange(staging.path, output.path) {
      case .exchanged:
        Self.stopForTest(at: "after-swap")
        // The staging path now names the previous site.
        keepAsSpare(staging)
      case .unsupported:
        note =
          "this file system cannot exchange two folders in one step, so the output was missing for a moment while the site was swapped in"
        try fileManager.moveItem(at: output, to: previous)
        Self.stopForTest(at: "after-swap")
        do {
          try fileManager.moveItem(at: staging, to: output)
        } catch {
          try? fileManager.moveItem(at: previous, to: output)
          throw error
        }
        keepAsSpare(previous)
      case .failed(let code):
        throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
      }
    } catch {
      throw Diagnostic(
        .error, at: SourceLocation(path: folder.displayPath),
        "cannot swap the new site in for the output folder: \(Diagnostic.reason(error))")
    }
    return note
  }

  /// For the tests of a build killed while swapping (`PLANPRESS_TEST_KILL_AT=before-swap` or
  /// `after-swap`): the process is killed there, as by a signal, with nothing cleaned up.
  private static func stopForTest(at point: String) {
    if ProcessInfo.processInfo.environment["PLANPRESS_TEST_KILL_AT"] == point { kill(getpid(), SIGKILL) }
  }

  /// Removes a folder, each of its top-level entries on a core of its own: a big plan's output is
  /// tens of thousands of folders, most of them in two (`sections/` and `en/`), and removals in
  /// different folders do not wait for each other.
  static func removeFolder(_ folder: URL) {
    let fileManager = FileManager.default
    // A link to a folder (an output folder that was a link) is removed, not what it leads to.
    var info = stat()
    if lstat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      let entries = (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? []
      _ = entries.concurrentMap { try? fileManager.removeItem(at: folder.appendingPathComponent($0)) }
    }
    try? fileManager.removeItem(at: folder)
  }

  /// Removes the staging folder after a failed build; the previous output is untouched.
  public func discard() {
    Self.removeFolder(staging)
  }
}
