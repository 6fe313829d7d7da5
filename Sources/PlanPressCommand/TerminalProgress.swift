import Foundation
import PlanPress

/// Shows how far a build's pages have got, as `planpress: 1200/22045 pages` rewritten in place on
/// standard error; only when standard error is a terminal (logs and CI see nothing) and only once a
/// build has taken more than a second (a small site builds before anyone could read it).
final class TerminalProgress: Sendable {
  private let start = DispatchTime.now().uptimeNanoseconds
  /// When the line was last written, and whether it is on the terminal now; written under the lock,
  /// so that lines from several threads come out whole and in order.
  private let line = Locked((lastShown: UInt64(0), shown: false))
  private let delay: UInt64
  private let interval: UInt64 = 100_000_000
  private let write: @Sendable (String) -> Void

  /// A reporter that shows nothing for `seconds`, then writes with `write` (to standard error by default).
  init(delay seconds: Double = 1, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
    delay = UInt64(seconds * 1e9)
    self.write = write
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
    line.withLock { line in
      // The time is read under the lock: read before it, another thread's later time could be ahead.
      let now = DispatchTime.now().uptimeNanoseconds
      guard now >= start + delay, done == total || now >= line.lastShown + interval else { return }
      line = (now, true)
      // Carriage return and clear-to-end-of-line: the count is rewritten in place.
      write("\r" + Self.line(done: done, total: total) + "\u{1B}[K")
    }
  }

  /// Clears the progress line, if one was shown, before the build's own messages.
  func finish() {
    line.withLock { line in
      if line.shown { write("\r\u{1B}[K") }
      line.shown = false
    }
  }
}
