/// A 64-bit hash that is the same in every run on a machine, for the build cache's keys (Swift's
/// own `Hasher` is seeded anew in every process, so its values cannot be stored).
///
/// FNV-1a's offset basis and xor-then-multiply step, taken eight bytes at a time rather than one
/// (a build that changes nothing still hashes every source), with a rotation so that high bits
/// reach the low ones and murmur3's finaliser at the end. Both steps are bijections, so two
/// inputs that differ in one word always hash differently. It detects changes; it is not meant to resist an adversary.
struct StableHasher {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  init() {}

  private mutating func mix(_ word: UInt64) {
    state = ((state ^ word) &* 0x9E37_79B9_7F4A_7C15)
    state = (state << 31) | (state >> 33)
  }

  /// Adds bytes, preceded by their count so that ("ab", "c") and ("a", "bc") differ.
  mutating func combine(bytes: UnsafeRawBufferPointer) {
    mix(UInt64(bytes.count))
    var offset = 0
    while offset + 8 <= bytes.count {
      mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      offset += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while offset < bytes.count {
      tail |= UInt64(bytes[offset]) << shift
      shift += 8
      offset += 1
    }
    mix(tail)
  }

  /// Adds a string's UTF-8 bytes.
  mutating func combine(_ text: String) {
    if let done: Void = text.utf8.withContiguousStorageIfAvailable({ combine(bytes: UnsafeRawBufferPointer($0)) }) {
      return done
    }
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { combine(bytes: $0) }
  }

  /// Adds a slice of a string's UTF-8 bytes (a file's front matter, without its body).
  mutating func combine(_ text: Substring.UTF8View) {
    if let done: Void = text.withContiguousStorageIfAvailable({ combine(bytes: UnsafeRawBufferPointer($0)) }) {
      return done
    }
    let bytes = Array(text)
    bytes.withUnsafeBytes { combine(bytes: $0) }
  }

  /// Adds a number.
  mutating func combine(_ value: UInt64) {
    mix(value)
  }

  /// Adds a number.
  mutating func combine(_ value: Int) {
    mix(UInt64(bitPattern: Int64(value)))
  }

  /// The hash of everything added.
  func finalize() -> UInt64 {
    var hash = state
    hash ^= hash >> 33
    hash &*= 0xff51_afd7_ed55_8ccd
    hash ^= hash >> 33
    hash &*= 0xc4ce_b9fe_1a85_ec53
    hash ^= hash >> 33
    return hash
  }

  /// The hash of some values, in order.
  static func hash(_ build: (inout StableHasher) -> Void) -> UInt64 {
    var hasher = StableHasher()
    build(&hasher)
    return hasher.finalize()
  }
}
