import Foundation

/// Every body's `MarkdownDocument` for one build, kept until the build ends: parsed by the parse
/// stage for the files it reads, or, for a section an earlier build kept, decoded from the cache
/// when first asked for. So no body goes through cmark twice, and none a rebuild did not read.
public final class MarkdownDocuments: Sendable {
  private let entries = Locked<[String: Entry]>([:])
  private let parsedFiles = Locked<[String]>([])

  /// One body's document, made by the first thread to ask while the others wait for it.
  private final class Entry: Sendable {
    let document = Locked<MarkdownDocument?>(nil)
    /// The document as the cache holds it.
    let kept: KeptDocument?

    init(kept: KeptDocument? = nil) {
      self.kept = kept
    }
  }

  public init() {}

  /// The files whose bodies this build has parsed, once for each parse.
  public var parsed: [String] { parsedFiles.withLock { $0 } }

  /// Takes the body at `path` as an earlier build parsed it (see `KeptSection`).
  func keep(_ document: KeptDocument, forPath path: String) {
    entries.withLock { $0[path] = Entry(kept: document) }
  }

  /// The document of a body, found by its file's path. A body neither parsed nor kept (a site made
  /// by hand, in a test) is parsed the first time it is asked for.
  func document(of source: MarkdownSource) -> MarkdownDocument {
    let entry = entry(of: source)
    return entry.document.withLock { document in
      if let document { return document }
      if let kept = entry.kept?.document() {
        document = kept
        return kept
      }
      let parsed = MarkdownParser.parse(source.body)
      document = parsed
      parsedFiles.withLock { $0.append(source.file.path) }
      return parsed
    }
  }

  /// The links of a body: its document's when it is at hand, else read alone from the cache, so
  /// that a rebuild's link check decodes no body's HTML.
  func links(of source: MarkdownSource) -> [MarkdownDocument.Link] {
    part(of: source, \.links, kept: \.links)
  }

  /// The headings of a body, read as `links(of:)` is.
  func headings(of source: MarkdownSource) -> [MarkdownDocument.Heading] {
    part(of: source, \.headings, kept: \.headings)
  }

  private func part<Part>(
    of source: MarkdownSource, _ part: KeyPath<MarkdownDocument, Part>, kept read: KeyPath<KeptDocument, @Sendable () -> Part?>
  ) -> Part {
    let entry = entry(of: source)
    if let document = entry.document.withLock({ $0 }) { return document[keyPath: part] }
    return entry.kept.flatMap { $0[keyPath: read]() } ?? document(of: source)[keyPath: part]
  }

  private func entry(of source: MarkdownSource) -> Entry {
    entries.withLock { entries in
      if let entry = entries[source.file.path] { return entry }
      let entry = Entry()
      entries[source.file.path] = entry
      return entry
    }
  }
}
