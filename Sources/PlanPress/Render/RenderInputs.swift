import Foundation

/// What the keys of render jobs are made of: what every page depends on (`global`), and the value
/// of each read of the plan a job can make (`PlanReadValues`). A job's key is made of the reads it
/// made as it rendered (`PlanReader`), each with its value: a job whose key, from the reads the
/// previous build recorded, is the one the build cache holds would render the same bytes again, so
/// it is carried over.
struct RenderInputs {
  /// What every page depends on: the interface texts, the content files read besides sections and
  /// home pages (site.yaml, departments.yaml, the metrics), the templates' assets, the planpress
  /// executable, whose templates are compiled in, whether PDFs are printed and whether the plan is
  /// large. Each is hashed as the build read it.
  let global: UInt64
  /// What a brief's PDF depends on besides its page's bytes: the files the page loads (the
  /// templates' assets, such as `print.css`), the print fonts and the planpress executable, which
  /// sets its dates and ids. A brief whose page is rendered again to the same bytes keeps its PDF while these are
  /// unchanged.
  let printInputs: UInt64
  /// The value of each read of the plan.
  let values: PlanReadValues

  /// The hash of each section file's text before its body, by path.
  var frontHashes: [String: UInt64] { values.frontHashes }

  /// Hashes the files the build read: the content's `sources` and, through the renderer, the
  /// interface texts and the assets.
  init(renderer: SiteRenderer, sources: ContentSources) {
    values = renderer.plan.values()
    let printInputs = StableHasher.hash { hasher in
      hasher.combine("planpress print inputs 3")
      hasher.combine(Self.executable)
      hasher.combine(PDFPrinter.printFontsStamp())
      // The assets as the build publishes them: a link outside the templates is not followed.
      hasher.combine(renderer.assets.count)
      for asset in renderer.assets {
        hasher.combine(asset.relative)
        let bytes = (try? SourceFile.readBytes(atPath: asset.source, reportedAs: asset.source)) ?? Data()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
      }
    }
    self.printInputs = printInputs
    global = StableHasher.hash { hasher in
      hasher.combine("planpress render inputs 3")
      // Pages link to the PDF briefs only in builds that print them.
      hasher.combine(renderer.withPDFs ? 1 : 0)
      // A large plan's pages are framed otherwise (see `Site.largePlanSections`).
      hasher.combine(renderer.isLargePlan ? 1 : 0)
      // The assets and the executable (with its templates) through `printInputs`.
      hasher.combine(printInputs)
      hasher.combine(renderer.strings.sourcesHash)
      // Section files and home pages are read through `PlanReader`; the other content files count
      // for every page. By name, not path: a content folder moved elsewhere shows the same.
      for file in [sources.site, sources.departments] + sources.metrics {
        hasher.combine(URL(fileURLWithPath: file.path).lastPathComponent)
        hasher.combine(file.textHash)
      }
    }
  }

  /// The key of a job that made `reads`, with their values now.
  func key(for job: RenderJob, reads: some Collection<PlanRead>) -> UInt64 {
    key(job.name, reads)
  }

  /// The key of what a job the previous build rendered read, with their values now: the reads of
  /// the `entry` and of its files' parts.
  func key(for job: RenderJob, entry: BuildCache.Entry) -> UInt64 {
    key(for: job, reads: Set(entry.reads).union(entry.files.flatMap { $0.keptParts.flatMap(\.reads) }))
  }

  /// The key of a part of a job's file (see `BuildCache.KeptPart`) whose rendering made `reads`.
  func key(ofPart name: String, of job: RenderJob, reads: some Collection<PlanRead>) -> UInt64 {
    key(job.name + "\t" + name, reads)
  }

  /// The parts of a file `job` rendered that a rebuild may keep, with the keys of their reads.
  func cacheParts(of file: OutputFile, of job: RenderJob) -> [BuildCache.KeptPart] {
    file.keptParts.map { part in
      BuildCache.KeptPart(
        name: part.name, key: key(ofPart: part.name, of: job, reads: part.reads), reads: part.reads.sorted(by: PlanRead.inCacheOrder),
        offset: part.place.lowerBound, length: part.place.count)
    }
  }

  /// The parts of a file the previous build wrote for `job` whose reads have the values they had.
  func unchangedParts(of file: BuildCache.File, of job: RenderJob) -> [BuildCache.KeptPart] {
    file.keptParts.filter { key(ofPart: $0.name, of: job, reads: $0.reads) == $0.key }
  }

  private func key(_ name: String, _ reads: some Collection<PlanRead>) -> UInt64 {
    // Summed, so that the order reads were made in, on several threads, does not count.
    var sum: UInt64 = 0
    for read in reads {
      sum &+= StableHasher.hash { hasher in
        read.combine(into: &hasher)
        hasher.combine(values.value(of: read))
      }
    }
    return StableHasher.hash { hasher in
      hasher.combine(global)
      hasher.combine(name)
      hasher.combine(reads.count)
      hasher.combine(sum)
    }
  }

  /// Identifies the running planpress: a rebuilt executable may render differently. Read once: the
  /// parse asks for it for every section.
  static let executable = executableFingerprint()

  private static func executableFingerprint() -> String {
    let path = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : CommandLine.arguments.first ?? ""
    var info = stat()
    guard stat(path, &info) == 0 else { return "unknown" }
    #if canImport(Darwin)
    let modified = info.st_mtimespec
    #else
    let modified = info.st_mtim
    #endif
    return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified.tv_sec).\(modified.tv_nsec)"
  }
}
