import Foundation

/// The sections an earlier build parsed, kept by the key of their files, so that a rebuild reads
/// the YAML of changed sections only: reading every front matter was half of a big plan's rebuild.
/// Kept beside the build cache, as `.planpress-cache/<output folder>.sections`.
///
/// A section is reused when its files (in every language), the site's languages, the plan's end
/// date and the planpress executable are all as they were when it was kept. A section whose
/// files had anything reported (a warning) is not kept, so that a rebuild reports it again.
struct ParsedSectionCache: Sendable {
  /// Where a kept section's bytes lie in the file, and their hash, checked when read.
  private struct Stored: Sendable {
    var range: Range<Int>
    var hash: UInt64
  }

  /// The file as read, which the kept sections are decoded from.
  private var file: MappedFile?
  private var stored: [UInt64: Stored] = [:]
  /// Where the file's last whole entry ends: the next build's new sections are appended there.
  private var wholeLength = 0

  /// Entries follow it: the key, the length and the hash of the bytes, eight bytes each and
  /// little-endian, then the bytes.
  private static let header = Array("planpress parsed sections 7\n".utf8)
  private static let entryHeaderLength = 24

  init() {}

  static func location(forOutput output: URL) -> URL {
    let buildCache = BuildCache.location(forOutput: output)
    return buildCache.deletingLastPathComponent().appendingPathComponent(buildCache.lastPathComponent + ".sections")
  }

  /// The key of a section's files: everything its parse depends on. Asked for twice a build for
  /// every section, so nothing here is made into text.
  static func key(of files: [SectionFile], config: SiteConfig) -> UInt64 {
    StableHasher.hash { hasher in
      hasher.combine("planpress parsed sections 7")
      hasher.combine(RenderInputs.executable)
      hasher.combine(config.languages.count)
      for language in config.languages { hasher.combine(language) }
      if let end = config.planEnd {
        for part in [end.year, end.month, end.day] { hasher.combine(part) }
      } else {
        hasher.combine(-1)
      }
      hasher.combine(files.count)
      for file in files.sorted(by: { $0.file.path < $1.file.path }) {
        hasher.combine(file.file.path)
        hasher.combine(file.language)
        hasher.combine(file.order)
        hasher.combine(file.file.textHash)
      }
    }
  }

