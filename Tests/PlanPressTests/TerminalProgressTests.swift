import Dispatch
import Foundation
import PlanPress
import Testing

@testable import PlanPressCommand

@Suite("Progress on a terminal")
struct TerminalProgressTests {
  @Test("reports from many threads at once show the count in place, end on the total and are cleared")
  func concurrentReports() {
    let lines = Locked([String]())
    let progress = TerminalProgress(delay: 0, write: { line in lines.withLock { $0.append(line) } })
    let total = 20_000
    DispatchQueue.concurrentPerform(iterations: 4) { worker in
      for done in stride(from: worker + 1, through: total, by: 4) { progress.report(done: done, total: total) }
    }
    progress.report(done: total, total: total)
    progress.finish()
    let written = lines.withLock { $0 }
    #expect(written.contains("\r" + TerminalProgress.line(done: total, total: total) + "\u{1B}[K"))
    #expect(written.last == "\r\u{1B}[K")
    // Rewritten at most every tenth of a second (and at the end), not 20,000 times.
    #expect(written.count < 200)
  }

  @Test("a build shorter than the delay shows nothing")
  func quiet() {
    let lines = Locked([String]())
    let progress = TerminalProgress(delay: 60, write: { line in lines.withLock { $0.append(line) } })
    progress.report(done: 1, total: 2)
    progress.report(done: 2, total: 2)
    progress.finish()
    #expect(lines.withLock { $0.isEmpty })
  }
}
