import Foundation

/// The sections an earlier build parsed, kept by the key of their files, so that a rebuild reads
/// the YAML of changed sections only: reading every front matter was half of a big plan's rebuild.
/// Kept beside the build cache, as `.planpress-cache/<output folder>.sections`.
///
/// A section is reused when its files (in every language), the site's languages, the plan's end
/// date and the planpress executable are all as they were when it was kept. A section whose
/// files had anything reported (a warning) is not kept, so that a rebuild reports it again.
struct ParsedSectionCache: Sendable {
  /// Kept sections, as `SectionArchive` bytes, by key.
  private(set) var stored: [UInt64: [UInt8]] = [:]
  /// The keys of the sections the file held when it was read.
  private var keysRead: Set<UInt64> = []

  private static let header = Data("planpress parsed sections 4\n".utf8)

  init() {}

  static func location(forOutput output: URL) -> URL {
    let buildCache = BuildCache.location(forOutput: output)
    return buildCache.deletingLastPathComponent().appendingPathComponent(buildCache.lastPathComponent + ".sections")
  }

  /// The key of a section's files: everything its parse depends on.
  static func key(of files: [SectionFile], config: SiteConfig) -> UInt64 {
    StableHasher.hash { hasher in
      hasher.combine("planpress parsed sections 4")
      hasher.combine(RenderInputs.executable)
      hasher.combine(config.languages.count)
      for language in config.languages { hasher.combine(language) }
      hasher.combine(config.planEnd?.description ?? "none")
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
  /// bodies read from the files as they are now (the same bytes, as the key says).
  var keptSections: KeptSections {
    { [stored] files, config in
      guard let bytes = stored[Self.key(of: files, config: config)] else { return nil }
      let byPath = Dictionary(files.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
      return SectionArchive.section(from: bytes, files: byPath)
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

  /// The section's bytes: as they were read if it was taken from the cache, else encoded anew.
  private func entry(for section: Section, key: UInt64) -> (key: UInt64, bytes: [UInt8])? {
    if let bytes = stored[key] { return (key, bytes) }
    return SectionArchive.bytes(of: section).map { (key, $0) }
  }

  /// A cache holding `sections`, as a build would keep them (for tests, which keep sections of their own).
  func keeping(_ sections: [Section], files: [SectionFile], config: SiteConfig) -> ParsedSectionCache {
    var next = ParsedSectionCache()
    next.stored = Dictionary(
      Self.keys(of: sections, files: files, config: config, reported: []).compactMap { entry(for: $0.section, key: $0.key) },
      uniquingKeysWith: { first, _ in first })
    return next
  }

  /// Reads a cache; an empty one when there is none or it is not one this planpress wrote.
  static func load(from url: URL) -> ParsedSectionCache {
    var cache = ParsedSectionCache()
    guard let data = try? Data(contentsOf: url), data.starts(with: header) else { return cache }
    // Entries: `<key in hex> <length> <hash of the bytes in hex>\n<bytes>\n`. A file cut short
    // is none; an entry whose bytes do not match their hash is left out.
    var position = data.startIndex + header.count
    while position < data.endIndex {
      guard let lineEnd = data[position...].firstIndex(of: 0x0A) else { return ParsedSectionCache() }
      let fields = String(decoding: data[position..<lineEnd], as: UTF8.self).split(separator: " ")
      guard fields.count == 3, let key = UInt64(fields[0], radix: 16), let length = Int(fields[1]), length >= 0,
        let hash = UInt64(fields[2], radix: 16), length < data.endIndex - lineEnd - 1, data[lineEnd + 1 + length] == 0x0A
      else { return ParsedSectionCache() }
      let bytes = [UInt8](data[lineEnd + 1..<lineEnd + 1 + length])
      if Self.hash(of: bytes) == hash { cache.stored[key] = bytes }
      position = lineEnd + 1 + length + 1
    }
    cache.keysRead = Set(cache.stored.keys)
    return cache
  }

  /// Writes the sections to keep (see `keys(of:files:config:reported:)`), unless the file already
  /// holds exactly them. Those not taken from the cache are encoded a batch at a time on every core
  /// and written as they come: a clean build of a big plan never holds them all at once.
  func save(_ sections: [Section], files: [SectionFile], config: SiteConfig, reported: [Diagnostic], to url: URL) throws {
    let kept = Self.keys(of: sections, files: files, config: config, reported: reported)
    // The file holds these sections already, as they were read.
    guard Set(kept.map(\.key)) != keysRead else { return }
    try BuildCache.writeWhole(url) { file in
      try file.write(contentsOf: Self.header)
      for start in stride(from: 0, to: kept.count, by: 512) {
        let batch = kept[start..<min(start + 512, kept.count)].concurrentMap { entry(for: $0.section, key: $0.key) }
        var data = Data()
        for case (let key, let bytes)? in batch {
          data.append(contentsOf: "\(String(key, radix: 16)) \(bytes.count) \(String(Self.hash(of: bytes), radix: 16))\n".utf8)
          data.append(contentsOf: bytes)
          data.append(0x0A)
        }
        try file.write(contentsOf: data)
      }
    }
  }

  private static func hash(of bytes: [UInt8]) -> UInt64 {
    StableHasher.hash { hasher in bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
  }
}
