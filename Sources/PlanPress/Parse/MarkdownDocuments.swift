import Foundation

/// Every body's `MarkdownDocument` for one build: parsed the first time a stage asks for it (the
/// parse stage for the sections it reads, rendering for a section a rebuild took from its cache)
/// and kept until the build ends, so that no body goes through cmark twice.
public final class MarkdownDocuments: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: Entry] = [:]
  private var parsedFiles: [String] = []

  /// One body's document, parsed by the first thread to ask while the others wait for it.
  private final class Entry: @unchecked Sendable {
    let lock = NSLock()
    var document: MarkdownDocument?
  }

  public init() {}

  /// The files whose bodies this build has parsed, once for each parse.
  public var parsed: [String] {
    lock.lock()
    defer { lock.unlock() }
    return parsedFiles
  }

  /// The document of a body, found by its file's path.
  func document(of source: MarkdownSource) -> MarkdownDocument {
    lock.lock()
    let entry = entries[source.file.path] ?? Entry()
    entries[source.file.path] = entry
    lock.unlock()
    entry.lock.lock()
    defer { entry.lock.unlock() }
    if let document = entry.document { return document }
    let document = MarkdownParser.parse(source.body)
    entry.document = document
    lock.lock()
    parsedFiles.append(source.file.path)
    lock.unlock()
    return document
  }
}
