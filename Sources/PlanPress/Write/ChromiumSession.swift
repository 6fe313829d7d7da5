import Foundation

#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// One headless Chromium, driven over the DevTools protocol (`--remote-debugging-pipe`: JSON
/// messages ended by a NUL byte, which Chromium reads from its fd 3 and writes to its fd 4; here
/// both are one end of a socket).
///
/// A build prints all its briefs with one Chromium: starting one per brief took most of a second
/// each, which was nearly all of a small plan's build.
///
/// Nothing waits without a deadline: a Chromium that misses one is stopped (`SIGKILL`), which
/// ends every other wait and write at once, so a hung Chromium fails the build instead of hanging it.
final class ChromiumSession: @unchecked Sendable {
  /// A failure of Chromium itself (it could not start, stopped, or answered with an error).
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// A page (a tab) of the session, with the id that addresses the protocol's messages to it.
  struct Tab {
    let sessionID: String
  }

  /// Answers a request the page makes (its styles, its images), by the request's URL: the bytes
  /// and their media type, or nil for a request that fails. Called on the session's reading thread.
  typealias Server = @Sendable (_ url: String) -> (body: Data, type: String)?

  private let process: pid_t
  /// This side of the socket that is Chromium's fds 3 and 4: commands are written to it, and
  /// Chromium's messages read from it.
  private let socket: Int32
  private let server: Server
  private let log: URL
  /// How long Chromium may take to read an answer to one of its pages' requests.
  private let timeout: TimeInterval
  private var reader: pthread_t?

  /// Whether a message is being written: one at a time, so that messages from several threads do
  /// not interleave.
  private let writing = Locked(false)
  /// What Chromium has said and done, which callers wait for.
  private let state = Locked(State())
  /// Whether Chromium has been reaped; only `quit` and `init` read and write it, one after the other.
  private var exited = false

