import Foundation

/// Writing pages from many threads at once, and carrying unchanged files over from the previous
/// output. These call the system directly: a big plan writes tens of thousands of files, and
/// FileManager's checks and conversions cost more than the writes.
extension OutputWriter {
  /// Writes a file into the staging folder, creating its folders; returns it as written.
  func writeStaged(_ path: String, _ contents: Data) throws -> BuildCache.File {
    let target = staging.path + "/" + path
    makeWay(for: path)
    // Its folder first: most pages are the only file of their folder, which is not there yet.
    createFolders(upTo: target)
    let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw writeError(path, errno) }
    defer { close(descriptor) }
    let failure: Int32? = contents.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = systemWrite(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
    if let failure { throw writeError(path, failure) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw writeError(path, errno) }
    return BuildCache.File(path: path, size: Int64(info.st_size), modified: Self.modificationTime(info))
  }

  /// Hard-links a file of the previous output into the staging folder, if it is still as the
  /// cache recorded it; the link keeps its bytes and its modification time. False when it is not.
  func carryOver(_ file: BuildCache.File) -> Bool {
    let previous = output.path + "/" + file.path
    var info = stat()
    guard lstat(previous, &info) == 0, Self.isAsRecorded(info, file) else { return false }
    return linkFromOutput(file.path, inode: UInt64(info.st_ino))
  }

  /// Hard-links a file of the previous output into the staging folder if it holds exactly
  /// `contents` and is still as the cache recorded it: a page rendered again to the same bytes (what it
  /// read changed, but not what it shows) keeps its file and its modification time, so a
  /// deploy that compares times does not send it again. False when it differs.
  func carryOver(_ file: BuildCache.File, ifItHolds contents: Data) -> Bool {
    guard file.size == Int64(contents.count), let (parts, inode) = read(file, [0..<contents.count]), parts.first == contents
    else { return false }
    return linkFromOutput(file.path, inode: inode)
  }

  /// The bytes of `parts` of a file in the previous output, if the file is still as the cache
  /// recorded it; none else. Only those parts are read: a big brief is tens of megabytes, and the
  /// briefs render at once.
  func keptParts(_ parts: [BuildCache.KeptPart], of file: BuildCache.File) -> KeptParts {
    // A damaged cache may hold any numbers: compared without arithmetic that could overflow.
    guard !parts.isEmpty, parts.allSatisfy({ $0.offset >= 0 && $0.length >= 0 && $0.offset <= Int.max - $0.length }),
      let (read, _) = read(file, parts.map { $0.offset..<$0.offset + $0.length })
    else { return KeptParts() }
    return KeptParts(parts, bytes: read)
  }

  /// The bytes of a file of the previous output at each of `places`, with the file's inode, if the
  /// file is still as the cache recorded it and holds them all.
  private func read(_ file: BuildCache.File, _ places: [Range<Int>]) -> (parts: [Data], inode: UInt64)? {
    let descriptor = open(output.path + "/" + file.path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, Self.isAsRecorded(info, file), places.allSatisfy({ Int64($0.upperBound) <= file.size })
    else { return nil }
    var parts: [Data] = []
    for place in places {
      var bytes = Data(count: place.count)
      let read = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let start = buffer.baseAddress else { return 0 }
        var done = 0
        while done < place.count {
          let count = pread(descriptor, start + done, place.count - done, off_t(place.lowerBound + done))
          if count <= 0 { return done }
          done += count
        }
        return done
      }
      guard read == place.count else { return nil }
      parts.append(bytes)
    }
    return (parts, UInt64(info.st_ino))
  }

  /// Whether a file of the previous output is still as the cache recorded it: a regular file of
  /// the same size and modification time.
  private static func isAsRecorded(_ info: stat, _ file: BuildCache.File) -> Bool {
    (info.st_mode & S_IFMT) == S_IFREG && Int64(info.st_size) == file.size && modificationTime(info) == file.modified
  }

  /// Hard-links a file of the previous output into the staging folder as it is (a PDF printed from
  /// a page that is unchanged); false when the previous output has no such file.
  func linkFromPrevious(_ path: String) -> Bool {
    var info = stat()
    guard lstat(output.path + "/" + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
    return linkFromOutput(path, inode: UInt64(info.st_ino))
  }

  /// Puts the previous output's file in place of the staged one at `path` when the two hold the
  /// same bytes, so that it keeps its modification time: a PDF printed again from a page whose
  /// change does not show in print. True when it did.
  func keepPrevious(ifSameAs path: String) -> Bool {
    let previous = output.path + "/" + path
    let staged = staging.path + "/" + path
    guard let old = FileManager.default.contents(atPath: previous), old == FileManager.default.contents(atPath: staged) else {
      return false
    }
    let kept = staged + ".kept"
    guard link(previous, kept) == 0 else { return false }
    guard rename(kept, staged) == 0 else {
      unlink(kept)
      return false
    }
    return true
  }

  /// Removes a file from the staging folder (one carried over for a job that is rendered after all).
  func removeStaged(_ path: String) {
    unlink(staging.path + "/" + path)
  }

  /// Copies files (the templates' assets) into the staging folder under `destination`, linking
  /// those identical to the previous output's instead, so that they keep their time.
  func copyKeepingUnchanged(_ files: [AssetFile], to destination: String) throws {
    for file in files {
      let relative = destination + "/" + file.relative
      let previous = output.path + "/" + relative
      do {
        let new = try SourceFile.readBytes(atPath: file.source, reportedAs: file.source)
        var previousInfo = stat()
        // Only a regular file is linked: a link left in an older output must not be published again.
        if lstat(previous, &previousInfo) == 0, (previousInfo.st_mode & S_IFMT) == S_IFREG,
          let old = try? SourceFile.readBytes(atPath: previous, reportedAs: previous), old == new,
          linkFromOutput(relative, inode: UInt64(previousInfo.st_ino))
        {
          continue
        }
        _ = try writeStaged(relative, new)
      } catch let diagnostic as Diagnostic {
        throw Diagnostic(.error, at: SourceLocation(path: file.source), "cannot copy this asset: \(diagnostic.message)")
      } catch {
        throw Diagnostic(.error, at: SourceLocation(path: file.source), "cannot copy this asset: \(Diagnostic.reason(error))")
      }
    }
  }

  /// Creates the folders above a path in the staging folder (`mkdir -p` of its parent).
  func createFolders(upTo path: String) {
    guard let slash = path.lastIndex(of: "/") else { return }
    let parent = String(path[..<slash])
    if mkdir(parent, 0o777) == 0 || errno == EEXIST { return }
    if errno == ENOENT {
      createFolders(upTo: parent)
      mkdir(parent, 0o777)
    }
  }

  private func writeError(_ path: String, _ code: Int32) -> Diagnostic {
    Diagnostic(
      .error, at: SourceLocation(path: output.appendingPathComponent(path).path), "cannot write: \(String(cString: strerror(code)))")
  }

  /// Nanoseconds since 1970, as the file system keeps them.
  static func modificationTime(_ info: stat) -> Int64 {
    #if canImport(Darwin)
    let time = info.st_mtimespec
    #else
    let time = info.st_mtim
    #endif
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }
}

/// write(2); the name `write` inside `OutputWriter` is its own method.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Darwin)
  Darwin.write(descriptor, bytes, count)
  #else
  Glibc.write(descriptor, bytes, count)
  #endif
}
