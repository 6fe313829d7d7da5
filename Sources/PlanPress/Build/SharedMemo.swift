import Foundation

/// Values computed once per key and shared by the threads that render pages: what several pages
/// show alike. A value is dropped once it has been asked for as many times as it is known to be
/// needed, so that a big plan's values are not all held at once; asked for again, it is computed
/// again. Two threads asking at once may both compute it; both uses are counted.
final class SharedMemo<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: (value: Value, usesLeft: Int)] = [:]
  /// Uses given up (`skipUse`) before the value was first computed, by key.
  private var skipped: [String: Int] = [:]
  private let uses: Int

  /// A memo whose values are each needed `uses` times.
  init(uses: Int) {
    self.uses = uses
  }

  func value(for key: String, computing compute: () -> Value) -> Value {
    if let known = take(key) { return known }
    let value = compute()
    lock.lock()
    defer { lock.unlock() }
    if let entry = entries[key] {
      // Another thread computed it meanwhile: this was one more of its uses.
      countUse(of: key, entry)
      return entry.value
    }
    let usesLeft = uses - 1 - (skipped.removeValue(forKey: key) ?? 0)
    if usesLeft > 0 { entries[key] = (value, usesLeft) }
    return value
  }

  /// Counts a use that will not ask for the value (a page that takes it from elsewhere), so that a
  /// value is not held for it.
  func skipUse(of key: String) {
    lock.lock()
    defer { lock.unlock() }
    if let entry = entries[key] {
      countUse(of: key, entry)
    } else {
      skipped[key, default: 0] += 1
    }
  }

  /// How many values are held.
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return entries.count
  }

  private func take(_ key: String) -> Value? {
    lock.lock()
    defer { lock.unlock() }
    guard let entry = entries[key] else { return nil }
    countUse(of: key, entry)
    return entry.value
  }

  /// Counts a use of a held value, dropping it at its last; the lock is held.
  private func countUse(of key: String, _ entry: (value: Value, usesLeft: Int)) {
    entries[key] = entry.usesLeft <= 1 ? nil : (entry.value, entry.usesLeft - 1)
  }
}
