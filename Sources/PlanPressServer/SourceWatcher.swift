import Foundation

/// Tells when the files a build reads have changed: the content folder and the templates' data
/// (`i18n/`, `assets/`). It polls (every `interval`), comparing each file's size, modification
/// time and inode, which works alike on every system and file system (a network share, a
/// container's mount) and, for a plan's few hundred files, costs well under a millisecond a look.
struct SourceWatcher: Sendable {
  let folders: [URL]
  var interval: Duration = .milliseconds(50)
  /// How long the files must stay unchanged before a build starts: an editor's save, or a
  /// `git checkout`, that writes several files is built once.
  var settle: Duration = .milliseconds(100)

  init(content: String, templates: String) {
    let templatesFolder = URL(fileURLWithPath: templates)
    folders = [
      URL(fileURLWithPath: content), templatesFolder.appendingPathComponent("i18n"), templatesFolder.appendingPathComponent("assets"),
    ]
  }

  /// What the files are now: a value that changes when any of them is added, removed or written.
  func snapshot() -> [String: [Int]] {
    var files: [String: [Int]] = [:]
    for folder in folders {
      Self.record(folder.path, into: &files)
      guard let walk = FileManager.default.enumerator(atPath: folder.path) else { continue }
      while let name = walk.nextObject() as? String {
        Self.record(folder.appendingPathComponent(name).path, into: &files)
      }
    }
    return files
  }

  private static func record(_ path: String, into files: inout [String: [Int]]) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    #if canImport(Darwin)
    let modified = [Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec)]
    #else
    let modified = [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    #endif
    files[path] = [Int(info.st_size), Int(info.st_ino)] + modified
  }

  /// Waits until the files differ from `known` and then stay unchanged for `settle`; returns what
  /// they are then. Returns nil when the task is cancelled.
  func nextChange(after known: [String: [Int]]) async -> [String: [Int]]? {
    var current = known
    while current == known {
      guard (try? await Task.sleep(for: interval)) != nil else { return nil }
      current = snapshot()
    }
    var stableSince = ContinuousClock.now
    while ContinuousClock.now - stableSince < settle {
      guard (try? await Task.sleep(for: interval)) != nil else { return nil }
      let latest = snapshot()
      if latest != current {
        current = latest
        stableSince = .now
      }
    }
    return current
  }
}
