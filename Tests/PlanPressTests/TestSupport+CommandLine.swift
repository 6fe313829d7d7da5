import Foundation
import Testing

/// What a run of the `planpress` executable printed, and how it exited.
struct CommandResult {
  var status: Int32
  var standardOutput: String
  var standardError: String
}

extension TestSupport {
  /// Runs the `planpress` executable that `swift build` put beside the tests; its output goes to
  /// files rather than pipes, so a long output on one stream cannot block the other. `environment`
  /// is added to this process's. A run that has not ended after `hangLimit` seconds is killed and
  /// the test fails: a hang is a failure, not a wait for CI's own limit.
  static func runPlanpress(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], hangLimit: TimeInterval = 120,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> CommandResult {
    let executable = try #require(EndToEndTests.planpressExecutable(), "planpress executable not built")
    let scratch = try temporaryDirectory("command")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outputURL = scratch.appendingPathComponent("stdout")
    let errorURL = scratch.appendingPathComponent("stderr")
    try Data().write(to: outputURL)
    try Data().write(to: errorURL)
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorURL)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(hangLimit)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning {
      process.terminate()
      Issue.record(
        "planpress \(arguments.joined(separator: " ")) still ran after \(Int(hangLimit)) s: killed", sourceLocation: sourceLocation)
    }
    process.waitUntilExit()
    try output.close()
    try errors.close()
    return CommandResult(
      status: process.terminationStatus,
      standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
      standardError: try String(contentsOf: errorURL, encoding: .utf8))
  }
}
