import Foundation

/// A file as the system describes it: which file it is, its size, and when its contents and its
/// description last changed. Any write to a file changes its change time, which no tool can set.
struct FileIdentity: Sendable, Equatable {
  var device: UInt64
  var inode: UInt64
  var size: Int64
  /// Nanoseconds since 1970.
  var modified: Int64
  var changed: Int64

  init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
    (self.device, self.inode, self.size, self.modified, self.changed) = (device, inode, size, modified, changed)
  }

  init(_ info: stat) {
    #if canImport(Darwin)
    let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
    #else
    let (modified, changed) = (info.st_mtim, info.st_ctim)
    #endif
    self.init(
      device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
      modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
      changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec))
  }
}

/// What a build read of each section file: the file as the system described it, and its text's
/// hash and length. The next build takes a file that the system describes the same way as
/// unchanged, and reads it only if it needs its text: after a one-file edit most files are never
/// read. Kept beside the build cache, as `.planpress-cache/<output folder>.files`.
///
/// A file whose times are within `racyMargin` of the recording build's start is not trusted, as
/// Git does for its index: a file system's clock is coarse, and a file written just as it was
/// read could keep the times it had.
struct SourceRecords: Sendable {
  struct Record: Sendable, Equatable {
    var identity: FileIdentity
    var textHash: UInt64
    var utf8Count: Int
    /// The hash of the text before the body (`PlanReadValues`), once a build has taken it.
    var frontHash: UInt64?
  }

  /// When the recording build started reading, in nanoseconds since 1970.
  var startedReading: Int64 = 0
  /// By the file's path as the build was told it.
  var records: [String: Record] = [:]

  static let racyMargin: Int64 = 2_000_000_000
  private static let header = "planpress source records 2"

  init(startedReading: Int64 = 0) {
    self.startedReading = startedReading
  }

  static func location(forOutput output: URL) -> URL {
    let buildCache = BuildCache.location(forOutput: output)
    return buildCache.deletingLastPathComponent().appendingPathComponent(buildCache.lastPathComponent + ".files")
  }

  /// Now, in nanoseconds since 1970, as file times are given.
  static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }

  /// The record of the file at `path`, if the system describes it as it did when it was recorded
  /// and it had not changed for a while before then.
  func unchanged(_ path: String, _ identity: FileIdentity) -> Record? {
    guard let record = records[path], record.identity == identity,
      max(identity.modified, identity.changed) < startedReading - Self.racyMargin
    else { return nil }
    return record
  }

  /// Reads records; none when there are none or they are not ones this planpress wrote.
  static func load(from url: URL) -> SourceRecords {
    // Another planpress may hash otherwise: its records are not used.
    let start = Array((header + "\n" + RenderInputs.executable + "\n").utf8)
    guard let file = MappedFile(path: url.path), file.bytes.starts(with: start) else { return SourceRecords() }
    // Numbers, then the path's length and bytes: read on every rebuild, so nothing is parsed from text.
    let bytes = file.bytes
    var position = start.count
    func number() -> UInt64? {
      defer { position += 8 }
      return bytes.number(at: position)
    }
    guard let started = number() else { return SourceRecords() }
    var loaded = SourceRecords(startedReading: Int64(bitPattern: started))
    while position < bytes.count {
      guard let device = number(), let inode = number(), let size = number(), let modified = number(), let changed = number(),
        let textHash = number(), let utf8Count = number(), let hasFront = number(), let frontHash = number(), let length = number(),
        length <= bytes.count - position, let utf8Count = Int(exactly: utf8Count)
      else { return SourceRecords() }
      let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + Int(length)]), as: UTF8.self)
      position += Int(length)
      let identity = FileIdentity(
        device: device, inode: inode, size: Int64(bitPattern: size), modified: Int64(bitPattern: modified),
        changed: Int64(bitPattern: changed))
      loaded.records[path] = Record(
        identity: identity, textHash: textHash, utf8Count: utf8Count, frontHash: hasFront == 1 ? frontHash : nil)
    }
    return loaded
  }

  /// Saves these records, in path order (for tests, which change records to see what a build does).
  func save(to url: URL) throws {
    try Self.save(records.sorted(by: { $0.key < $1.key }), count: records.count, startedReading: startedReading, to: url)
  }

  /// Saves the records of what a build read of `files`, in their order (the build's is the same
  /// every time), with the front hashes it took, as started reading at `startedReading`.
  static func save(_ files: [SourceFile], frontHashes: [String: UInt64], startedReading: Int64, to url: URL) throws {
    let records = files.lazy.compactMap { file in
      file.identity.map { identity in
        (
          key: file.path,
          value: Record(
            identity: identity, textHash: file.textHash, utf8Count: file.utf8Count,
            frontHash: frontHashes[file.path] ?? file.recordedFrontHash)
        )
      }
    }
    try save(records, count: files.count, startedReading: startedReading, to: url)
  }

  private static func save(
    _ records: some Sequence<(key: String, value: Record)>, count: Int, startedReading: Int64, to url: URL
  ) throws {
    var bytes = Array((header + "\n" + RenderInputs.executable + "\n").utf8)
    bytes.reserveCapacity(count * 120)
    bytes.appendNumber(UInt64(bitPattern: startedReading))
    for (path, record) in records {
      let identity = record.identity
      for number in [
        identity.device, identity.inode, UInt64(bitPattern: identity.size), UInt64(bitPattern: identity.modified),
        UInt64(bitPattern: identity.changed), record.textHash, UInt64(record.utf8Count), record.frontHash == nil ? 0 : 1,
        record.frontHash ?? 0, UInt64(path.utf8.count),
      ] {
        bytes.appendNumber(number)
      }
      bytes += path.utf8
    }
    try BuildCache.writeWhole(url) { try $0.write(contentsOf: Data(bytes)) }
  }
}

/// The files a build found changed when it came to read them after all (see `SourceRecords`):
/// the build then stops, as what it made may mix the file before and after the change.
final class SourceChanges: Sendable {
  private let paths = Locked<[String]>([])

  func record(_ path: String) {
    paths.withLock { $0.append(path) }
  }

  /// The first file found changed, as an error to report.
  var failure: Diagnostic? {
    paths.withLock { $0.min() }.map {
      Diagnostic(.error, at: SourceLocation(path: $0), "the file changed while the build was reading it; build again")
    }
  }
}
