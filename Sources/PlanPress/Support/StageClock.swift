import Dispatch
import Foundation

/// Times the stages of a build, for `planpress build --timings` and the benchmark's profile: wall
/// time, and the CPU time of all threads, whose ratio tells how well a stage uses the cores.
struct StageClock {
  private var last = DispatchTime.now().uptimeNanoseconds
  private var lastCPU = StageClock.usage().cpuSeconds
  /// Each stage's wall and CPU seconds, and the most memory the process had held by its end.
  private(set) var laps: [(stage: String, seconds: Double, cpuSeconds: Double, peakMegabytes: Int)] = []

  /// Ends a stage.
  mutating func lap(_ stage: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    let usage = Self.usage()
    laps.append((stage, Double(now - last) / 1e9, usage.cpuSeconds - lastCPU, usage.peakMegabytes))
    last = now
    lastCPU = usage.cpuSeconds
  }

  /// User and system time of every thread of this process so far, and its peak resident memory.
  private static func usage() -> (cpuSeconds: Double, peakMegabytes: Int) {
    var usage = rusage()
    guard getrusage(rusageSelf, &usage) == 0 else { return (0, 0) }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    // Kilobytes on Linux, bytes on macOS.
    #if canImport(Darwin)
    let peak = usage.ru_maxrss / (1024 * 1024)
    #else
    let peak = usage.ru_maxrss / 1024
    #endif
    return (seconds(usage.ru_utime) + seconds(usage.ru_stime), peak)
  }
}

#if os(Linux)
/// Glibc imports `RUSAGE_SELF` as an enum case where `getrusage` takes an `Int32`.
private let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let rusageSelf = RUSAGE_SELF
#endif
