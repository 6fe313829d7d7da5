import Foundation

/// The files of a content folder, read and decoded but not yet interpreted.
public struct ContentSources: Sendable {
  public var site: SourceFile
  public var departments: SourceFile
  /// `index.<lang>.md`, by language code.
  public var homePages: [String: SourceFile]
  /// `sections/NN-slug.<lang>.md`, in file-name order.
  public var sections: [SectionFile]
  /// `metrics/*.csv`, in file-name order.
  public var metrics: [SourceFile] = []
}

/// A section file and what its name says: order, slug and language.
public struct SectionFile: Sendable {
  public var file: SourceFile
  public var order: Int
  public var slug: String
  public var language: String
}

/// Reads a content folder (`Content/` by default). Paths in messages are the folder as the user
/// named it, joined with the file's place inside it.
public struct ContentLoader {
  public let directory: String
  /// What an earlier build read of the section files: those unchanged since are read only when
  /// their text is asked for (when there are `changes` to tell of a change found then).
  var records: SourceRecords?
  /// Told of a section file found changed when read again (see `SourceFile.letTextGo`) or late;
  /// without it, section files are read once and their text kept.
  var changes: SourceChanges?

  public init(directory: String) {
    self.directory = directory
  }

  init(directory: String, records: SourceRecords?, changes: SourceChanges?) {
    self.directory = directory
    self.records = records
    self.changes = changes
  }

  private func displayPath(_ relative: String) -> String {
    directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
  }

  private func read(_ relative: String) throws -> SourceFile {
    try SourceFile.read(atPath: displayPath(relative), reportedAs: displayPath(relative))
  }

  private func readSection(_ relative: String) throws -> SourceFile {
    let path = displayPath(relative)
    guard let changes else { return try read(relative) }
    return try SourceFile.read(atPath: path, reportedAs: path, unchanged: { records?.unchanged(path, $0) }, changes: changes)
  }

  /// Reads every file a build uses; every unreadable or misnamed file is reported, not just the first.
  public func load() throws -> ContentSources {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw BuildFailure([
        Diagnostic(.error, at: SourceLocation(path: directory), "content folder not found (use --content to name another)")
      ])
    }
    var log = DiagnosticLog()
    let site = log.attempt { try read("site.yaml") }
    let departments = log.attempt { try read("departments.yaml") }

    var homePages: [String: SourceFile] = [:]
    for name in listing("", log: &log) where name.hasPrefix("index.") && name.hasSuffix(".md") {
      let language = String(name.dropFirst("index.".count).dropLast(".md".count))
      guard Self.isLanguageCode(language) else {
        log.error("home page file name must be index.<language>.md, such as index.zh.md", at: SourceLocation(path: displayPath(name)))
        continue
      }
      if let file = log.attempt({ try read(name) }) { homePages[language] = file }
    }

    var sections: [SectionFile] = []
    let names = listing("sections", holding: "the section files (NN-slug.<language>.md)", log: &log)
    // A big plan has tens of thousands of section files: they are read and decoded on every core.
    let files = names.concurrentMap { name in
      Self.parseSectionFileName(name).map { parsed in (parsed, Result { try readSection("sections/" + name) }) }
    }
    for (name, file) in zip(names, files) {
      let relative = "sections/" + name
      guard let (parsed, read) = file else {
        if !name.hasPrefix(".") {
          log.error(
            "section file name '\(name)' must be NN-slug.<language>.md: digits, then a slug of a-z, 0-9 and '-', such as 01-social-assistance.zh.md",
            at: SourceLocation(path: displayPath(relative)))
        }
        continue
      }
      if let file = log.attempt({ try read.get() }) {
        sections.append(SectionFile(file: file, order: parsed.order, slug: parsed.slug, language: parsed.language))
      }
    }
    let metrics = listing("metrics", holding: "the figures' CSV files", log: &log).filter { $0.hasSuffix(".csv") }.compactMap { name in
      log.attempt { try read("metrics/" + name) }
    }
    try log.throwIfErrors()
    guard let site, let departments else { throw BuildFailure(log.diagnostics) }
    return ContentSources(site: site, departments: departments, homePages: homePages, sections: sections, metrics: metrics)
  }

  /// The names in a subfolder, sorted so that builds do not depend on the file system's order;
  /// none when it is absent. Something else in its place is an error: its files would be missed.
  private func listing(_ relative: String, holding what: String = "", log: inout DiagnosticLog) -> [String] {
    let path = relative.isEmpty ? directory : displayPath(relative)
    var info = stat()
    guard stat(path, &info) == 0 else {
      let code = errno
      // Absent is allowed; a link that leads nowhere, or a folder that cannot be read, is not.
      if code == ENOENT, lstat(path, &info) != 0 { return [] }
      let reason = code == ENOENT ? "it is a link to a path that does not exist" : Diagnostic.systemReason(code)
      log.error("cannot read '\(relative)': \(reason)", at: SourceLocation(path: path))
      return []
    }
    guard (info.st_mode & S_IFMT) == S_IFDIR else {
      log.error("'\(relative)' must be a folder holding \(what), but it is \(FileKind.noun(info.st_mode))", at: SourceLocation(path: path))
      return []
    }
    do {
      return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    } catch {
      log.error("cannot list the folder: \(Diagnostic.reason(error))", at: SourceLocation(path: path))
      return []
    }
  }

  static func isLanguageCode(_ text: String) -> Bool {
    (2...8).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "-" }
  }

  /// `01-social-assistance.zh.md` → (1, "social-assistance", "zh").
  static func parseSectionFileName(_ name: String) -> (order: Int, slug: String, language: String)? {
    guard name.hasSuffix(".md") else { return nil }
    let stem = name.dropLast(".md".count)
    guard let languageDot = stem.lastIndex(of: ".") else { return nil }
    let language = String(stem[stem.index(after: languageDot)...])
    let orderAndSlug = stem[..<languageDot]
    guard let dash = orderAndSlug.firstIndex(of: "-") else { return nil }
    let digits = orderAndSlug[..<dash]
    let slug = String(orderAndSlug[orderAndSlug.index(after: dash)...])
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let order = Int(digits), Identifier.isValid(slug),
      isLanguageCode(language)
    else { return nil }
    return (order, slug, language)
  }
}
