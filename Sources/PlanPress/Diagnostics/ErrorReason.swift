import Foundation

extension Diagnostic {
  /// An error from the system, Foundation or PlanPress as the reason a message gives, in words:
  /// "No space left on device", never a Swift value or an `NSError` description.
  public static func reason(_ error: Error) -> String {
    switch error {
    case let diagnostic as Diagnostic:
      return diagnostic.message
    case let failure as BuildFailure:
      return failure.diagnostics.map(\.message).joined(separator: "; ")
    case let posix as POSIXError:
      return systemReason(posix.code.rawValue)
    case let cocoa as CocoaError:
      return reason(nsError: cocoa as NSError)
    // PlanPress's own errors (a Chromium failure) describe themselves in words.
    case let described as CustomStringConvertible where !(type(of: error) is NSError.Type):
      return described.description
    default:
      return reason(nsError: error as NSError)
    }
  }

  private static func reason(nsError error: NSError) -> String {
    if error.domain == NSPOSIXErrorDomain { return systemReason(Int32(error.code)) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? Error { return reason(underlying) }
    if error.domain == NSCocoaErrorDomain, let code = posixCode(forCocoa: CocoaError.Code(rawValue: error.code)) {
      return systemReason(code)
    }
    return error.localizedDescription
  }

  /// The system's words for an `errno` value.
  public static func systemReason(_ code: Int32) -> String {
    String(cString: strerror(code))
  }

  /// The `errno` value Foundation's file errors stand for, where one does.
  private static func posixCode(forCocoa code: CocoaError.Code) -> Int32? {
    switch code {
    case .fileWriteOutOfSpace: return ENOSPC
    case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
    case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
    case .fileWriteFileExists: return EEXIST
    case .fileWriteVolumeReadOnly: return EROFS
    case .fileReadTooLarge: return EFBIG
    default: return nil
    }
  }
}
