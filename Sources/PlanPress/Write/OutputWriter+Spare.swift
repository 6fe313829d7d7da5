import Foundation

/// The site before the current one, kept after a swap instead of removed, and updated into the
/// next build's staging folder: after a small edit of a big plan, linking every unchanged file
/// into an empty folder and removing the old site cost more than the rest of the build
/// (BENCHMARKS.md). Its unchanged files are hard links of the output's, so it costs little disk.
extension OutputFolder {
  /// `<parent>/.planpress-cache/<name>.spare`, beside the build cache and on the output's file
  /// system, so that it moves in and out by rename.
  func spareFolder() -> URL {
    url.deletingLastPathComponent().appendingPathComponent(".planpress-cache").appendingPathComponent("\(url.lastPathComponent).spare")
  }
}

/// The files of the spare site, each path with its inode, which tells whether it is already the
/// output's file; listed while the content is read, and taken up by the build that lists it.
struct StagedFiles: Sendable {
  var inodes: [String: UInt64] = [:]
  /// The inode of the site's folder: a listing is of the folder the build then takes only if they match.
  var folderInode: UInt64 = 0

  /// The spare site's files, or nil when there is none.
  static func listSpare(of folder: OutputFolder) -> StagedFiles? {
    let spare = folder.spareFolder()
    var info = stat()
    guard lstat(spare.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, OutputFolder.holdsMarker(spare.path) else { return nil }
    var files = StagedFiles(folderInode: UInt64(info.st_ino))
    files.walk(spare.path, relative: "")
    return files
  }

  /// Takes the spare site as the staging folder by renaming it, so that two builds at once cannot
  /// both take it; nil when there is none to take (the staging folder is then left as it was).
  /// `listed` is the spare's listing if the build made one already.
  static func claimSpare(of folder: OutputFolder, as staging: URL, listed: StagedFiles?) -> StagedFiles? {
    guard let listed = listed ?? listSpare(of: folder), rename(folder.spareFolder().path, staging.path) == 0 else { return nil }
    var info = stat()
    guard lstat(staging.path, &info) == 0 else { return nil }
    if UInt64(info.st_ino) == listed.folderInode { return listed }
    // Another build put a newer spare in its place meanwhile.
    var files = StagedFiles(folderInode: UInt64(info.st_ino))
    files.walk(staging.path, relative: "")
    return files
  }

  /// Lists a folder's files and folders below it, without following links.
  private mutating func walk(_ folder: String, relative: String) {
    walk(opened: open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC), relative: relative)
  }

  /// Lists the folder open at `descriptor`, and closes it. Each folder below is opened from its
  /// parent, not by its whole path: a site has a folder for each page.
  private mutating func walk(opened descriptor: Int32, relative: String) {
    guard descriptor >= 0 else { return }
    guard let directory = fdopendir(descriptor) else {
      close(descriptor)
      return
    }
    defer { closedir(directory) }
    let folder = dirfd(directory)
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
        String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      let path = relative.isEmpty ? name : relative + "/" + name
      var info = stat()
      let type = entry.pointee.d_type
      if type == DT_DIR
        || (type == DT_UNKNOWN && fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
      {
        walk(opened: openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), relative: path)
      } else {
        inodes[path] = UInt64(entry.pointee.d_ino)
      }
    }
  }
}

extension OutputWriter {
  /// Keeps the previous site, which the swap has just put at `staging`, as the next build's spare;
  /// removes it when it cannot be kept.
  func keepAsSpare(_ previousSite: URL) {
    let spare = folder.spareFolder()
    try? FileManager.default.createDirectory(at: spare.deletingLastPathComponent(), withIntermediateDirectories: true)
    if rename(previousSite.path, spare.path) != 0 { Self.removeFolder(previousSite) }
  }

  /// Removes from a staging folder that began as the spare site every file the build does not
  /// make, and the folders left empty, before any page is written: a page may now be where a
  /// folder was. The marker and the folder's own files (`preservedNames`) stay.
  func removeStale(keeping expected: Set<String>) {
    guard let reused else { return }
    var emptied: Set<String> = []
    for path in reused.inodes.keys where !expected.contains(path) && path != OutputFolder.markerName && !Self.preservedNames.contains(path)
    {
      unlink(staging.path + "/" + path)
      if let slash = path.lastIndex(of: "/") { emptied.insert(String(path[..<slash])) }
    }
    // Deepest first, each folder then its parents, as far as they are empty.
    for folder in emptied.sorted(by: { $0.count > $1.count }) {
      var current = Substring(folder)
      while !current.isEmpty, rmdir(staging.path + "/" + current) == 0 {
        current = current.lastIndex(of: "/").map { current[..<$0] } ?? ""
      }
    }
  }

  /// Makes the staging folder's file at `path` the output's file (a hard link of it), replacing
  /// what the spare site held there in one rename; true when it is.
  func linkFromOutput(_ path: String, inode: UInt64) -> Bool {
    let source = output.path + "/" + path
    let target = staging.path + "/" + path
    guard let held = reused?.inodes[path] else {
      if link(source, target) == 0 { return true }
      guard errno == ENOENT else { return false }
      createFolders(upTo: target)
      return link(source, target) == 0
    }
    if held == inode { return true }
    let temporary = target + ".planpress-link"
    unlink(temporary)
    guard link(source, temporary) == 0 else { return false }
    if rename(temporary, target) == 0 { return true }
    unlink(temporary)
    return false
  }

  /// Makes way for a new file at `path`: a file the spare site held there may be the output's
  /// own (a hard link), and writing into it would change the live site.
  func makeWay(for path: String) {
    if reused?.inodes[path] != nil { unlink(staging.path + "/" + path) }
  }
}
