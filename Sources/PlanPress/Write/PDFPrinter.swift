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

  public init(chromium: URL) {
    self.chromium = chromium
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

  /// Prints each `html` file of `folder` to its `pdf` file, `concurrency` at a time, calling
  /// `progress` after each; throws the first failure once all have run.
  public func print(
    _ jobs: [(html: String, pdf: String)], in folder: URL, fixedDate: PlanDate, concurrency: Int,
    progress: @escaping @Sendable (_ done: Int, _ total: Int, _ path: String) -> Void
  ) throws {
    let done = WorkQueue.Counter()
    let failures = jobs.concurrentMap(workers: max(1, concurrency)) { job -> Error? in
      defer { progress((done.take(below: Int.max) ?? 0) + 1, jobs.count, job.pdf) }
      do {
        try printOne(html: folder.appendingPathComponent(job.html), pdf: folder.appendingPathComponent(job.pdf), fixedDate: fixedDate)
        return nil
      } catch {
        return error
      }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
  }

  private func printOne(html: URL, pdf: URL, fixedDate: PlanDate) throws {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("planpress-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = chromium
    var arguments = [
      "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", "--no-pdf-header-footer",
      "--user-data-dir=\(profile.path)", "--print-to-pdf=\(pdf.path)", html.absoluteString,
    ]
    // Chromium refuses to run as root with its sandbox; builds in CI containers run as root.
    if getuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw Diagnostic(.error, at: SourceLocation(path: chromium.path), "cannot start Chromium: \(error.localizedDescription)")
    }
    let deadline = Date().addingTimeInterval(180)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        throw Diagnostic(.error, at: SourceLocation(path: html.path), "Chromium took more than 3 minutes to print this brief")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    guard process.terminationStatus == 0, var data = try? Data(contentsOf: pdf), data.count > 0 else {
      throw Diagnostic(.error, at: SourceLocation(path: html.path), "Chromium could not print this brief to PDF (exit status \(process.terminationStatus))")
    }
    Self.fixDates(in: &data, to: fixedDate)
    try data.write(to: pdf)
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
