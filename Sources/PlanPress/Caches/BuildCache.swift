import Foundation

/// What the previous build wrote and from what: for each render job, what it read of the plan, the
/// key of those reads and the files it wrote, each with the size and modification time it had then.
///
/// It lives beside the output folder, in `.planpress-cache/<output folder's name>`, and never in
/// it, so that it is not published. It is only a hint: a cache that is missing, unreadable or
/// from another version makes a full build, and a file whose size or time has changed since
/// (edited by hand, or by another tool) is rendered again.
struct BuildCache: Sendable, Equatable {
  /// A file the build wrote, as it was when written.
  struct File: Sendable, Equatable {
    var path: String
    var size: Int64
    var modified: Int64
    /// Parts of the file that the next build may take from it instead of rendering them again.
    var keptParts: [KeptPart] = []
  }

  /// A part of a file written (a brief's table of targets, a section's text in a brief): its name
  /// in the file, what its rendering read (in `PlanRead.inCacheOrder`), which is less than its page
  /// did, the key of those reads, and where its bytes are.
  struct KeptPart: Sendable, Equatable {
    var name: String
    var key: UInt64
    var reads: [PlanRead] = []
    var offset: Int
    var length: Int
  }

  /// A job's reads (in `PlanRead.inCacheOrder`; those of its files' parts are kept with the parts),
  /// their key and the files it wrote.
  struct Entry: Sendable, Equatable {
    var key: UInt64
    var reads: [PlanRead] = []
    var files: [File]
  }

  /// Written first in the file: a cache in another format is ignored.
  static let header = "planpress build cache 6"

  var entries: [String: Entry] = [:]

  /// The name under which the cache lists the files a build copies (assets, PDFs carried over), so
  /// that the next build knows when one is gone; no render job has it.
  static let copiedFilesEntry = "copied files"

  /// The name under which the cache keeps, as its key, the `RenderInputs.printInputs` of a build
  /// that printed PDFs; no render job has it.
  static let printInputsEntry = "print inputs"

  /// `<parent>/.planpress-cache/<name>` for the output folder `<parent>/<name>`.
  static func location(forOutput output: URL) -> URL {
    let output = output.standardizedFileURL
    return output.deletingLastPathComponent().appendingPathComponent(".planpress-cache")
      .appendingPathComponent(output.lastPathComponent)
  }

