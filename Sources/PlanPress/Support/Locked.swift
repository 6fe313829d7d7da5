import Foundation

/// A value shared by threads: read and changed only under its lock, and waited for by threads
/// that need it to change. PlanPress's one kind of lock.
public final class Locked<Value> {
  // A condition is a lock that threads can also wait on: one type serves both uses.
  private let condition = NSCondition()
  private var value: Value

  public init(_ value: Value) {
    self.value = value
  }

  /// Runs `body` with the value under the lock; then wakes the threads waiting for it to change.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    condition.lock()
    defer {
      condition.broadcast()
      condition.unlock()
    }
    return try body(&value)
  }

  /// Runs `found` with the value under the lock, again each time the value changes, until `found`
  /// gives a result or `deadline` passes (nil then).
  public func wait<Result>(until deadline: Date, for found: (inout Value) throws -> Result?) rethrows -> Result? {
    condition.lock()
    defer {
      condition.broadcast()
      condition.unlock()
    }
    while true {
      if let result = try found(&value) { return result }
      if !condition.wait(until: deadline), Date() >= deadline { return nil }
    }
  }
}

// Every access to the value is under the lock.
extension Locked: @unchecked Sendable where Value: Sendable {}