  /// The parse's way to this cache: the kept section with these files, if there is one, its
  /// bodies read from the files as they are now (the same bytes, as the key says), and their
  /// documents decoded from the file when first asked for.
  var keptSections: KeptSections {
    { [file, stored] files, config in
      guard let file, let entry = stored[Self.key(of: files, config: config)] else { return nil }
      let byPath = Dictionary(files.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
      guard let (section, ranges) = SectionArchive.section(from: UnsafeBufferPointer(rebasing: file.bytes[entry.range]), files: byPath)
      else { return nil }
      let start = entry.range.lowerBound
      let documents = ranges.mapValues { range in
        let range = start + range.lowerBound..<start + range.upperBound
        return KeptDocument(
          document: { SectionArchive.document(from: UnsafeBufferPointer(rebasing: file.bytes[range])) },
          links: { SectionArchive.links(from: UnsafeBufferPointer(rebasing: file.bytes[range])) },
          headings: { SectionArchive.headings(from: UnsafeBufferPointer(rebasing: file.bytes[range])) })
      }
      return KeptSection(section: section, documents: documents)
    }
  }

  /// Each section to keep with its key: not one any of whose files had something `reported` (a
  /// translation that never became a body included), so that a rebuild reports it again.
  private static func keys(
    of sections: [Section], files: [SectionFile], config: SiteConfig, reported: [Diagnostic]
  ) -> [(section: Section, key: UInt64)] {
    let reportedPaths = Set(reported.map(\.location.path))
    let filesBySlug = Dictionary(grouping: files, by: \.slug)
    return sections.compactMap { section in
      let files = filesBySlug[section.slug] ?? []
      guard !files.contains(where: { reportedPaths.contains($0.file.path) }) else { return nil }
      return (section, key(of: files, config: config))
    }
  }

  /// A cache holding `sections`, as a build would keep them (for tests, which keep sections of their own).
  func keeping(
    _ sections: [Section], files: [SectionFile], config: SiteConfig, documents: MarkdownDocuments = MarkdownDocuments()
  ) -> ParsedSectionCache {
    let kept = Self.keys(of: sections, files: files, config: config, reported: [])
    return Self.read(MappedFile(holding: Self.header + entries(kept, documents: documents)))
  }

  /// Reads a cache; an empty one when there is none or it is not one this planpress wrote.
  static func load(from url: URL) -> ParsedSectionCache {
    MappedFile(path: url.path).map(read) ?? ParsedSectionCache()
  }

  /// The entries of a cache file. Later builds append theirs: the whole entries before one cut
  /// short are kept, and an entry whose bytes do not match their hash is left out.
  private static func read(_ file: MappedFile) -> ParsedSectionCache {
    var cache = ParsedSectionCache()
    let bytes = file.bytes
    guard bytes.starts(with: header) else { return cache }
    var position = header.count
    while let key = bytes.number(at: position), let length = bytes.number(at: position + 8), let hash = bytes.number(at: position + 16) {
      let start = position + entryHeaderLength
      guard length <= bytes.count - start else { break }
      let range = start..<start + Int(length)
      if Self.hash(of: UnsafeBufferPointer(rebasing: bytes[range])) == hash { cache.stored[key] = Stored(range: range, hash: hash) }
      position = range.upperBound
    }
    cache.file = file
    cache.wholeLength = position
    return cache
  }

  /// Keeps the sections to keep (see `keys(of:files:config:reported:)`) for the next build: those
  /// the file lacks are appended to it, or, when most of what it holds is no longer kept (or it is
  /// not whole), the file is written anew with just them.
  func save(
    _ sections: [Section], files: [SectionFile], config: SiteConfig, reported: [Diagnostic], documents: MarkdownDocuments, to url: URL
  ) throws {
    let kept = Self.keys(of: sections, files: files, config: config, reported: reported)
    let missing = kept.filter { stored[$0.key] == nil }
    let keptLength = kept.reduce(0) { total, entry in total + (stored[entry.key].map { Self.entryHeaderLength + $0.range.count } ?? 0) }
    let mostlyKept = keptLength * 2 >= wholeLength - Self.header.count
    if mostlyKept, missing.isEmpty { return }
    // A file of none is written anew a batch at a time, not appended to all at once.
    if mostlyKept, wholeLength > Self.header.count, let file, try append(missing, documents: documents, to: url, ontoFile: file) {
      return
    }
    try BuildCache.writeWhole(url) { handle in
      try handle.write(contentsOf: Data(Self.header))
      // A batch at a time: a clean build of a big plan never holds every section's bytes at once.
      for start in stride(from: 0, to: kept.count, by: 512) {
        try handle.write(contentsOf: Data(entries(kept[start..<min(start + 512, kept.count)], documents: documents)))
      }
    }
  }

  /// Appends the entries of `missing` to the file, in one write so that two builds appending at
  /// once cannot interleave theirs; false, with nothing written, if the file is not the one read.
  private func append(
    _ missing: [(section: Section, key: UInt64)], documents: MarkdownDocuments, to url: URL, ontoFile file: MappedFile
  ) throws -> Bool {
    let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, UInt64(info.st_ino) == file.inode, Int(info.st_size) == wholeLength else { return false }
    let bytes = entries(missing[...], documents: documents)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    // An entry cut short is left out when read, and the build after writes the file whole.
    guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    return true
  }

  /// The entries of sections, their bytes taken from the file where it holds them, else encoded
  /// on every core.
  private func entries(_ kept: some Collection<(section: Section, key: UInt64)>, documents: MarkdownDocuments) -> [UInt8] {
    let encoded = Array(kept).concurrentMap { entry -> (key: UInt64, bytes: [UInt8])? in
      stored[entry.key] == nil ? SectionArchive.bytes(of: entry.section, documents: documents).map { (entry.key, $0) } : nil
    }
    var bytes: [UInt8] = []
    for (entry, fresh) in zip(kept, encoded) {
      if let file, let known = stored[entry.key] {
        for number in [entry.key, UInt64(known.range.count), known.hash] { bytes.appendNumber(number) }
        bytes += file.bytes[known.range]
      } else if let fresh {
        for number in [fresh.key, UInt64(fresh.bytes.count), fresh.bytes.withUnsafeBufferPointer(Self.hash)] { bytes.appendNumber(number) }
        bytes += fresh.bytes
      }
    }
    return bytes
  }

  private static func hash(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    StableHasher.hash { hasher in hasher.combine(bytes: UnsafeRawBufferPointer(bytes)) }
  }
}