  /// Reads a cache; nil when there is none or it cannot be trusted.
  static func load(from url: URL) -> BuildCache? {
    guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { return nil }
    // Split as bytes, not characters: a big plan's cache has hundreds of thousands of fields.
    var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Substring.init)[...]
    guard lines.first == Substring(header) else { return nil }
    lines.removeFirst()
    // The last line counts the entries: a file cut short by a crash is not taken for a whole one.
    guard lines.last == "", lines.count >= 3 else { return nil }
    lines.removeLast()
    guard let countLine = lines.popLast(), countLine.hasPrefix("end "), let count = Int(countLine.dropFirst(4)),
      let stringsLine = lines.popFirst(), count == lines.count
    else { return nil }
    // The slugs, ids and languages that reads name, each once; a read names them by number.
    let stringFields = stringsLine.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
    guard stringFields.first.map(Substring.init) == "strings" else { return nil }
    let strings = stringFields.dropFirst().map { String(Substring($0)) }
    var cache = BuildCache()
    for line in lines {
      // `<key in hex>\t<job>\t<reads>` then `\t<path>\t<size>\t<mtime>\t<kept parts>`
      // per file (see `serialized`).
      let fields = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Substring.init)
      guard fields.count >= 3, (fields.count - 3) % 4 == 0, let key = UInt64(fields[0], radix: 16),
        let reads = Self.reads(fields[2], strings)
      else { return nil }
      var files: [File] = []
      for start in stride(from: 3, to: fields.count, by: 4) {
        guard let size = Int64(fields[start + 1]), let modified = Int64(fields[start + 2]) else { return nil }
        var file = File(path: String(fields[start]), size: size, modified: modified)
        if fields[start + 3] != "-" {
          for written in fields[start + 3].utf8.split(separator: Self.partSeparator) {
            let part = written.split(separator: Self.partFieldSeparator, omittingEmptySubsequences: false).map(Substring.init)
            guard part.count == 5, let partKey = UInt64(part[1], radix: 16), let offset = Int(part[2]), let length = Int(part[3]),
              let partReads = Self.reads(part[4], strings)
            else { return nil }
            file.keptParts.append(KeptPart(name: String(part[0]), key: partKey, reads: partReads, offset: offset, length: length))
          }
        }
        files.append(file)
      }
      cache.entries[String(fields[1])] = Entry(key: key, reads: reads, files: files)
    }
    return cache
  }

  // What separates the parts of a file, a part's fields, reads and a read's fields: characters no
  // name, path, slug or id the cache holds may contain (see `canHold`).
  private static let partSeparator = UInt8(0x1C)
  private static let partFieldSeparator = UInt8(0x1D)
  private static let readSeparator = UInt8(0x1E)
  private static let readFieldSeparator = UInt8(0x1F)

  /// The reads of a field, `-` for none, each its kind's letter and the numbers of its arguments in
  /// `strings`; nil if one is no read.
  private static func reads(_ field: Substring, _ strings: [String]) -> [PlanRead]? {
    guard field != "-" else { return [] }
    // Read byte by byte, without an array for each read: every job's reads are read at every rebuild.
    var reads: [PlanRead] = []
    var kind: UInt8?
    var arguments: [String] = []
    var number: Int?
    func endArgument() -> Bool {
      guard let index = number, strings.indices.contains(index) else { return false }
      arguments.append(strings[index])
      number = nil
      return true
    }
    func endRead() -> Bool {
      guard let letter = kind, let read = PlanRead(kind: letter, arguments: arguments) else { return false }
      reads.append(read)
      (kind, number) = (nil, nil)
      arguments.removeAll(keepingCapacity: true)
      return true
    }
    var afterSeparator = false
    for byte in field.utf8 {
      switch byte {
      case readSeparator:
        guard !afterSeparator || endArgument(), endRead() else { return nil }
        afterSeparator = false
      case readFieldSeparator:
        guard kind != nil, !afterSeparator || endArgument() else { return nil }
        afterSeparator = true
      case UInt8(ascii: "0")...UInt8(ascii: "9") where afterSeparator:
        let (shifted, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
        let (sum, carried) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
        guard !overflow, !carried else { return nil }
        number = sum
      default:
        guard kind == nil, !afterSeparator else { return nil }
        kind = byte
      }
    }
    guard !afterSeparator || endArgument(), endRead() else { return nil }
    return reads
  }

  /// Whether a name, path or read's argument can be written in the cache and read back as it is.
  private static func canHold(_ text: String) -> Bool {
    !text.isEmpty && !text.utf8.contains { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || (0x1C...0x1F).contains($0) }
  }

  /// Whether a read's arguments can be written in the cache and read back as they are.
  private static func canHold(_ read: PlanRead) -> Bool {
    let (_, first, second) = read.fields
    return (first.map(canHold) ?? true) && (second.map(canHold) ?? true)
  }

  /// Whether a job's entry can be written in the cache and read back as it is.
  private static func canHold(_ name: String, _ entry: Entry) -> Bool {
    canHold(name) && entry.reads.allSatisfy(canHold)
      && entry.files.allSatisfy { file in
        canHold(file.path) && file.keptParts.allSatisfy { canHold($0.name) && $0.reads.allSatisfy(canHold) }
      }
  }

  /// The cache as text, jobs in name order and reads in the order they are kept in (see
  /// `PlanRead.inCacheOrder`), so that equal caches are equal files. Appended as bytes, field by
  /// field: a big plan's cache has hundreds of thousands of fields. A job whose name, paths or
  /// reads the format cannot hold is left out, and so rendered again by the next build.
  func serialized() -> [UInt8] {
    let entries = entries.filter { Self.canHold($0.key, $0.value) }.sorted(by: { $0.key < $1.key })
    // Each read as its kind and the numbers of its arguments in a table of strings.
    var numbers: [String: Int] = [:]
    var strings: [String] = []
    func number(of argument: String?) -> Int? {
      guard let argument else { return nil }
      if let number = numbers[argument] { return number }
      strings.append(argument)
      numbers[argument] = strings.count - 1
      return strings.count - 1
    }
    func written(_ reads: [PlanRead]) -> [(kind: UInt8, first: Int?, second: Int?)] {
      reads.map { read in
        let (kind, first, second) = read.fields
        return (kind, number(of: first), number(of: second))
      }
    }
    let entryReads = entries.map { written($0.value.reads) }
    let partReads = entries.map { $0.value.files.map { $0.keptParts.map { written($0.reads) } } }

    var bytes = Array((Self.header + "\n").utf8)
    bytes.reserveCapacity(entries.count * 200)
    bytes += "strings".utf8
    for string in strings {
      bytes.append(UInt8(ascii: "\t"))
      bytes += string.utf8
    }
    bytes.append(UInt8(ascii: "\n"))
    func number(_ value: UInt64, radix: Int) { bytes += String(value, radix: radix).utf8 }
    func decimal(_ value: Int64) { bytes += String(value).utf8 }
    func reads(_ reads: [(kind: UInt8, first: Int?, second: Int?)]) {
      if reads.isEmpty { bytes.append(UInt8(ascii: "-")) }
      for (position, read) in reads.enumerated() {
        if position > 0 { bytes.append(Self.readSeparator) }
        bytes.append(read.kind)
        if let first = read.first {
          bytes.append(Self.readFieldSeparator)
          decimal(Int64(first))
        }
        if let second = read.second {
          bytes.append(Self.readFieldSeparator)
          decimal(Int64(second))
        }
      }
    }
    let tab = UInt8(ascii: "\t")
    for (position, (name, entry)) in entries.enumerated() {
      number(entry.key, radix: 16)
      bytes.append(tab)
      bytes += name.utf8
      bytes.append(tab)
      reads(entryReads[position])
      for (file, partReads) in zip(entry.files, partReads[position]) {
        bytes.append(tab)
        bytes += file.path.utf8
        bytes.append(tab)
        decimal(file.size)
        bytes.append(tab)
        decimal(file.modified)
        bytes.append(tab)
        if file.keptParts.isEmpty { bytes.append(UInt8(ascii: "-")) }
        for (index, (part, written)) in zip(file.keptParts, partReads).enumerated() {
          if index > 0 { bytes.append(Self.partSeparator) }
          bytes += part.name.utf8
          bytes.append(Self.partFieldSeparator)
          number(part.key, radix: 16)
          bytes.append(Self.partFieldSeparator)
          decimal(Int64(part.offset))
          bytes.append(Self.partFieldSeparator)
          decimal(Int64(part.length))
          bytes.append(Self.partFieldSeparator)
          reads(written)
        }
      }
      bytes.append(UInt8(ascii: "\n"))
    }
    bytes += "end \(entries.count)\n".utf8
    return bytes
  }

  /// Writes the cache (see `writeWhole`).
  func save(to url: URL) throws {
    try Self.writeWhole(url) { try $0.write(contentsOf: Data(serialized())) }
  }

  /// Writes a cache file beside its final place and renames it there, so that a reader never sees
  /// half of one: `write` gives the file's contents to the handle, in as many pieces as it likes.
  static func writeWhole(_ url: URL, _ write: (FileHandle) throws -> Void) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
    do {
      let file = try FileHandle(forWritingTo: temporary)
      defer { try? file.close() }
      try write(file)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
    if rename(temporary.path, url.path) != 0 {
      try? FileManager.default.removeItem(at: temporary)
      throw CocoaError(.fileWriteUnknown)
    }
  }

  /// Removes a cache, so that a build interrupted before it writes the next one starts afresh.
  static func remove(at url: URL) {
    unlink(url.path)
  }
}

