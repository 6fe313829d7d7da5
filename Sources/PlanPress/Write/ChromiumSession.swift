import Foundation

#if canImport(Darwin)
  import Darwin
#else
  import Glibc
#endif

/// One headless Chromium, driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// JSON messages ended by a NUL byte, read by Chromium from its fd 3, written to its fd 4).
///
/// A build prints all its briefs with one Chromium: starting one per brief took most of a second
/// each, which was nearly all of a small plan's build.
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
  private let commands: Int32
  private let replies: Int32
  private let server: Server
  private let log: URL
  private var reading: BackgroundWork<Void>?

  /// Held while a message is written, so that messages from several threads do not interleave.
  private let writing = NSLock()
  // Guarded by `condition`.
  private let condition = NSCondition()
  private var nextID = 0
  private var answers: [Int: [String: Any]] = [:]
  private var unawaited: Set<Int> = []
  private var loads: [String: Int] = [:]
  private var crashed: Set<String> = []
  private var ended = false

  /// Starts Chromium with an empty profile in `profile`; its messages to the terminal go to
  /// `log`. Requests of its pages are answered by `server`.
  init(chromium: URL, profile: URL, log: URL, server: @escaping Server) throws {
    self.server = server
    self.log = log
    // Writing to a Chromium that has stopped must fail with EPIPE, not stop this process.
    signal(SIGPIPE, SIG_IGN)
    var toChromium: [Int32] = [0, 0]
    var fromChromium: [Int32] = [0, 0]
    guard pipe(&toChromium) == 0 else { throw Failure(description: "cannot make a pipe to Chromium") }
    guard pipe(&fromChromium) == 0 else {
      close(toChromium[0])
      close(toChromium[1])
      throw Failure(description: "cannot make a pipe from Chromium")
    }
    // Chromium's ends are moved above 3 and 4 first, so that putting one in place cannot overwrite
    // the other; every end is closed on exec, and only the two copies made for Chromium survive it.
    let chromiumReads = fcntl(toChromium[0], F_DUPFD_CLOEXEC, 10)
    let chromiumWrites = fcntl(fromChromium[1], F_DUPFD_CLOEXEC, 10)
    close(toChromium[0])
    close(fromChromium[1])
    for fd in [toChromium[1], fromChromium[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    commands = toChromium[1]
    replies = fromChromium[0]
    defer {
      close(chromiumReads)
      close(chromiumWrites)
    }

    var arguments = [
      chromium.path, "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", "--no-default-browser-check",
      "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "about:blank",
    ]
    // Chromium refuses to run as root with its sandbox; builds in CI containers run as root.
    if getuid() == 0 { arguments.insert("--no-sandbox", at: 1) }
    do {
      process = try Self.spawn(arguments, pipes: (chromiumReads, chromiumWrites), log: log)
    } catch {
      close(commands)
      close(replies)
      throw error
    }
    reading = BackgroundWork { [self] in readMessages() }
  }

  deinit {
    close(commands)
    close(replies)
  }

  private static func spawn(_ arguments: [String], pipes: (reads: Int32, writes: Int32), log: URL) throws -> pid_t {
    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t?
    #else
      var actions = posix_spawn_file_actions_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipes.reads, 3)
    posix_spawn_file_actions_adddup2(&actions, pipes.writes, 4)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
    guard status == 0 else {
      throw Failure(description: "cannot start Chromium: \(String(cString: strerror(status)))")
    }
    return pid
  }

  // MARK: Messages

  /// Sends a command and waits for its answer, until `deadline`; the answer's `result`.
  @discardableResult
  func call(_ method: String, _ parameters: [String: Any] = [:], in tab: Tab? = nil, until deadline: Date) throws -> [String: Any] {
    let id = try send(method, parameters, in: tab, awaited: true)
    let answer = try wait(until: deadline, for: "an answer to \(method)") { answers.removeValue(forKey: id) }
    if let error = answer["error"] as? [String: Any] {
      throw Failure(description: "Chromium answered \(method) with an error: \(error["message"] as? String ?? "\(error)")")
    }
    return answer["result"] as? [String: Any] ?? [:]
  }

  /// Sends a command; its id. The answer to a command not `awaited` is dropped when it comes.
  private func send(_ method: String, _ parameters: [String: Any], in tab: Tab?, awaited: Bool) throws -> Int {
    condition.lock()
    nextID += 1
    let id = nextID
    if !awaited { unawaited.insert(id) }
    condition.unlock()
    var message: [String: Any] = ["id": id, "method": method, "params": parameters]
    if let tab { message["sessionId"] = tab.sessionID }
    var bytes = try JSONSerialization.data(withJSONObject: message)
    bytes.append(0)
    // Not under `condition`: the thread that reads Chromium's messages must not wait for a write.
    writing.lock()
    defer { writing.unlock() }
    let written = bytes.withUnsafeBytes { buffer -> Bool in
      var offset = 0
      while offset < buffer.count {
        let count = write(commands, buffer.baseAddress! + offset, buffer.count - offset)
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return false }
        offset += count
      }
      return true
    }
    guard written else { throw Failure(description: "Chromium stopped (it no longer reads its commands)") }
    return id
  }

  /// Waits, until `deadline`, for `found` to give a value; `found` runs with the lock held.
  private func wait<Value>(until deadline: Date, for what: String, tab: Tab? = nil, _ found: () -> Value?) throws -> Value {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let value = found() { return value }
      if let tab, crashed.contains(tab.sessionID) { throw Failure(description: "Chromium's page crashed") }
      if ended { throw Failure(description: "Chromium stopped while waiting for \(what)" + lastWords()) }
      if !condition.wait(until: deadline) { throw Failure(description: "Chromium took too long to give \(what)") }
    }
  }

  /// The last line Chromium wrote to the terminal, which says why it stopped if anything does.
  private func lastWords() -> String {
    let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return "" }
    return " (it said: \(line.prefix(300)))"
  }

  /// Reads Chromium's messages until it closes its end of the pipe.
  private func readMessages() {
    var pending = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      pending.append(contentsOf: buffer[0..<count])
      while let end = pending.firstIndex(of: 0) {
        let message = pending[pending.startIndex..<end]
        pending = Data(pending[(end + 1)...])
        if let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any] { handle(object) }
      }
    }
    condition.lock()
    ended = true
    condition.broadcast()
    condition.unlock()
  }

  private func handle(_ message: [String: Any]) {
    let session = message["sessionId"] as? String ?? ""
    switch message["method"] as? String {
    case nil:
      guard let id = message["id"] as? Int else { return }
      condition.lock()
      if unawaited.remove(id) == nil { answers[id] = message }
      condition.broadcast()
      condition.unlock()
    case "Fetch.requestPaused":
      // Answered here, not waited for: the answer to a page's request is part of its loading.
      guard let parameters = message["params"] as? [String: Any], let requestID = parameters["requestId"] as? String else { return }
      let url = (parameters["request"] as? [String: Any])?["url"] as? String ?? ""
      let (method, answer): (String, [String: Any]) =
        if let served = server(url) {
          (
            "Fetch.fulfillRequest",
            [
              "requestId": requestID, "responseCode": 200, "body": served.body.base64EncodedString(),
              "responseHeaders": [["name": "Content-Type", "value": served.type]],
            ]
          )
        } else {
          ("Fetch.failRequest", ["requestId": requestID, "errorReason": "BlockedByClient"])
        }
      _ = try? send(method, answer, in: Tab(sessionID: session), awaited: false)
    case "Page.loadEventFired":
      condition.lock()
      loads[session, default: 0] += 1
      condition.broadcast()
      condition.unlock()
    case "Inspector.targetCrashed":
      condition.lock()
      crashed.insert(session)
      condition.broadcast()
      condition.unlock()
    default:
      return
    }
  }

  // MARK: Pages

  /// Opens a page whose requests all go to the server.
  func openTab(until deadline: Date) throws -> Tab {
    let target = try call("Target.createTarget", ["url": "about:blank"], until: deadline)
    guard let targetID = target["targetId"] as? String else { throw Failure(description: "Chromium opened no page") }
    let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true], until: deadline)
    guard let sessionID = attached["sessionId"] as? String else { throw Failure(description: "Chromium gave no session for its page") }
    let tab = Tab(sessionID: sessionID)
    try call("Inspector.enable", in: tab, until: deadline)
    try call("Page.enable", in: tab, until: deadline)
    try call("Fetch.enable", ["patterns": [["urlPattern": "*", "requestStage": "Request"]]], in: tab, until: deadline)
    return tab
  }

  /// Loads `url` in `tab` and waits for its load event (its styles and images are in by then).
  func load(_ url: String, in tab: Tab, until deadline: Date) throws {
    condition.lock()
    let before = loads[tab.sessionID, default: 0]
    condition.unlock()
    let navigation = try call("Page.navigate", ["url": url], in: tab, until: deadline)
    if let error = navigation["errorText"] as? String { throw Failure(description: "Chromium could not load \(url): \(error)") }
    _ = try wait(until: deadline, for: "the page \(url)", tab: tab) { loads[tab.sessionID, default: 0] > before ? true : nil }
  }

  /// Asks Chromium to close, and waits a little for it to go before stopping it.
  func quit() {
    _ = try? call("Browser.close", until: Date().addingTimeInterval(5))
    let deadline = Date().addingTimeInterval(10)
    var status: Int32 = 0
    while waitpid(process, &status, WNOHANG) == 0 {
      if Date() > deadline {
        kill(process, SIGKILL)
        waitpid(process, &status, 0)
        break
      }
      usleep(20_000)
    }
    _ = reading?.wait()
    reading = nil
  }
}
