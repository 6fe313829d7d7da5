import Foundation

/// `--pdf` asked for PDFs and Chromium is missing: a problem with the machine, not with a file.
public struct MissingChromium: Error, CustomStringConvertible {
  public var description: String { "--pdf needs Chromium, which was not found; \(PDFPrinter.installHint)" }
}

/// Prints the HTML briefs to PDF with headless Chromium (Debian `chromium`), several at once.
public struct PDFPrinter: Sendable {
  public let chromium: URL

  static let installHint = "install it with: sudo apt-get install chromium fonts-noto-cjk"

  /// The one line a build prints when PDFs would be printed but Chromium is missing.
  public static let missingChromiumMessage =
    "Chromium not found, so no PDF briefs were printed (the HTML briefs are written); \(installHint)"

  /// How many briefs are printed at once: one per core, each in a page of its own (Chromium renders
  /// each page in a process of its own), and no more than 8: more pages than cores print no faster.
  static let pagesAtOnce = min(WorkQueue.workers, 8)

  /// How long Chromium may take over one brief, in seconds, before it is stopped and the build fails.
  public let timeout: TimeInterval

  /// `timeout` is read from `PLANPRESS_PDF_TIMEOUT` in `environment` when it is a positive number
  /// of seconds; 180 otherwise.
  public init(chromium: URL, environment: [String: String] = [:]) {
    self.chromium = chromium
    timeout = environment["PLANPRESS_PDF_TIMEOUT"].flatMap(TimeInterval.init).flatMap { $0 > 0 ? $0 : nil } ?? 180
  }

  /// Chromium from `PLANPRESS_CHROMIUM`, else the first of the usual names on `PATH`.
  public static func findChromium(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    if let path = environment["PLANPRESS_CHROMIUM"], !path.isEmpty {
      return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
      for folder in folders {
        let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      }
    }
    return nil
  }

