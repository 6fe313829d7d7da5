import Foundation

/// The folder a build replaces, checked before anything is written: a build replaces only a
/// folder PlanPress wrote (it holds `markerName`) or an empty one, never the sources, a file, or
/// someone's folder. A link to a folder is followed: the folder it names is replaced, the link kept.
public struct OutputFolder: Sendable {
  /// Written into every output; a folder without it was not written by PlanPress.
  public static let markerName = ".planpress-output"
  static let markerText = "This folder is written by PlanPress: each build replaces all of it, so keep nothing of your own here.\n"
  /// Names an output may hold and still count as empty (the one that keeps the folder in git).
  static let ignoredNames: Set<String> = [".gitignore"]

  /// The output as the user named it, for messages.
  public let displayPath: String
  /// Where it is, every link resolved: the folder to replace.
  public let url: URL

  /// Resolves `path` and refuses it when it is, holds or lies inside one of `sources` (by name,
  /// "content"), when it is not a folder, or when it is a folder PlanPress did not write and
  /// `force` is not set.
  public init(_ path: String, sources: [(name: String, path: String)], force: Bool) throws {
    displayPath = path
    let resolved = Self.canonicalPath(path)
    url = URL(fileURLWithPath: resolved)
    func refuse(_ message: String) -> Diagnostic {
      Diagnostic(.error, at: SourceLocation(path: path), message)
    }
    // Folders are compared as the file system knows them (device and inode), not by name: a bind
    // mount or a case-insensitive disk gives one folder two names.
    let outputChain = Self.existingFolders(from: resolved)
    for source in sources {
      let sourcePath = Self.canonicalPath(source.path)
      let sourceChain = Self.existingFolders(from: sourcePath)
      // A source that does not exist is reported by the stage that reads it.
      guard let sourceFolder = sourceChain.first, sourceFolder.path == sourcePath else { continue }
      if let outputFolder = outputChain.first, outputFolder.path == resolved, outputFolder.identity == sourceFolder.identity {
        throw refuse(
          "the output folder is the \(source.name) folder; a build replaces its output whole, so name another folder with --output")
      }
      if let outputFolder = outputChain.first, outputFolder.path == resolved,
        sourceChain.dropFirst().contains(where: { $0.identity == outputFolder.identity })
      {
        throw refuse(
          "the output folder holds the \(source.name) folder (\(source.path)); a build replaces its output whole, so name another folder with --output"
        )
      }
      if outputChain.contains(where: { $0.identity == sourceFolder.identity }) {
        throw refuse("the output folder lies inside the \(source.name) folder (\(source.path)); name a folder outside it with --output")
      }
    }
    var info = stat()
    if lstat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
      let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: resolved)) ?? "nowhere"
      throw refuse("the output is a link to '\(destination)', which does not exist; create that folder or name another with --output")
    }
    guard stat(resolved, &info) == 0 else { return }
    guard (info.st_mode & S_IFMT) == S_IFDIR else {
      throw refuse(
        "the output is \(FileKind.noun(info.st_mode)), not a folder; PlanPress will not replace it: move it away or name another folder with --output"
      )
    }
    if force || Self.holdsMarker(resolved) { return }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: resolved)
    } catch {
      throw refuse("cannot read the output folder: \(Diagnostic.reason(error))")
    }
    if names.contains(where: { !Self.ignoredNames.contains($0) }) {
      throw refuse(
        "the output folder holds files that PlanPress did not write (it has no \(Self.markerName)); a build would replace them all, "
          + "so name an empty or new folder with --output, or use --force to replace it (also once for a site an earlier PlanPress built)")
    }
  }

  /// A folder as the file system identifies it.
  struct Identity: Equatable {
    var device: UInt64
    var inode: UInt64
  }

  /// The folders on the way from `path` up to `/` that exist, nearest first, with their identities.
  static func existingFolders(from path: String) -> [(path: String, identity: Identity)] {
    var folders: [(path: String, identity: Identity)] = []
    var current = path
    while true {
      var info = stat()
      if stat(current, &info) == 0 {
        folders.append((current, Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))))
      }
      if current == "/" || current.isEmpty { return folders }
      current = (current as NSString).deletingLastPathComponent
    }
  }

  /// Whether a folder holds the marker, as a regular file.
  static func holdsMarker(_ folder: String) -> Bool {
    var info = stat()
    return lstat(folder + "/" + markerName, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// The absolute path with every link resolved as far as the path exists; the rest, which holds
  /// no link yet, is joined to it with `.` and `..` resolved by name.
  static func canonicalPath(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var existing = URL(fileURLWithPath: absolute).standardizedFileURL.path
    var rest: [String] = []
    while FilePaths.resolvingLinks(existing) == nil, existing != "/" {
      rest.insert((existing as NSString).lastPathComponent, at: 0)
      existing = (existing as NSString).deletingLastPathComponent
    }
    let base = FilePaths.resolvingLinks(existing) ?? existing
    return rest.reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
  }

  // MARK: What killed builds leave

  /// The staging folder of this process beside the output.
  func stagingFolder() -> URL {
    url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).staging-\(getpid())")
  }

  /// Where this process puts the previous site while it is removed.
  func previousFolder() -> URL {
    url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).previous-\(getpid())")
  }

  /// Removes the staging and previous folders of builds of this output whose process is gone
  /// (killed, or stopped with the machine); a folder of a process still running is left alone, and
  /// so is one without the marker, which PlanPress did not make. Where a build was killed between
  /// the two renames of the fallback swap, the output is missing and its previous site is put back.
  func removeLeftovers() {
    let parent = url.deletingLastPathComponent()
    let staging = ".\(url.lastPathComponent).staging-"
    let previous = ".\(url.lastPathComponent).previous-"
    var info = stat()
    let outputIsMissing = lstat(url.path, &info) != 0
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).sorted() {
      guard let prefix = [staging, previous].first(where: name.hasPrefix),
        ProcessLiveness.namesStoppedProcess(name.dropFirst(prefix.count))
      else { continue }
      let leftover = parent.appendingPathComponent(name)
      guard lstat(leftover.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, Self.holdsMarker(leftover.path) else { continue }
      if prefix == previous, lstat(url.path, &info) != 0, outputIsMissing, rename(leftover.path, url.path) == 0 { continue }
      OutputWriter.removeFolder(leftover)
    }
  }
}

/// Whether a process still runs, for folders named after the process that made them.
enum ProcessLiveness {
  static func isRunning(_ pid: pid_t) -> Bool {
    pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)
  }

  /// Whether a name's part after its prefix (`1234`, or `1234-…`) is exactly the number of another
  /// process, one that has stopped: what it left may be removed. `0`, `+12` or `0012` are not.
  static func namesStoppedProcess(_ rest: Substring) -> Bool {
    let digits = rest.prefix { $0 != "-" }
    guard let pid = pid_t(digits), pid > 0, String(pid) == digits, pid != getpid() else { return false }
    return !isRunning(pid)
  }
}
