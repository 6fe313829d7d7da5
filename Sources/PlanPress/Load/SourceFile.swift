import Foundation

/// The text of one input file, decoded and normalised (BOM removed, CRLF and CR turned into LF),
/// with the path it is reported under.
///
/// A section file that a rebuild finds unchanged since the build that read it (see `SourceRecords`)
/// is read again only if its text is asked for: most of a big plan's files never are.
public struct SourceFile: Sendable, Hashable {
  /// The path as the user should see it in messages (relative to the working folder when possible).
  public let path: String
  private let contents: Contents
  /// A stable hash of `text`, taken once as the file is read: the cache of parsed sections and the
  /// render keys both ask for it, on every build, for every file.
  let textHash: UInt64
  /// The text's length in UTF-8 bytes.
  let utf8Count: Int
  /// The file as the system described it when it was read; nil for a text made in memory.
  let identity: FileIdentity?
  /// The hash of the text before the body (`PlanReadValues`), when a record of the file gives it.
  let recordedFrontHash: UInt64?

  public var text: String { contents.text }

  /// Whether the text has been read: false only for a file taken as unchanged whose text nothing
  /// has asked for yet.
  var hasBeenRead: Bool { contents.hasBeenRead }

  public init(path: String, text: String) {
    self.init(path: path, normalizedText: Self.normalizingLineEndings(text), identity: nil)
  }

  private init(path: String, normalizedText: String, identity: FileIdentity?) {
    self.path = path
    contents = Contents(normalizedText)
    textHash = StableHasher.hash { $0.combine(normalizedText) }
    utf8Count = normalizedText.utf8.count
    self.identity = identity
    recordedFrontHash = nil
  }

  /// A file a record says is unchanged: read from `filePath` when its text is first asked for.
  /// Should it have changed after all (or be gone), `changes` is told, and the build stops.
  init(unchanged record: SourceRecords.Record, path: String, readingFrom filePath: String, changes: SourceChanges) {
    self.path = path
    textHash = record.textHash
    utf8Count = record.utf8Count
    identity = record.identity
    recordedFrontHash = record.frontHash
    contents = Contents(later: Self.rereading(filePath, reportedAs: path, textHash: record.textHash, changes: changes))
  }

  /// The file with its text read already, which it may let go of (see `letTextGo`) and read again
  /// from `filePath` if asked for it later; a change found then is told to `changes`.
  private init(read file: SourceFile, from filePath: String, changes: SourceChanges) {
    path = file.path
    textHash = file.textHash
    utf8Count = file.utf8Count
    identity = file.identity
    recordedFrontHash = file.recordedFrontHash
    contents = Contents(file.text, readAgain: Self.rereading(filePath, reportedAs: file.path, textHash: file.textHash, changes: changes))
  }

  private static func rereading(
    _ filePath: String, reportedAs path: String, textHash: UInt64, changes: SourceChanges
  ) -> @Sendable () -> String {
    {
      guard let file = try? SourceFile.read(atPath: filePath, reportedAs: path), file.textHash == textHash else {
        changes.record(path)
        return ""
      }
      return file.text
    }
  }

  /// Lets the text go, every copy of the file at once, if it can be read again when asked for: a
  /// build whose bodies are all parsed need not hold its sources while it renders.
  func letTextGo() {
    contents.letGo()
  }

  /// Two files are the same when their paths and texts are: the texts compared by hash, so that
  /// one not read yet need not be.
  public static func == (left: SourceFile, right: SourceFile) -> Bool {
    left.path == right.path && left.textHash == right.textHash && left.utf8Count == right.utf8Count
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(path)
    hasher.combine(textHash)
  }

  /// The text, shared by every copy of the file: held from the start, or read by the first thread
  /// to ask while the others wait for it; let go of, and read again, only where there is a way to.
  private final class Contents: Sendable {
    private let readAgain: (@Sendable () -> String)?
    private let held: Locked<(text: String?, everRead: Bool)>

    init(_ text: String, readAgain: (@Sendable () -> String)? = nil) {
      self.readAgain = readAgain
      held = Locked((text, true))
    }

    init(later read: @escaping @Sendable () -> String) {
      readAgain = read
      held = Locked((nil, false))
    }

    var hasBeenRead: Bool { held.withLock { $0.everRead } }

    var text: String {
      held.withLock { held in
        if let text = held.text { return text }
        let read = readAgain?() ?? ""
        held = (read, true)
        return read
      }
    }

    func letGo() {
      guard readAgain != nil else { return }
      held.withLock { $0.text = nil }
    }
  }

  /// Reads and decodes a file; a file that is not UTF-8 fails with the byte offset of the first bad byte.
  public static func read(_ url: URL, reportedAs path: String) throws -> SourceFile {
    try read(atPath: url.path, reportedAs: path)
  }

  /// `read`, by path: with the system's calls rather than Foundation's, which cost more than the
  /// reading itself when a big plan reads tens of thousands of small files.
  static func read(atPath filePath: String, reportedAs path: String) throws -> SourceFile {
    var identity: FileIdentity?
    let bytes = try readBytes(atPath: filePath, reportedAs: path, identity: &identity)
    return try decode(bytes, path: path, identity: identity)
  }

