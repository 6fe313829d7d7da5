import Foundation
import PlanPress

/// Shows how far a build's pages have got, as `planpress: 1200/22045 pages` rewritten in place on
/// standard error; only when standard error is a terminal (logs and CI see nothing) and only once a
/// build has taken more than a second (a small site builds before anyone could read it).
final class TerminalProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastShown: UInt64 = 0
  private var shown = false
  private let delay: UInt64
  private let interval: UInt64 = 100_000_000

  init(delay seconds: Double = 1) {
    delay = UInt64(seconds * 1e9)
  }

  /// A reporter for `BuildOptions.progress`, or nil when standard error is not a terminal.
  static func forStandardError() -> TerminalProgress? {
    isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
  }

  /// The line for a count: what the terminal shows.
  static func line(done: Int, total: Int) -> String {
    "planpress: \(done)/\(total) pages"
  }

  func report(done: Int, total: Int) {
    let now = DispatchTime.now().uptimeNanoseconds
    lock.lock()
    defer { lock.unlock() }
    guard now - start >= delay, done == total || now - lastShown >= interval else { return }
    lastShown = now
    shown = true
    // Carriage return and clear-to-end-of-line: the count is rewritten in place.
    FileHandle.standardError.write(Data(("\r" + Self.line(done: done, total: total) + "\u{1B}[K").utf8))
  }

  /// Clears the progress line, if one was shown, before the build's own messages.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    shown = false
  }
}
