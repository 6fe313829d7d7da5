import Foundation

/// Writes a build into a staging folder beside the output and swaps it in only when everything is
/// written, so a failed or interrupted build never leaves a half-written site.
public struct OutputWriter {
  public let output: URL
  public let staging: URL
  private let fileManager = FileManager.default

  /// Files of a previous output that belong to the folder, not to the build (they keep it in git).
  static let preservedNames = [".gitignore"]

  /// Creates an empty staging folder next to `output` (same file system, so the swap is a rename).
  public init(output: URL) throws {
    self.output = output.standardizedFileURL
    let parent = self.output.deletingLastPathComponent()
    staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
      if fileManager.fileExists(atPath: staging.path) { try fileManager.removeItem(at: staging) }
      try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      throw Diagnostic(.error, at: SourceLocation(path: output.path), "cannot prepare the output folder: \(error.localizedDescription)")
    }
  }

  /// Swaps the staging folder in for the output: the previous output is renamed aside, the new
  /// one renamed into place, and only then is the previous one removed.
  public func commit() throws {
    let previous = staging.deletingLastPathComponent()
      .appendingPathComponent(".\(output.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      if fileManager.fileExists(atPath: output.path) {
        for name in Self.preservedNames {
          let kept = output.appendingPathComponent(name)
          if fileManager.fileExists(atPath: kept.path), !fileManager.fileExists(atPath: staging.appendingPathComponent(name).path) {
            try fileManager.copyItem(at: kept, to: staging.appendingPathComponent(name))
          }
        }
        if fileManager.fileExists(atPath: previous.path) { try fileManager.removeItem(at: previous) }
        try fileManager.moveItem(at: output, to: previous)
        do {
          try fileManager.moveItem(at: staging, to: output)
        } catch {
          try? fileManager.moveItem(at: previous, to: output)
          throw error
        }
        Self.removeFolder(previous)
      } else {
        try fileManager.moveItem(at: staging, to: output)
      }
    } catch {
      throw Diagnostic(.error, at: SourceLocation(path: output.path), "cannot replace the output folder: \(error.localizedDescription)")
    }
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
    try? fileManager.removeItem(at: staging)
  }
}
