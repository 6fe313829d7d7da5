import Foundation

/// Told how far a build's pages have got: render jobs done (rendered or carried over) of all.
/// Called from any thread, often: a reporter keeps what it shows cheap.
public typealias BuildProgress = @Sendable (_ done: Int, _ total: Int) -> Void

/// Renders a site's jobs on every core and writes each job's files as soon as they are rendered,
/// so the whole site's HTML is never held in memory at once; a job whose reads of the plan have
/// the values they had in the previous build (its key is the one the cache holds) is carried over
/// from the previous output instead, by hard link, and keeps its modification time; so does a file
/// rendered again to the bytes it had (a read's value may change without what the page shows).
///
/// Output does not depend on the order jobs finish in: every file belongs to one job.
struct RenderPipeline {
  let renderer: SiteRenderer
  let writer: OutputWriter
  /// The previous build's cache; nil renders everything.
  let previous: BuildCache?
  let progress: BuildProgress?
  /// What the keys of jobs and of their kept parts are made of.
  let inputs: RenderInputs

  /// What a run did.
  struct Outcome {
    /// The cache describing the new output.
    var cache: BuildCache
    /// Files rendered and written, in job order.
    var rendered: [String]
    /// Files carried over unchanged.
    var carried: Int
    /// Briefs rendered with their table of targets taken from the previous output (see
    /// `BuildCache.KeptPart`).
    var keptTables = 0
    /// Sections' texts (their own, or what they say of a department) taken from the previous
    /// output's briefs.
    var keptSectionTexts = 0
    /// Files rendered to the bytes the previous output had, whose file was kept with its time.
    var renderedToSameBytes: Set<String> = []
  }

  /// Renders or carries over every job, `keys` holding the key of the previous build's reads of
  /// each (nil without one); throws the first write error.
  func run(_ jobs: [RenderJob], keys: [UInt64?]) throws -> Outcome {
    let results = Locked([Result?](repeating: nil, count: jobs.count))
    let failure = FirstFailure()
    let done = WorkQueue.Counter()
    let order = Self.biggestFirst(jobs)
    WorkQueue.run(jobs.count) { turn in
      guard !failure.happened else { return }
      let position = order[turn]
      let job = jobs[position]
      let key = keys[position]
      do {
        if let entry = previous?.entries[job.name], entry.key == key, carryOver(entry) {
          results.withLock { $0[position] = .carried(entry) }
        } else {
          var files: [BuildCache.File] = []
          var sameBytes: [String] = []
          let (rendered, reads, taken) = render(job)
          let before = previous?.entries[job.name]?.files ?? []
          for file in rendered {
            var written: BuildCache.File
            if let old = before.first(where: { $0.path == file.path }), writer.carryOver(old, ifItHolds: file.contents) {
              written = old
              sameBytes.append(file.path)
            } else {
              written = try writer.writeStaged(file.path, file.contents)
            }
            written.keptParts = inputs.cacheParts(of: file, of: job)
            files.append(written)
          }
          // The parts' reads are kept with the parts, and not again with the job.
          let ownReads = reads.subtracting(files.flatMap { $0.keptParts.flatMap(\.reads) })
          let entry = BuildCache.Entry(
            key: inputs.key(for: job, reads: reads), reads: ownReads.sorted(by: PlanRead.inCacheOrder), files: files)
          let result = Result.rendered(entry, kept: taken, sameBytes: sameBytes)
          results.withLock { $0[position] = result }
        }
      } catch {
        failure.record(error)
      }
      if let progress, let count = done.take(below: Int.max) { progress(count + 1, jobs.count) }
    }
    if let error = failure.error { throw error }

    var outcome = Outcome(cache: BuildCache(), rendered: [], carried: 0)
    for (job, result) in zip(jobs, results.withLock { $0 }) {
      switch result {
      case .carried(let entry):
        outcome.cache.entries[job.name] = entry
        outcome.carried += entry.files.count
      case .rendered(let entry, let kept, let sameBytes):
        outcome.cache.entries[job.name] = entry
        if kept.table { outcome.keptTables += 1 }
        outcome.keptSectionTexts += kept.sectionTexts
        outcome.renderedToSameBytes.formUnion(sameBytes)
        outcome.rendered += entry.files.map(\.path)
      case nil:
        break
      }
    }
    return outcome
  }

  /// The order jobs are started in: those that gather the whole plan first, so that no core is
  /// left rendering a dashboard of a big plan alone while the others have finished.
  static func biggestFirst(_ jobs: [RenderJob]) -> [Int] {
    func size(_ job: RenderJob) -> Int {
      switch job {
      case .page(.dashboard), .openData: return 3
      case .page(.brief), .brief, .page(.department): return 2
      case .page(.home), .page(.departments), .sitemap: return 1
      case .page(.section), .notFound: return 0
      }
    }
    // Sorted by size, then by position: the order is the same on every build.
    return jobs.indices.sorted { (size(jobs[$0]), $1) > (size(jobs[$1]), $0) }
  }

  /// A job's files and reads, made with the parts of its previous file whose reads are unchanged
  /// (a brief's), and which of those parts were taken. What was kept is let go of on return,
  /// before the files are written.
  private func render(_ job: RenderJob) -> (files: [OutputFile], reads: Set<PlanRead>, taken: (table: Bool, sectionTexts: Int)) {
    let kept =
      previous?.entries[job.name]?.files.first.map { file in writer.keptParts(inputs.unchangedParts(of: file, of: job), of: file) }
      ?? KeptParts()
    let (files, reads) = renderer.recording { $0.render(job, kept: kept) }
    let taken = files.flatMap { file in file.keptParts.filter { file.takenFromPrevious.contains($0.place) }.map(\.name) }
    return (files, reads, (table: taken.contains("table"), sectionTexts: taken.filter { $0 != "table" }.count))
  }

  /// Links all of a job's files from the previous output, or none.
  private func carryOver(_ entry: BuildCache.Entry) -> Bool {
    for (position, file) in entry.files.enumerated() where !writer.carryOver(file) {
      for linked in entry.files[..<position] { writer.removeStaged(linked.path) }
      return false
    }
    return true
  }

  private enum Result: Sendable {
    case carried(BuildCache.Entry)
    case rendered(BuildCache.Entry, kept: (table: Bool, sectionTexts: Int), sameBytes: [String])
  }
}
