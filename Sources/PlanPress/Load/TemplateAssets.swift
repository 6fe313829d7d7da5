import Foundation

/// A file of the templates' `assets/` folder, copied as it is into the site's `assets/`.
public struct AssetFile: Sendable, Hashable {
  /// Its path under `assets/`, with `/` between folders: `site.css`, `fonts/a.woff2`.
  public var relative: String
  /// Where its bytes are read from: the file itself, or the file a link in the folder names.
  public var source: String
}

/// Lists `assets/` of a templates folder. Only regular files are published: a link is followed
/// when it leads to a file or folder inside the templates folder, and refused otherwise (a link to
/// `/etc/passwd` must not publish it); a FIFO, socket or device is refused before it is opened.
public enum TemplateAssets {
  public static func list(templatesDirectory: String, log: inout DiagnosticLog) -> [AssetFile] {
    let folder = templatesDirectory.hasSuffix("/") ? templatesDirectory + "assets" : templatesDirectory + "/assets"
    var info = stat()
    guard lstat(folder, &info) == 0 else { return [] }
    guard let templatesRoot = FilePaths.resolvingLinks(templatesDirectory) else { return [] }
    var files: [AssetFile] = []
    // The folders on the way down: a link back up the tree is a loop, not another copy.
    var ancestors: [String] = []
    func walk(_ path: String, _ relative: String) {
      var info = stat()
      guard lstat(path, &info) == 0 else { return }
      var readFrom = path
      if (info.st_mode & S_IFMT) == S_IFLNK {
        guard let target = FilePaths.resolvingLinks(path), target == templatesRoot || target.hasPrefix(templatesRoot + "/") else {
          let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "nowhere"
          log.error(
            "this link leads to '\(destination)', outside the templates folder: assets are published, so only files inside it may be linked",
            at: SourceLocation(path: path))
          return
        }
        guard stat(target, &info) == 0 else { return }
        readFrom = target
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        let real = FilePaths.resolvingLinks(readFrom) ?? readFrom
        guard !ancestors.contains(real) else {
          log.error("this link leads back to a folder it is in, which would repeat forever", at: SourceLocation(path: path))
          return
        }
        ancestors.append(real)
        defer { ancestors.removeLast() }
        let names: [String]
        do {
          names = try FileManager.default.contentsOfDirectory(atPath: readFrom).sorted()
        } catch {
          log.error("cannot list the folder: \(Diagnostic.reason(error))", at: SourceLocation(path: path))
          return
        }
        for name in names { walk(path + "/" + name, relative.isEmpty ? name : relative + "/" + name) }
      case S_IFREG:
        files.append(AssetFile(relative: relative, source: readFrom))
      default:
        log.error("cannot publish this asset: \(FileKind.describe(info.st_mode))", at: SourceLocation(path: path))
      }
    }
    walk(folder, "")
    return files
  }
}
