import Foundation
import Testing

@testable import PlanPress

/// The build's worker pool and what its threads share.
@Suite("Work on every core")
struct WorkQueueTests {
  @Test("concurrentMap keeps the order of its input, whatever order the items finish in")
  func concurrentMapKeepsOrder() {
    let numbers = Array(0..<1_000)
    #expect(numbers.concurrentMap(workers: 4) { $0 * $0 } == numbers.map { $0 * $0 })
    #expect([Int]().concurrentMap { $0 } == [])
  }

  @Test("every item runs exactly once")
  func everyItemOnce() {
    let seen = Locked([Int]())
    WorkQueue.run(500, workers: 3) { item in seen.withLock { $0.append(item) } }
    #expect(seen.withLock { $0.sorted() } == Array(0..<500))
  }

  @Test("a run inside a run does all its items too, on threads of its own")
  func nestedRuns() {
    let seen = Locked([Int]())
    WorkQueue.run(6, workers: 2) { outer in
      WorkQueue.run(50, workers: 2) { inner in seen.withLock { $0.append(outer * 100 + inner) } }
    }
    #expect(seen.withLock { $0.sorted() } == (0..<6).flatMap { outer in (0..<50).map { outer * 100 + $0 } })
  }

  @Test("background work runs beside its caller, which waits for its result when it needs it")
  func backgroundWork() {
    let caller = pthread_self()
    let started = DispatchSemaphore(value: 0)
    let goOn = DispatchSemaphore(value: 0)
    let work = BackgroundWork { () -> Bool in
      started.signal()
      // Ends only once the caller has gone on past starting it.
      goOn.wait()
      return pthread_equal(pthread_self(), caller) == 0
    }
    started.wait()
    goOn.signal()
    #expect(work.wait() == true, "the work ran on a thread of its own")
    #expect(work.wait() == true, "waiting again gives the same result")
  }
}
