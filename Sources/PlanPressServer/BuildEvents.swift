import Foundation

/// The state of the preview's builds, and the pages listening to it through server-sent events:
/// each is told the state when it connects and after every build.
actor BuildEvents {
  /// The last good build's name: a page served from another reloads.
  private(set) var build: String
  /// The diagnostics of the last build, when it failed, as `planpress build` prints them.
  private(set) var failure: String?
  private var listeners: [UUID: AsyncStream<String>.Continuation] = [:]
  private var counter = 0
  /// Once closed, no page is kept listening (the server is stopping).
  private var closed = false

  init() {
    // Names differ from one run of the server to the next, so a page kept open across a restart reloads.
    build = UUID().uuidString
  }

  /// After a good build: every page reloads.
  func succeeded() {
    counter += 1
    build = "\(build.prefix(36))-\(counter)"
    failure = nil
    broadcast()
  }

  /// After a failed build: every page shows `diagnostics`, and still the last good site.
  func failed(_ diagnostics: String) {
    failure = diagnostics
    broadcast()
  }

  /// A stream of the events for one page, starting with the current state.
  func listen() -> AsyncStream<String> {
    let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(4))
    if closed {
      continuation.finish()
      return stream
    }
    let id = UUID()
    listeners[id] = continuation
    continuation.onTermination = { _ in Task { await self.forget(id) } }
    continuation.yield(message())
    return stream
  }

  /// Ends every page's stream, so the server can stop.
  func close() {
    closed = true
    for continuation in listeners.values { continuation.finish() }
    listeners = [:]
  }

  private func forget(_ id: UUID) {
    listeners[id] = nil
  }

  private func broadcast() {
    let message = message()
    for continuation in listeners.values { continuation.yield(message) }
  }

  /// One server-sent event: `build`, with the state as JSON.
  private func message() -> String {
    var state: [String: String] = ["build": build]
    if let failure { state["failure"] = failure }
    let json =
      (try? JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return "event: build\ndata: \(json)\n\n"
  }
}
