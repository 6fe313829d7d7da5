import Dispatch

/// Times the stages of a build, for `planpress build --timings` and the benchmark's profile.
struct StageClock {
  private var last = DispatchTime.now().uptimeNanoseconds
  private(set) var laps: [(stage: String, seconds: Double)] = []

  /// Ends a stage.
  mutating func lap(_ stage: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    laps.append((stage, Double(now - last) / 1e9))
    last = now
  }
}
