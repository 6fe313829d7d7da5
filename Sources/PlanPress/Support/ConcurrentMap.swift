import Dispatch
import Foundation

extension RandomAccessCollection where Index == Int {
  /// `map`, with the elements transformed on every core at once (or by `workers` threads); the
  /// results keep their order.
  func concurrentMap<Result>(workers: Int = WorkQueue.workers, _ transform: (Element) -> Result) -> [Result] {
    let count = self.count
    guard count > 1 else { return map(transform) }
    // Written in place: a list of optionals compacted afterwards held the results twice over,
    // which showed in a big plan's peak memory (a department's table of targets).
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
      // Each index is written by exactly one worker, so the buffer is shared without a lock.
      nonisolated(unsafe) let buffer = buffer
      withoutActuallyEscaping(transform) { transform in
        nonisolated(unsafe) let transform = transform
        nonisolated(unsafe) let collection = self
        WorkQueue.run(count, workers: workers) { offset in
          buffer.initializeElement(at: offset, to: transform(collection[collection.startIndex + offset]))
        }
      }
      initialized = count
    }
  }
}

/// Runs numbered work items on every core.
enum WorkQueue {
  /// Threads to use: one per core.
  static let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// Calls `work` once for each of `0..<count`, on `workers` threads (one per core unless told):
  /// this thread and `workers - 1` started for the call. Returns when all are done.
  ///
  /// Each thread takes the next item from a shared counter: items differ in cost (a department's
  /// brief in a big plan is a thousand section pages' work), so a fixed split would leave a core
  /// idle. Threads of its own, not `concurrentPerform`, whose calls made from inside another one
  /// run one item at a time: a rebuild that renders only one brief can then still make its parts
  /// on every core.
  static func run(_ count: Int, workers: Int = WorkQueue.workers, _ work: (Int) -> Void) {
    guard count > 1, workers > 1 else {
      for item in 0..<count { work(item) }
      return
    }
    let next = Counter()
    withoutActuallyEscaping(work) { work in
      // The threads hold the box, not the closure, which is let go once they are done.
      let box = WorkBox(work)
      var helpers: [pthread_t] = []
      for _ in 1..<Swift.min(count, workers) {
        // A thread that cannot be started is no helper: this one does its share.
        if let thread = startThread({ while let item = next.take(below: count) { box.work?(item) } }) { helpers.append(thread) }
      }
      while let item = next.take(below: count) { box.work?(item) }
      for thread in helpers { pthread_join(thread, nil) }
      box.work = nil
    }
  }

  /// The work of one `run`, shared by its threads.
  private final class WorkBox: @unchecked Sendable {
    var work: ((Int) -> Void)?
    init(_ work: @escaping (Int) -> Void) { self.work = work }
  }

  /// Starts a thread running `body`, with as much stack as the main thread has (cmark and the
  /// templates recurse with the input); nil if the system cannot start one.
  static func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    final class Start {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 8 << 20)
    let start = Unmanaged.passRetained(Start(body))
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let status = pthread_create(
      &thread, &attributes,
      { context in
        guard let context else { return nil }
        Unmanaged<Start>.fromOpaque(context).takeRetainedValue().body()
        return nil
      }, start.toOpaque())
    guard status == 0 else {
      start.release()
      return nil
    }
    return thread
  }

  /// A counter shared by threads.
  final class Counter: Sendable {
    private let next = Locked(0)

    /// The next number, or nil once `limit` is reached.
    func take(below limit: Int) -> Int? {
      next.withLock { next in
        guard next < limit else { return nil }
        next += 1
        return next - 1
      }
    }
  }
}

/// Work run on a thread of its own while the caller goes on, for a result it waits for later: a
/// build reads its caches while its first stages run, and writes them at once after the swap.
final class BackgroundWork<Result>: @unchecked Sendable {
  // Written by the work's thread before it ends, read after `pthread_join`, which orders the two.
  private var result: Result?
  private var thread: pthread_t?

  init(_ work: @escaping @Sendable () -> Result) {
    thread = WorkQueue.startThread { self.result = work() }
    // A thread that cannot be started is no help: the work is done now.
    if thread == nil { result = work() }
  }

  /// Waits for the work to end; its result.
  func wait() -> Result? {
    if let thread {
      pthread_join(thread, nil)
      self.thread = nil
    }
    return result
  }

  deinit {
    // Not waited for: the work's thread, which holds this object until the work ends, is let go
    // (it may be the thread letting go of it last).
    if let thread { pthread_detach(thread) }
  }
}

/// The first error of work done on several threads: once one has failed, the others stop taking
/// more, and the caller throws it.
final class FirstFailure: Sendable {
  private let first = Locked<Error?>(nil)

  /// Keeps `error` unless one came before it.
  func record(_ error: Error) {
    first.withLock { first in
      if first == nil { first = error }
    }
  }

  var error: Error? {
    first.withLock { $0 }
  }

  var happened: Bool { error != nil }
}
