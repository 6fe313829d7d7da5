import Dispatch
import Foundation

extension RandomAccessCollection where Index == Int {
  /// `map`, with the elements transformed on every core at once (or by `workers` threads); the
  /// results keep their order.
  func concurrentMap<Result>(workers: Int = WorkQueue.workers, _ transform: (Element) -> Result) -> [Result] {
    let count = self.count
    guard count > 1 else { return map(transform) }
    var results = [Result?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      // Each index is written by exactly one worker, so the buffer is shared without a lock.
      nonisolated(unsafe) let buffer = buffer
      withoutActuallyEscaping(transform) { transform in
        nonisolated(unsafe) let transform = transform
        nonisolated(unsafe) let collection = self
        WorkQueue.run(count, workers: workers) { offset in
          buffer[offset] = transform(collection[collection.startIndex + offset])
        }
      }
    }
    return results.compactMap { $0 }
  }
}

/// Runs numbered work items on every core.
enum WorkQueue {
  /// Threads to use: one per core.
  static let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// Calls `work` once for each of `0..<count`, on `workers` threads (one per core unless told);
  /// returns when all are done.
  ///
  /// `concurrentPerform` is given one iteration per core, each taking the next item from a shared
  /// counter: items differ in cost (a department page of a big plan is a thousand section pages'
  /// work), so a fixed split would leave a core idle.
  static func run(_ count: Int, workers: Int = WorkQueue.workers, _ work: (Int) -> Void) {
    guard count > 1, workers > 1 else {
      for item in 0..<count { work(item) }
      return
    }
    let next = Counter()
    withoutActuallyEscaping(work) { work in
      nonisolated(unsafe) let work = work
      DispatchQueue.concurrentPerform(iterations: Swift.min(count, workers)) { _ in
        while let item = next.take(below: count) { work(item) }
      }
    }
  }

  /// A counter shared by threads.
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The next number, or nil once `limit` is reached.
    func take(below limit: Int) -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard value < limit else { return nil }
      value += 1
      return value - 1
    }
  }
}

/// Values computed once per key and shared by the threads that render pages: what several pages
/// show alike. A value is dropped once it has been asked for as many times as it is known to be
/// needed, so that a big plan's values are not all held at once; asked for again, it is computed
/// again. (Two threads asking at once may both compute it.)
final class SharedMemo<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: (value: Value, usesLeft: Int)] = [:]
  private let uses: Int

  /// A memo whose values are each needed `uses` times.
  init(uses: Int) {
    self.uses = uses
  }

  func value(for key: String, computing compute: () -> Value) -> Value {
    lock.lock()
    if let entry = entries[key] {
      if entry.usesLeft <= 1 {
        entries[key] = nil
      } else {
        entries[key] = (entry.value, entry.usesLeft - 1)
      }
      lock.unlock()
      return entry.value
    }
    lock.unlock()
    let value = compute()
    if uses > 1 {
      lock.lock()
      entries[key] = (value, uses - 1)
      lock.unlock()
    }
    return value
  }

  /// How many values are held.
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return entries.count
  }
}
