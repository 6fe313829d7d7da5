import Foundation

/// The output folder as the preview server serves it: a request's path names a file inside the
/// folder or nothing. Percent-encoding is decoded once, and a path with a `.` or `..` segment, a
/// NUL or a backslash, a hidden name (`.planpress-output`), or one that a link leads out of the
/// folder, is refused.
struct SiteFolder: Sendable {
  /// What a request's path leads to.
  enum Lookup: Equatable {
    case file(URL)
    /// A folder asked for without its final `/`: its pages' relative links need it.
    case redirect(String)
    case notFound
    case refused
  }

  /// The folder, with its links resolved, so that what lies inside it can be told by prefix.
  let root: URL

  init(_ folder: String) {
    root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL
  }

  /// The file that `rawPath` (as the request wrote it, percent-encoded, without the query) names.
  func lookup(_ rawPath: String) -> Lookup {
    guard rawPath.hasPrefix("/"), let path = rawPath.removingPercentEncoding else { return .refused }
    let segments = path.split(separator: "/", omittingEmptySubsequences: true)
    for segment in segments {
      if segment == "." || segment == ".." || segment.hasPrefix(".") || segment.contains("\0") || segment.contains("\\") {
        return .refused
      }
    }
    var candidate = segments.reduce(root) { $0.appendingPathComponent(String($1)) }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder) else { return .notFound }
    if isFolder.boolValue {
      guard path.hasSuffix("/") else { return .redirect(rawPath + "/") }
      candidate.appendPathComponent("index.html")
    }
    // A link in the output must not lead the server out of it.
    let resolved = candidate.resolvingSymlinksInPath().standardizedFileURL.path
    guard resolved.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/") else { return .refused }
    var isStillFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isStillFolder), !isStillFolder.boolValue else { return .notFound }
    return .file(URL(fileURLWithPath: resolved))
  }

  /// The media type of a file, by its extension.
  static func contentType(of file: URL) -> String {
    switch file.pathExtension.lowercased() {
    case "html", "htm": "text/html; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "js", "mjs": "text/javascript; charset=utf-8"
    case "json": "application/json"
    case "csv": "text/csv; charset=utf-8"
    case "xml": "application/xml"
    case "svg": "image/svg+xml"
    case "png": "image/png"
    case "jpg", "jpeg": "image/jpeg"
    case "pdf": "application/pdf"
    case "wasm": "application/wasm"
    case "txt": "text/plain; charset=utf-8"
    default: "application/octet-stream"
    }
  }
}
