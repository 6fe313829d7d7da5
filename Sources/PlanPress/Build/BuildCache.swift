import Foundation

/// What the previous build wrote and from what: for each render job, the key of its inputs and
/// the files it wrote, each with the size and modification time it had then.
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
    /// The digest of the page's ids (`LinkSurvey.idsDigest`): a page rendered again with another
    /// may have lost an anchor that an unchanged page links to.
    var idsDigest: UInt64 = 0
    /// Parts of the file that the next build may take from it instead of rendering them again.
    var keptParts: [KeptPart] = []
  }

  /// A part of a file written (a brief's table of targets, a section's text in a brief): the key
  /// of its own inputs, which are fewer than its page's, and where its bytes are.
  struct KeptPart: Sendable, Equatable {
    var key: UInt64
    var offset: Int
    var length: Int
  }

  /// A job's inputs and the files it wrote.
  struct Entry: Sendable, Equatable {
    var key: UInt64
    var files: [File]
  }

  /// Written first in the file: a cache in another format is ignored.
  static let header = "planpress build cache 4"

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
    guard lines.last == "", lines.count >= 2 else { return nil }
    lines.removeLast()
    guard let countLine = lines.popLast(), countLine.hasPrefix("end "), let count = Int(countLine.dropFirst(4)), count == lines.count
    else { return nil }
    var cache = BuildCache()
    for line in lines {
      // `<key in hex>\t<job>` then `\t<path>\t<size>\t<mtime>\t<ids digest in hex>\t<kept parts>`
      // per file, the kept parts as `<key in hex>:<offset>:<length>` joined by `,`, or `-` for
      // none; names and paths hold no tabs.
      let fields = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Substring.init)
      guard fields.count >= 2, (fields.count - 2) % 5 == 0, let key = UInt64(fields[0], radix: 16) else { return nil }
      var files: [File] = []
      for start in stride(from: 2, to: fields.count, by: 5) {
        guard let size = Int64(fields[start + 1]), let modified = Int64(fields[start + 2]),
          let idsDigest = UInt64(fields[start + 3], radix: 16)
        else { return nil }
        var file = File(path: String(fields[start]), size: size, modified: modified, idsDigest: idsDigest)
        if fields[start + 4] != "-" {
          for written in fields[start + 4].utf8.split(separator: UInt8(ascii: ",")) {
            let part = written.split(separator: UInt8(ascii: ":")).map(Substring.init)
            guard part.count == 3, let partKey = UInt64(part[0], radix: 16), let offset = Int(part[1]), let length = Int(part[2])
            else { return nil }
            file.keptParts.append(KeptPart(key: partKey, offset: offset, length: length))
          }
        }
        files.append(file)
      }
      cache.entries[String(fields[1])] = Entry(key: key, files: files)
    }
    return cache
  }

  /// The cache as text, jobs in name order so that equal caches are equal files. Appended as bytes,
  /// field by field: a big plan's cache has hundreds of thousands of fields.
  func serialized() -> [UInt8] {
    var bytes = Array((Self.header + "\n").utf8)
    bytes.reserveCapacity(entries.count * 160)
    func number(_ value: UInt64, radix: Int) { bytes += String(value, radix: radix).utf8 }
    func decimal(_ value: Int64) { bytes += String(value).utf8 }
    let tab = UInt8(ascii: "\t")
    for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
      number(entry.key, radix: 16)
      bytes.append(tab)
      bytes += name.utf8
      for file in entry.files {
        bytes.append(tab)
        bytes += file.path.utf8
        bytes.append(tab)
        decimal(file.size)
        bytes.append(tab)
        decimal(file.modified)
        bytes.append(tab)
        number(file.idsDigest, radix: 16)
        bytes.append(tab)
        if file.keptParts.isEmpty { bytes.append(UInt8(ascii: "-")) }
        for (position, part) in file.keptParts.enumerated() {
          if position > 0 { bytes.append(UInt8(ascii: ",")) }
          number(part.key, radix: 16)
          bytes.append(UInt8(ascii: ":"))
          decimal(Int64(part.offset))
          bytes.append(UInt8(ascii: ":"))
          decimal(Int64(part.length))
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