/// How the build cache writes a read (see `BuildCache.serialized`).
extension PlanRead {
  /// The read as a kind, one letter, and its arguments (none, one or two), as the build cache keeps it.
  var fields: (kind: UInt8, first: String?, second: String?) {
    switch self {
    case .front(let slug): return (UInt8(ascii: "f"), slug, nil)
    case .text(let slug, let language): return (UInt8(ascii: "t"), slug, language)
    case .neighbours(let slug): return (UInt8(ascii: "n"), slug, nil)
    case .fronts: return (UInt8(ascii: "F"), nil, nil)
    case .summaries: return (UInt8(ascii: "S"), nil, nil)
    case .led(let id): return (UInt8(ascii: "l"), id, nil)
    case .involving(let id): return (UInt8(ascii: "i"), id, nil)
    case .owned(let id): return (UInt8(ascii: "o"), id, nil)
    case .marking(let id): return (UInt8(ascii: "m"), id, nil)
    case .homePage(let language): return (UInt8(ascii: "h"), language, nil)
    case .homeLanguages: return (UInt8(ascii: "H"), nil, nil)
    }
  }

  /// The read of a kind with these arguments; nil for fields no read has.
  init?(kind: UInt8, arguments: [String]) {
    switch (Unicode.Scalar(kind), arguments.count) {
    case ("f", 1): self = .front(arguments[0])
    case ("t", 2): self = .text(arguments[0], language: arguments[1])
    case ("n", 1): self = .neighbours(arguments[0])
    case ("F", 0): self = .fronts
    case ("S", 0): self = .summaries
    case ("l", 1): self = .led(arguments[0])
    case ("i", 1): self = .involving(arguments[0])
    case ("o", 1): self = .owned(arguments[0])
    case ("m", 1): self = .marking(arguments[0])
    case ("h", 1): self = .homePage(arguments[0])
    case ("H", 0): self = .homeLanguages
    default: return nil
    }
  }

  /// The order the build cache keeps reads in, so that equal caches are equal files.
  static func inCacheOrder(_ one: PlanRead, _ other: PlanRead) -> Bool {
    let (a, b) = (one.fields, other.fields)
    return (a.kind, a.first ?? "", a.second ?? "") < (b.kind, b.first ?? "", b.second ?? "")
  }
}