  /// `read`, unless `unchanged` gives a record for the file as the system describes it now: then
  /// the file is read only if its text is asked for (see `init(unchanged:path:readingFrom:changes:)`).
  /// Either way its text can be let go of and read again (see `letTextGo`).
  static func read(
    atPath filePath: String, reportedAs path: String, unchanged: (FileIdentity) -> SourceRecords.Record?, changes: SourceChanges
  ) throws -> SourceFile {
    var info = stat()
    if stat(filePath, &info) == 0, let record = unchanged(FileIdentity(info)) {
      return SourceFile(unchanged: record, path: path, readingFrom: filePath, changes: changes)
    }
    return SourceFile(read: try read(atPath: filePath, reportedAs: path), from: filePath, changes: changes)
  }

  /// The bytes of a regular file; anything else (a FIFO, a device, a folder) is refused without
  /// waiting on it.
  static func readBytes(atPath filePath: String, reportedAs path: String) throws -> Data {
    var identity: FileIdentity?
    return try readBytes(atPath: filePath, reportedAs: path, identity: &identity)
  }

  /// `readBytes`, telling `identity` what the file was as it was read.
  static func readBytes(atPath filePath: String, reportedAs path: String, identity: inout FileIdentity?) throws -> Data {
    // Looked at before it is opened: opening a FIFO waits for a writer, forever, and opening a
    // device may act on it. Checked again once open, in case it was replaced in between.
    var info = stat()
    guard stat(filePath, &info) == 0 else {
      throw Diagnostic(.error, at: SourceLocation(path: path), "cannot read file: \(Diagnostic.systemReason(errno))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw Diagnostic(.error, at: SourceLocation(path: path), "cannot read file: \(FileKind.describe(info.st_mode))")
    }
    let descriptor = open(filePath, O_RDONLY | O_CLOEXEC | O_NOCTTY)
    guard descriptor >= 0, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      let reason = descriptor >= 0 ? FileKind.describe(info.st_mode) : Diagnostic.systemReason(errno)
      if descriptor >= 0 { close(descriptor) }
      throw Diagnostic(.error, at: SourceLocation(path: path), "cannot read file: \(reason)")
    }
    defer { close(descriptor) }
    identity = FileIdentity(info)
    var data = Data(count: Int(info.st_size))
    var filled = 0
    let failure: Int32? = data.withUnsafeMutableBytes { buffer in
      while filled < buffer.count {
        let count = systemRead(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
        if count < 0 {
          if errno == EINTR { continue }
          return errno
        }
        // The file shrank while it was read: what was read is the file.
        if count == 0 { break }
        filled += count
      }
      return nil
    }
    if let failure { throw Diagnostic(.error, at: SourceLocation(path: path), "cannot read file: \(String(cString: strerror(failure)))") }
    if filled < data.count { data.removeSubrange(filled...) }
    return data
  }

  /// Decodes UTF-8 bytes; on failure the diagnostic names the line, column and byte offset.
  public static func decode(_ data: Data, path: String) throws -> SourceFile {
    try decode(data, path: path, identity: nil)
  }

  static func decode(_ data: Data, path: String, identity: FileIdentity?) throws -> SourceFile {
    // Validated where it lies: a big plan reads a hundred megabytes, and every copy shows.
    let hasByteOrderMark = data.starts(with: [0xEF, 0xBB, 0xBF])
    let decoded = data.withUnsafeBytes { raw in
      String(validating: raw.bindMemory(to: UInt8.self).dropFirst(hasByteOrderMark ? 3 : 0), as: UTF8.self)
    }
    if let decoded {
      return SourceFile(path: path, normalizedText: Self.normalizingLineEndings(decoded), identity: identity)
    }
    let bytes = [UInt8](data.dropFirst(hasByteOrderMark ? 3 : 0))
    let offset = firstInvalidUTF8Offset(bytes)
    let before = String(decoding: bytes[..<offset], as: UTF8.self)
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    let column = (lines.last?.unicodeScalars.count ?? 0) + 1
    throw Diagnostic(
      .error, at: SourceLocation(path: path, line: lines.count, column: column),
      "file is not valid UTF-8 (bad byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at byte offset \(offset)); save it as UTF-8"
    )
  }

  private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): offset += encoded.count
      case .emptyInput, .error: return min(offset, max(bytes.count - 1, 0))
      }
    }
  }

  static func normalizingLineEndings(_ text: String) -> String {
    // In the text's memory: searching by character, or even through the UTF-8 view, costs as
    // much as the rest of reading a file.
    var text = text
    let hasCarriageReturn = text.withUTF8 { bytes in
      bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), bytes.count) != nil } ?? false
    }
    guard hasCarriageReturn else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
  }

  /// The text of a 1-based line, if it exists.
  public func line(_ number: Int) -> String? {
    var current = 1
    var start = text.startIndex
    while current < number {
      guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
      start = text.index(after: newline)
      current += 1
    }
    let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
    return String(text[start..<end])
  }

  /// A location in this file.
  public func location(line: Int = 1, column: Int = 1) -> SourceLocation {
    SourceLocation(path: path, line: line, column: column)
  }
}

private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  #if canImport(Darwin)
  Darwin.read(descriptor, bytes, count)
  #else
  Glibc.read(descriptor, bytes, count)
  #endif
}

/// What a path is when it is not a regular file, in words for a message.
enum FileKind {
  /// "a file", "a FIFO (named pipe)" …
  static func noun(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a file"
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFSOCK: return "a socket"
    case S_IFCHR, S_IFBLK: return "a device"
    default: return "something other than a file or a folder"
    }
  }

  /// Why such a path cannot be read as a file: "it is a FIFO (named pipe), not a regular file".
  static func describe(_ mode: mode_t) -> String {
    "it is \(noun(mode)), not a regular file"
  }
}

enum FilePaths {
  /// The path with every link resolved (realpath(3)); nil when it does not exist.
  static func resolvingLinks(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
