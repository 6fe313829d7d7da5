import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// What one build of the preview came to.
public enum PreviewBuildResult: Sendable {
  case succeeded
  /// The diagnostics, as `planpress build` prints them (with each source line), for the pages to show.
  case failed(diagnostics: String)
}

/// `planpress serve`: builds the site, serves the output folder over HTTP, builds again when the
/// content or the templates' data change, and tells every open page to reload (or, after a failed
/// build, to show its diagnostics over the last good site) through server-sent events.
public struct PreviewServer: Sendable {
  let folder: String
  let host: String
  let port: Int
  let watcher: SourceWatcher
  let build: @Sendable () -> PreviewBuildResult
  let buildPages: (@Sendable () -> PreviewBuildResult)?
  let listening: @Sendable (_ address: String) -> Void

  /// `build` runs one whole build (as `planpress build` does, printing what it prints), search index
  /// and all; after an edit, `buildPages` runs first, without what takes longest (the search index),
  /// so that the open pages show the edit at once, and `build` then brings the rest up to date.
  /// Both run on a thread of their own. `listening` is told the address once the server accepts connections.
  public init(
    content: String, templates: String, output: String, host: String, port: Int, build: @escaping @Sendable () -> PreviewBuildResult,
    buildPages: (@Sendable () -> PreviewBuildResult)? = nil, listening: @escaping @Sendable (_ address: String) -> Void
  ) {
    folder = output
    self.host = host
    self.port = port
    watcher = SourceWatcher(content: content, templates: templates)
    self.build = build
    self.buildPages = buildPages
    self.listening = listening
  }

  /// Whether `host` is reachable only from this machine.
  public static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
  }

  /// Serves until SIGINT or SIGTERM, then finishes the build under way, closes the pages' event
  /// streams and returns.
  public func run() async throws {
    let events = BuildEvents()
    // Taken before the first build, so that an edit made during it is built next.
    let before = watcher.snapshot()
    await report(await run(build), to: events)
    var logger = Logger(label: "planpress-serve")
    logger.logLevel = .error
    let host = host
    let listening = listening
    let app = Application(
      responder: SiteResponder(folder: SiteFolder(folder), events: events),
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        listening("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
      },
      logger: logger
    )
    let rebuilds = RebuildLoop(server: self, events: events, known: before)
    // Stopped in reverse order: the rebuilds first, closing the pages' streams, then the server.
    let group = ServiceGroup(
      configuration: .init(services: [app, rebuilds], gracefulShutdownSignals: [.sigint, .sigterm], logger: logger))
    try await group.run()
  }

  /// After an edit: the pages first, and every open page reloads; then, if that went well and
  /// there is more to build, the whole site, and the pages reload again with its search index.
  func rebuild(reportingTo events: BuildEvents) async {
    if let buildPages {
      let pages = await run(buildPages)
      await report(pages, to: events)
      guard case .succeeded = pages else { return }
    }
    await report(await run(build), to: events)
  }

  /// One build, on a thread of its own (it blocks, and uses every core).
  private func run(_ build: @escaping @Sendable () -> PreviewBuildResult) async -> PreviewBuildResult {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: build()) }
    }
  }

  func report(_ result: PreviewBuildResult, to events: BuildEvents) async {
    switch result {
    case .succeeded: await events.succeeded()
    case .failed(let diagnostics): await events.failed(diagnostics)
    }
  }
}

/// Builds again after each change of the sources, until the server stops.
struct RebuildLoop: Service {
  let server: PreviewServer
  let events: BuildEvents
  let known: [String: [Int]]

  func run() async throws {
    let (server, events, known) = (server, events, known)
    await cancelWhenGracefulShutdown {
      var known = known
      while let changed = await server.watcher.nextChange(after: known) {
        known = changed
        await server.rebuild(reportingTo: events)
      }
    }
    await events.close()
  }
}

/// Answers a request from the output folder, with the live-reload script added to every page.
struct SiteResponder: HTTPResponder {
  typealias Context = BasicRequestContext
  let folder: SiteFolder
  let events: BuildEvents

  func respond(to request: Request, context: Context) async throws -> Response {
    guard request.method == .get else { return text(.methodNotAllowed, "only GET is served") }
    let path = request.uri.path
    switch path {
    case LiveReload.eventsPath: return await eventStream()
    case LiveReload.scriptPath:
      return Response(
        status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(string: LiveReload.script)))
    default: break
    }
    switch folder.lookup(path) {
    case .file(let file): return await serve(file, status: .ok)
    case .redirect(let location):
      return Response(status: .found, headers: [.location: location + (request.uri.query.map { "?\($0)" } ?? "")])
    case .notFound:
      let notFound = folder.root.appendingPathComponent("404.html")
      guard FileManager.default.fileExists(atPath: notFound.path) else { return text(.notFound, "not found") }
      return await serve(notFound, status: .notFound)
    case .refused: return text(.forbidden, "refused: the preview serves only the output folder")
    }
  }

  /// A file; a page gets the live-reload script, told which build it comes from.
  private func serve(_ file: URL, status: HTTPResponse.Status) async -> Response {
    let build = await events.build
    guard var data = try? Data(contentsOf: file) else { return text(.notFound, "not found") }
    let type = SiteFolder.contentType(of: file)
    if type.hasPrefix("text/html") { data = LiveReload.inject(into: data, build: build) }
    return Response(
      status: status, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  private func eventStream() async -> Response {
    let stream = await events.listen()
    return Response(
      status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
      body: ResponseBody { writer in
        for await message in stream {
          try await writer.write(ByteBuffer(string: message))
        }
        try await writer.finish(nil)
      })
  }

  private func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
    Response(
      status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
  }
}