  /// Prints each `html` file of `folder` to its `pdf` file with one Chromium, `pagesAtOnce`
  /// briefs at a time, calling `progress` after each; throws the first failure, after which no other brief is
  /// started. Failures are located at the brief's file in `output`, where the build would put it.
  ///
  /// Each brief is loaded at its address on the site (`baseURL` and its served path), its requests
  /// answered from `folder`, so that its links in the PDF lead to the published site, not to files
  /// on the machine that printed it, and the same site gives the same bytes wherever it is built.
  /// Nothing outside the site is fetched.
  public func print(
    _ jobs: [(html: String, pdf: String)], in folder: URL, for output: URL, servedAt baseURL: String, fixedDate: PlanDate,
    progress: @escaping @Sendable (_ done: Int, _ total: Int, _ path: String) -> Void
  ) throws {
    guard !jobs.isEmpty else { return }
    Self.removeProfilesOfStoppedBuilds()
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("\(Self.profilePrefix)\(getpid())-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let session: ChromiumSession
    do {
      try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
      session = try ChromiumSession(
        chromium: chromium, profile: profile, log: profile.appendingPathComponent("chromium.log"), timeout: timeout,
        server: { url in Self.file(at: url, of: folder, servedAt: baseURL) })
    } catch {
      throw Diagnostic(.error, at: SourceLocation(path: chromium.path), "cannot start Chromium: \(Diagnostic.reason(error))")
    }
    defer { session.quit() }
    let next = WorkQueue.Counter()
    let done = WorkQueue.Counter()
    let failure = FirstFailure()
    let atOnce = max(1, min(Self.pagesAtOnce, jobs.count))
    WorkQueue.run(atOnce, workers: atOnce) { _ in
      let tab: ChromiumSession.Tab
      do {
        tab = try session.openTab(until: Date().addingTimeInterval(timeout))
      } catch {
        failure.record(
          Diagnostic(
            .error, at: SourceLocation(path: chromium.path), "Chromium could not open a page to print in: \(Diagnostic.reason(error))"))
        session.stop()
        return
      }
      while !failure.happened, let index = next.take(below: jobs.count) {
        let job = jobs[index]
        do {
          try printOne(job, in: folder, tab: tab, session: session, servedAt: baseURL, fixedDate: fixedDate)
        } catch {
          let location = SourceLocation(path: output.appendingPathComponent(job.html).path)
          failure.record(Diagnostic(.error, at: location, "Chromium could not print this brief to PDF: \(Diagnostic.reason(error))"))
          // The build fails: the other briefs are not worth waiting for.
          session.stop()
          return
        }
        progress((done.take(below: Int.max) ?? 0) + 1, jobs.count, job.pdf)
      }
    }
    if let error = failure.error { throw error }
  }

  /// What the fonts the briefs print with are: the stamps `Scripts/print-fonts` leaves beside the
  /// fonts it makes (docs/printing.md), so that new fonts print every brief again.
  static func printFontsStamp(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    let home = environment["HOME"].map { $0 + "/.local/share" }
    let folders = ["/usr/local/share", environment["XDG_DATA_HOME"] ?? home].compactMap { $0 }
    return folders.map { (try? String(contentsOfFile: $0 + "/fonts/planpress/stamp", encoding: .utf8)) ?? "none" }.joined(separator: "|")
  }

  /// Chromium's profile folders are named after the build's process, so that those of a build
  /// killed while printing can be told from those of builds still running.
  static let profilePrefix = "planpress-chromium-"

  /// Removes the profile folders that killed builds left in the temporary folder.
  static func removeProfilesOfStoppedBuilds() {
    let temporary = FileManager.default.temporaryDirectory
    for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(profilePrefix) {
      guard ProcessLiveness.namesStoppedProcess(name.dropFirst(profilePrefix.count)) else { continue }
      try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
    }
  }

  private func printOne(
    _ job: (html: String, pdf: String), in folder: URL, tab: ChromiumSession.Tab, session: ChromiumSession, servedAt baseURL: String,
    fixedDate: PlanDate
  ) throws {
    let deadline = Date().addingTimeInterval(timeout)
    try session.load(baseURL + SitePaths.servedPath(job.html), in: tab, until: deadline)
    // The page's own @page rules give the paper (A4) and margins.
    let printed = try session.call(
      "Page.printToPDF", DevTools.PrintToPDF(preferCSSPageSize: true, generateTaggedPDF: true), returning: DevTools.PrintedPDF.self,
      in: tab,
      until: deadline)
    guard var data = Data(base64Encoded: printed.data), !data.isEmpty else {
      throw ChromiumSession.Failure(description: "Chromium gave no PDF")
    }
    Self.fixDates(in: &data, to: fixedDate)
    Self.renumberNodeIDs(in: &data)
    try data.write(to: folder.appendingPathComponent(job.pdf))
  }

  /// What the site at `baseURL`, written to `folder`, serves at `url`: nil for an address outside
  /// it or a file it does not have.
  static func file(at url: String, of folder: URL, servedAt baseURL: String) -> (body: Data, type: String)? {
    guard var path = pathInSite(url, at: baseURL) else { return nil }
    if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
    guard let body = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else { return nil }
    return (body, mediaType(of: path))
  }

  /// The path of `url` in the site at `baseURL`, decoded, without its query and fragment; nil for
  /// an address outside the site. Compared as addresses, not as text: `base-url` is already in the
  /// form browsers write (`ContentParser.canonicalBaseURL`), but which characters of a path are
  /// percent-encoded is Chromium's choice, and a base URL given otherwise (a test's) must serve too.
  static func pathInSite(_ url: String, at baseURL: String) -> String? {
    guard let address = URLComponents(string: url), let base = URLComponents(string: baseURL),
      let scheme = address.scheme?.lowercased(), scheme == base.scheme?.lowercased(),
      let host = address.encodedHost?.lowercased(), host == base.encodedHost?.lowercased()
    else { return nil }
    let defaultPort = scheme == "https" ? 443 : 80
    guard (address.port ?? defaultPort) == (base.port ?? defaultPort) else { return nil }
    let root = base.path.hasSuffix("/") ? base.path : base.path + "/"
    guard address.path.hasPrefix(root) else { return nil }
    return String(address.path.dropFirst(root.count))
  }

  private static func mediaType(of path: String) -> String {
    switch path.split(separator: ".").last?.lowercased() {
    case "html": return "text/html; charset=utf-8"
    case "css": return "text/css; charset=utf-8"
    case "svg": return "image/svg+xml"
    case "png": return "image/png"
    case "jpg", "jpeg": return "image/jpeg"
    case "gif": return "image/gif"
    case "webp": return "image/webp"
    case "woff2": return "font/woff2"
    default: return "application/octet-stream"
    }
  }

  /// A tagged PDF names the table cells that head others by ids that Chromium counts from the
  /// nodes its page's process has made, including those of the pages printed before in it: the
  /// same brief printed after different ones gets ids shifted by some number. Each id is replaced
  /// by its rank among the file's ids, written as wide as it was (so no offset in the file moves),
  /// which keeps their order (a name tree's keys are sorted) and the same bytes for the same brief.
  static func renumberNodeIDs(in data: inout Data) {
    let prefix = Array("(node".utf8)
    var found: [(range: Range<Int>, id: Int)] = []
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var start = 0
      while start + prefix.count < bytes.count {
        guard let hit = bytes[start...].firstIndex(of: prefix[0]) else { break }
        start = hit + 1
        guard hit + prefix.count < bytes.count, bytes[hit..<(hit + prefix.count)].elementsEqual(prefix) else { continue }
        var end = hit + prefix.count
        var id = 0
        while end < bytes.count, (0x30...0x39).contains(bytes[end]), end - hit - prefix.count < 18 {
          id = id * 10 + Int(bytes[end] - 0x30)
          end += 1
        }
        guard end > hit + prefix.count, end < bytes.count, bytes[end] == UInt8(ascii: ")") else { continue }
        found.append((hit + prefix.count..<end, id))
        start = end
      }
    }
    // Ranks keep the ids' order as text only if all are written equally wide (Chromium writes
    // `node%08d`); otherwise the file is left as it is.
    guard let width = found.first?.range.count, found.allSatisfy({ $0.range.count == width }) else { return }
    // From 0: the n-th smallest of distinct ids is at least n, so a rank is never wider than its id.
    let ranks = Dictionary(uniqueKeysWithValues: Set(found.map(\.id)).sorted().enumerated().map { ($1, $0) })
    for (range, id) in found {
      guard let rank = ranks[id] else { continue }
      let digits = String(rank)
      guard digits.count <= range.count else { continue }
      // The ranges count from the first byte; a Data's indices count from its `startIndex`.
      let replaced = (data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)
      data.replaceSubrange(replaced, with: Array((String(repeating: "0", count: range.count - digits.count) + digits).utf8))
    }
  }

  /// Chromium stamps the time of printing into the PDF; the plan's date takes its place (the same
  /// length, so no offset in the file moves), so the same input gives the same bytes.
  static func fixDates(in data: inout Data, to date: PlanDate) {
    let stamp = Array(String(format: "D:%04d%02d%02d000000", date.year, date.month, date.day).utf8)
    for key in ["/CreationDate (", "/ModDate ("] {
      let pattern = Array(key.utf8)
      guard let start = data.firstRange(of: pattern)?.upperBound, start + stamp.count <= data.count else { continue }
      let current = data[start..<(start + stamp.count)]
      guard current.starts(with: Array("D:".utf8)), current.dropFirst(2).allSatisfy({ (0x30...0x39).contains($0) }) else { continue }
      data.replaceSubrange(start..<(start + stamp.count), with: stamp)
    }
  }
}