  /// Starts Chromium with an empty profile in `profile`; its messages to the terminal go to
  /// `log`. Requests of its pages are answered by `server`, each within `timeout` seconds.
  init(chromium: URL, profile: URL, log: URL, timeout: TimeInterval, server: @escaping Server) throws {
    self.server = server
    self.log = log
    self.timeout = timeout
    // A socket rather than two pipes: written with MSG_NOSIGNAL, a Chromium that has stopped is
    // an error to report, not a SIGPIPE that would stop this process.
    var ends: [Int32] = [0, 0]
    guard socketpair(AF_UNIX, Self.streamType, 0, &ends) == 0 else {
      throw Failure(description: "cannot make a socket to talk to Chromium: \(String(cString: strerror(errno)))")
    }
    // Chromium's end is moved above 3 and 4 first, so that putting it in place cannot overwrite
    // anything it needs; it is closed on exec, and only the copies made as fds 3 and 4 survive it.
    let chromiumEnd = fcntl(ends[1], F_DUPFD_CLOEXEC, 10)
    close(ends[1])
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    #if canImport(Darwin)
    var on: Int32 = 1
    setsockopt(ends[0], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
    #endif
    socket = ends[0]
    defer { close(chromiumEnd) }

    var arguments = [
      chromium.path, "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", "--no-default-browser-check",
      "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "about:blank",
    ]
    // Chromium refuses to run as root with its sandbox; builds in CI containers run as root.
    if getuid() == 0 { arguments.insert("--no-sandbox", at: 1) }
    do {
      process = try Self.spawn(arguments, socket: chromiumEnd, log: log)
    } catch {
      close(socket)
      throw error
    }
    reader = WorkQueue.startThread { [self] in readMessages() }
    if reader == nil {
      // Every property is set by now, so the socket is closed by `deinit`.
      stop()
      reap()
      throw Failure(description: "cannot start a thread to read Chromium's messages")
    }
  }

  deinit {
    close(socket)
  }

  private struct State {
    var nextID = 0
    /// Answers as Chromium wrote them, by id, decoded by the caller that knows their type.
    var answers: [Int: Data] = [:]
    var unawaited: Set<Int> = []
    var loads: [String: Int] = [:]
    var crashed: Set<String> = []
    var ended = false
    var stopped = false
    /// Why Chromium was stopped, when it was for missing a deadline: what every wait then reports.
    var stopReason: String?
  }

  #if canImport(Darwin)
  private static let streamType = SOCK_STREAM
  #else
  private static let streamType = Int32(SOCK_STREAM.rawValue)
  #endif

  private static func spawn(_ arguments: [String], socket: Int32, log: URL) throws -> pid_t {
    #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t?
    var attributes: posix_spawnattr_t?
    #else
    var actions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    posix_spawn_file_actions_adddup2(&actions, socket, 3)
    posix_spawn_file_actions_adddup2(&actions, socket, 4)
    // Chromium gets these five and no other file this process has open.
    #if canImport(Darwin)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
    #else
    // glibc 2.34 and later; looked up, as Swift's Glibc module does not declare it.
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
      _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 5)
    }
    #endif
    let argv = arguments.map { strdup($0) } + [nil]
    // This process's environment, made here: `environ` is not declared alike on every platform.
    let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for string in argv + environment { free(string) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environment)
    guard status == 0 else {
      throw Failure(description: "cannot start Chromium: \(String(cString: strerror(status)))")
    }
    return pid
  }

  // MARK: Messages

  /// Sends a command and waits for its answer, until `deadline`; the answer's `result`.
  @discardableResult
  func call<Parameters: Encodable, Result: Decodable>(
    _ method: String, _ parameters: Parameters = DevTools.Nothing(), returning: Result.Type = DevTools.Nothing.self, in tab: Tab? = nil,
    until deadline: Date
  ) throws -> Result {
    let id = try send(method, parameters, in: tab, awaited: true, until: deadline)
    let answer = try wait(until: deadline, for: "an answer to \(method)") { $0.answers.removeValue(forKey: id) }
    let decoder = JSONDecoder()
    if let refusal = try? decoder.decode(DevTools.Envelope.self, from: answer).error {
      throw Failure(description: "Chromium answered \(method) with an error: \(refusal.message)")
    }
    guard let result = try? decoder.decode(DevTools.Answer<Result>.self, from: answer).result else {
      throw Failure(description: "Chromium's answer to \(method) is not what the protocol says")
    }
    return result
  }

  /// Sends a command, until `deadline`; its id. The answer to a command not `awaited` is dropped
  /// when it comes.
  private func send<Parameters: Encodable>(_ method: String, _ parameters: Parameters, in tab: Tab?, awaited: Bool, until deadline: Date)
    throws -> Int
  {
    let id = state.withLock { state in
      state.nextID += 1
      if !awaited { state.unawaited.insert(state.nextID) }
      return state.nextID
    }
    var bytes = try JSONEncoder().encode(DevTools.Command(id: id, method: method, params: parameters, sessionId: tab?.sessionID))
    bytes.append(0)
    // Not under `state`'s lock: the thread that reads Chromium's messages must not wait for a write.
    let claimed = writing.wait(until: deadline) { writing -> Bool? in
      guard !writing else { return nil }
      writing = true
      return true
    }
    guard claimed != nil else { throw missedDeadline("to send \(method)") }
    defer { writing.withLock { $0 = false } }
    let failure = bytes.withUnsafeBytes { buffer -> Failure? in
      guard let start = buffer.baseAddress else { return nil }
      var offset = 0
      while offset < buffer.count {
        // Without blocking, so that a Chromium that stops reading is waited for only until the deadline.
        let count = socketSend(socket, start + offset, buffer.count - offset, Self.sendFlags)
        if count > 0 {
          offset += count
          continue
        }
        if count < 0, errno == EINTR { continue }
        guard count < 0, errno == EAGAIN || errno == EWOULDBLOCK else {
          return Failure(description: "Chromium stopped (it no longer reads its commands)" + lastWords())
        }
        var ready = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow * 1000, 60_000)))
        if poll(&ready, 1, milliseconds) == 0, Date() >= deadline { return missedDeadline("to read \(method)") }
      }
      return nil
    }
    if let failure { throw failure }
    return id
  }

  #if canImport(Darwin)
  private func socketSend(_ socket: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    Darwin.send(socket, bytes, count, flags)
  }
  #else
  private func socketSend(_ socket: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    Glibc.send(socket, bytes, count, flags)
  }
  #endif

  #if canImport(Darwin)
  private static let sendFlags = MSG_DONTWAIT
  #else
  private static let sendFlags = Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL)
  #endif

  /// Waits, until `deadline`, for `found` to give a value; `found` runs with the lock held.
  private func wait<Value>(until deadline: Date, for what: String, tab: Tab? = nil, _ found: (inout State) -> Value?) throws -> Value {
    let outcome = state.wait(until: deadline) { state -> Result<Value, Failure>? in
      if let value = found(&state) { return .success(value) }
      if let tab, state.crashed.contains(tab.sessionID) { return .failure(Failure(description: "Chromium's page crashed")) }
      if state.ended {
        return .failure(Failure(description: state.stopReason ?? "Chromium stopped while waiting for \(what)" + lastWords()))
      }
      return nil
    }
    guard let outcome else { throw missedDeadline("to give \(what)") }
    return try outcome.get()
  }

  /// A deadline missed: Chromium is stopped, so that nothing else waits for it any longer.
  private func missedDeadline(_ what: String) -> Failure {
    let reason = "Chromium took too long \(what), and was stopped"
    stop(because: reason)
    return Failure(description: reason)
  }

  /// Stops Chromium at once (once): its end of the socket closes, so every wait and write ends,
  /// with `reason` if one is given.
  func stop(because reason: String? = nil) {
    state.withLock { state in
      guard !state.stopped else { return }
      state.stopped = true
      state.stopReason = reason
      kill(process, SIGKILL)
    }
  }

  /// The last error Chromium wrote to the terminal, which may say why it stopped.
  private func lastWords() -> String {
    let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
    guard let line = lines.last(where: { $0.contains(":FATAL:") }) ?? lines.last(where: { $0.contains(":ERROR:") }) ?? lines.last else {
      return ""
    }
    return " (its last message: \(line.prefix(300)))"
  }

  /// Reads Chromium's messages until it closes its end of the socket.
  private func readMessages() {
    var pending = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      var searchFrom = pending.count
      pending.append(contentsOf: buffer[0..<count])
      while let end = pending[(pending.startIndex + searchFrom)...].firstIndex(of: 0) {
        let message = pending[pending.startIndex..<end]
        handle(Data(message))
        pending = Data(pending[(end + 1)...])
        searchFrom = 0
      }
    }
    state.withLock { $0.ended = true }
  }

  private func handle(_ message: Data) {
    let decoder = JSONDecoder()
    guard let envelope = try? decoder.decode(DevTools.Envelope.self, from: message) else { return }
    let session = envelope.sessionId ?? ""
    switch envelope.method {
    case nil:
      guard let id = envelope.id else { return }
      state.withLock { state in
        if state.unawaited.remove(id) == nil { state.answers[id] = message }
      }
    case "Fetch.requestPaused":
      // Answered here, not waited for: the answer to a page's request is part of its loading.
      guard let paused = try? decoder.decode(DevTools.Event<DevTools.RequestPaused>.self, from: message).params else { return }
      let tab = Tab(sessionID: session)
      let deadline = Date().addingTimeInterval(timeout)
      // A failure stops Chromium (see `send`), which the waiting pages then report.
      if let served = server(paused.request.url) {
        let answer = DevTools.FulfillRequest(
          requestId: paused.requestId, responseCode: 200, body: served.body.base64EncodedString(),
          responseHeaders: [.init(name: "Content-Type", value: served.type)])
        _ = try? send("Fetch.fulfillRequest", answer, in: tab, awaited: false, until: deadline)
      } else {
        let answer = DevTools.FailRequest(requestId: paused.requestId, errorReason: "BlockedByClient")
        _ = try? send("Fetch.failRequest", answer, in: tab, awaited: false, until: deadline)
      }
    case "Page.loadEventFired":
      state.withLock { $0.loads[session, default: 0] += 1 }
    case "Inspector.targetCrashed":
      state.withLock { _ = $0.crashed.insert(session) }
    default:
      return
    }
  }

  // MARK: Pages

  /// Opens a page whose requests all go to the server.
  func openTab(until deadline: Date) throws -> Tab {
    let target = try call(
      "Target.createTarget", DevTools.CreateTarget(url: "about:blank"), returning: DevTools.CreatedTarget.self, until: deadline)
    let attached = try call(
      "Target.attachToTarget", DevTools.AttachToTarget(targetId: target.targetId, flatten: true), returning: DevTools.Attached.self,
      until: deadline)
    let tab = Tab(sessionID: attached.sessionId)
    try call("Inspector.enable", in: tab, until: deadline)
    try call("Page.enable", in: tab, until: deadline)
    try call("Fetch.enable", DevTools.FetchEnable(patterns: [.init(urlPattern: "*", requestStage: "Request")]), in: tab, until: deadline)
    return tab
  }

  /// Loads `url` in `tab` and waits for its load event (its styles and images are in by then).
  func load(_ url: String, in tab: Tab, until deadline: Date) throws {
    let before = state.withLock { $0.loads[tab.sessionID, default: 0] }
    let navigation = try call("Page.navigate", DevTools.Navigate(url: url), returning: DevTools.Navigated.self, in: tab, until: deadline)
    if let error = navigation.errorText { throw Failure(description: "Chromium could not load \(url): \(error)") }
    _ = try wait(until: deadline, for: "the page \(url)", tab: tab) { $0.loads[tab.sessionID, default: 0] > before ? true : nil }
  }

  /// Asks Chromium to close, stops it if it has not within a few seconds, and waits for it.
  func quit() {
    let running = state.withLock { !$0.ended && !$0.stopped }
    if running { _ = try? call("Browser.close", until: Date().addingTimeInterval(5)) }
    let deadline = Date().addingTimeInterval(5)
    while !hasExited() {
      if Date() > deadline {
        stop()
        break
      }
      usleep(20_000)
    }
    reap()
    // Chromium is gone, but a process it started could still hold its end of the socket: the
    // reading thread is told the end directly rather than waiting for every holder to close it.
    shutdown(socket, Int32(SHUT_RDWR))
    if let reader { pthread_join(reader, nil) }
    reader = nil
  }

  /// Whether Chromium has exited, reaping it if so.
  private func hasExited() -> Bool {
    guard !exited else { return true }
    var status: Int32 = 0
    while true {
      let result = waitpid(process, &status, WNOHANG)
      if result == -1, errno == EINTR { continue }
      exited = result != 0
      return exited
    }
  }

  /// Waits for Chromium to exit (after `stop`, at once).
  private func reap() {
    guard !exited else { return }
    var status: Int32 = 0
    while waitpid(process, &status, 0) == -1, errno == EINTR {}
    exited = true
  }
}
