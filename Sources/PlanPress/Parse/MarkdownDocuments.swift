import Foundation

/// Every body's `MarkdownDocument` for one build: parsed the first time a stage asks for it (the
/// parse stage for the sections it reads, rendering for a section a rebuild took from its cache)
/// and kept until the build ends, so that no body goes through cmark twice.
public final class MarkdownDocuments: Sendable {
  private let entries = Locked<[String: Entry]>([:])
  private let parsedFiles = Locked<[String]>([])

  /// One body's document, parsed by the first thread to ask while the others wait for it.
  private final class Entry: Sendable {
    let document = Locked<MarkdownDocument?>(nil)
  }

  public init() {}

  /// The files whose bodies this build has parsed, once for each parse.
  public var parsed: [String] { parsedFiles.withLock { $0 } }

  /// The document of a body, found by its file's path.
  func document(of source: MarkdownSource) -> MarkdownDocument {
    let entry = entries.withLock { entries in
      if let entry = entries[source.file.path] { return entry }
      let entry = Entry()
      entries[source.file.path] = entry
      return entry
    }
    return entry.document.withLock { document in
      if let document { return document }
      let parsed = MarkdownParser.parse(source.body)
      document = parsed
      parsedFiles.withLock { $0.append(source.file.path) }
      return parsed
    }
  }
}
