import Foundation

/// Swaps two folders in one step of the file system, so that a path never names nothing and
/// never names half a site: `renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on
/// macOS. Neither is declared by the Swift modules of the C library on Linux, so it is looked up.
enum FolderExchange {
  enum Outcome {
    case exchanged
    /// The system or the file system cannot exchange: the caller renames in two steps.
    case unsupported
    case failed(Int32)
  }

  static func exchange(_ first: String, _ second: String) -> Outcome {
    // For the tests of the two-step fallback, on file systems that all exchange.
    if ProcessInfo.processInfo.environment["PLANPRESS_TEST_NO_EXCHANGE"] != nil { return .unsupported }
    #if canImport(Darwin)
    if renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 { return .exchanged }
    return errno == ENOTSUP || errno == EINVAL || errno == EXDEV ? .unsupported : .failed(errno)
    #else
    guard let renameat2 else { return .unsupported }
    if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return .exchanged }
    // EINVAL: a file system without the flag (some network and FUSE file systems); EXDEV: an
    // overlay file system (Docker) whose output folder is in a lower layer.
    return errno == EINVAL || errno == ENOSYS || errno == EXDEV ? .unsupported : .failed(errno)
    #endif
  }

  #if !canImport(Darwin)
  private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
  /// `RENAME_EXCHANGE` of `<linux/fs.h>`.
  private static let renameExchange: UInt32 = 1 << 1
  /// glibc 2.28 and later (RTLD_DEFAULT is a null handle on glibc).
  private static let renameat2: Renameat2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2").map {
    unsafeBitCast($0, to: Renameat2.self)
  }
  #endif
}
