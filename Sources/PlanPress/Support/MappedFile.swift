import Foundation

/// A file's bytes, mapped read-only: read where they lie in the system's page cache instead of
/// copied into memory of the build's own. Only for planpress's own caches, which a build replaces
/// by renaming a new file over them and only ever extends in place, so that a mapped file never
/// shrinks under its reader.
final class MappedFile: @unchecked Sendable {
  let bytes: UnsafeBufferPointer<UInt8>
  /// The file's inode, which tells whether the path still names the file that was mapped.
  let inode: UInt64
  private let mapped: Bool

  /// The file at `path`, or nil if it cannot be read or is empty.
  init?(path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_size > 0,
      let start = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED
    else { return nil }
    bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: Int(info.st_size))
    inode = UInt64(info.st_ino)
    mapped = true
  }

  /// Bytes held in memory, as if mapped from a file that no path names (for caches a test makes).
  init(holding contents: [UInt8]) {
    let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: contents.count)
    _ = copy.initialize(from: contents)
    bytes = UnsafeBufferPointer(copy)
    inode = 0
    mapped = false
  }

  deinit {
    if mapped {
      munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    } else {
      bytes.deallocate()
    }
  }
}

/// The caches' binary numbers: eight bytes each, little-endian.
extension Array where Element == UInt8 {
  mutating func appendNumber(_ number: UInt64) {
    Swift.withUnsafeBytes(of: number.littleEndian) { append(contentsOf: $0) }
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// The number at `offset`, or nil if the bytes end before it does.
  func number(at offset: Int) -> UInt64? {
    guard offset >= 0, count - offset >= 8 else { return nil }
    return UInt64(littleEndian: UnsafeRawBufferPointer(self).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }
}
