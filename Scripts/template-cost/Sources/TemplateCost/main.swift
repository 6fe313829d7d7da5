import Foundation
import PageModels
import PlanPressTemplates
import PlotTemplates
import SyntheticPage

// Renders one row of targets and one section page with each mechanism, checks that the bytes are
// the same and that hostile text comes out escaped, then prints the median CPU time of each.

/// One way of writing the templates, by its two entry points.
struct Mechanism {
  let name: String
  let row: (TargetRow, InterfaceTexts) -> String
  let page: (SectionPage, InterfaceTexts) -> String
}

let mechanisms = [
  Mechanism(name: "Plot 0.14.0", row: PlotTemplates.targetRow, page: PlotTemplates.sectionPage),
  Mechanism(
    name: "HTML on string interpolation (Templates/)",
    row: { Page.targetRow($0, TargetsTable(rows: [], statusTotals: [], showsOwner: true, showsSection: false), $1).string },
    page: { Page.section($0, $1).string }),
]

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("template-cost: \(message)\n".utf8))
  exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
func option(_ name: String) -> String? {
  guard let flag = arguments.firstIndex(of: name), flag + 1 < arguments.endIndex else { return nil }
  return arguments[flag + 1]
}
let rounds = max(1, option("--rounds").flatMap(Int.init) ?? 7)
let secondsPerMeasurement = option("--seconds").flatMap(Double.init) ?? 0.6

let (page, texts) = Synthetic.sectionPage()
// The row with the most parts: baseline with a linked source, figure with a note, both charts.
let row = page.targets.rows[0]

/// Fails unless both mechanisms wrote the same bytes, saying on which line they part, so that a port
/// left behind by a change to Templates/ shows where it is behind.
@MainActor func expectSame(_ outputs: [String], _ what: String) {
  guard outputs[0] != outputs[1] else { return }
  let lines = outputs.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
  let line = zip(lines[0], lines[1]).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(lines[0].count, lines[1].count)
  let shown = lines.indices.map { "  \(mechanisms[$0].name): \(line < lines[$0].count ? lines[$0][line] : "(end)")" }
  fail("the mechanisms write different \(what), from line \(line + 1):\n" + shown.joined(separator: "\n"))
}

// Same bytes from both, on the ordinary page, on one where every text field is hostile, and on one
// that takes the templates' other branches: a home page's title, a translation kept out of the
// index, a link to the list of parts, a text not translated, no table of contents, no targets.
let hostile = Synthetic.sectionPage(hostile: true)
var otherBranches = Synthetic.sectionPage()
otherBranches.page.layout.isHome = true
otherBranches.page.layout.isTranslation = true
otherBranches.page.layout.noindex = true
otherBranches.page.layout.contentsURL = "../../#parts"
otherBranches.page.layout.sections = []
otherBranches.page.layout.noticeNumber = nil
otherBranches.page.text.isUntranslated = true
otherBranches.page.toc = []
otherBranches.page.lead = nil
otherBranches.page.departments = []
otherBranches.page.targets.rows = []
otherBranches.page.previous = nil
for (page, texts) in [(page, texts), hostile, otherBranches] {
  expectSame(mechanisms.map { $0.page(page, texts) }, "pages")
  for row in page.targets.rows { expectSame(mechanisms.map { $0.row(row, texts) }, "rows for \(row.id)") }
}
let hostilePage = mechanisms[0].page(hostile.page, hostile.texts)
let escapedHostileText = HTML.escape(Synthetic.hostileText)
// The one `</script>` is the page's own, closing the search script's tag.
guard !hostilePage.contains("<svg onload"), hostilePage.components(separatedBy: "</script>").count == 2, !hostilePage.contains(#""'&"#),
  hostilePage.contains("&lt;/script&gt;&lt;svg onload=alert(1)&gt; &quot;&#39;&amp; &quot;&gt;&lt;svg onload=alert(1)&gt;"),
  hostilePage.components(separatedBy: escapedHostileText).count > 100  // every field, not just a few
else { fail("hostile text is not escaped") }

if let what = option("--print") {
  print(what == "row" ? mechanisms[1].row(row, texts) : mechanisms[1].page(page, texts), terminator: "")
  exit(0)
}

// CPU time of this process as well as wall time: the machine's two cores are shared with other work.
func seconds(_ clock: clockid_t) -> Double {
  var time = timespec()
  clock_gettime(clock, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Bytes written, summed and checked at the end, so that no render can be optimized away.
nonisolated(unsafe) var written = 0

/// CPU and wall seconds per render, over `count` renders.
func measure(_ count: Int, _ render: () -> String) -> (cpu: Double, wall: Double) {
  let cpu = seconds(CLOCK_PROCESS_CPUTIME_ID)
  let wall = seconds(CLOCK_MONOTONIC)
  for _ in 0..<count { written &+= render().utf8.count }
  return ((seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu) / Double(count), (seconds(CLOCK_MONOTONIC) - wall) / Double(count))
}

/// How many renders take about `secondsPerMeasurement` of CPU time.
func repetitions(_ render: () -> String) -> Int {
  var count = 1
  while Double(count) * measure(count, render).cpu < 0.05 { count *= 4 }
  return max(1, Int(secondsPerMeasurement / measure(count, render).cpu))
}

struct Job {
  let mechanism: Int
  let kind: String
  let render: () -> String
  var count = 0
  var cpu: [Double] = []
  var wall: [Double] = []
}

var jobs: [Job] = []
for kind in ["row", "page"] {
  for (index, mechanism) in mechanisms.enumerated() {
    jobs.append(Job(mechanism: index, kind: kind, render: kind == "row" ? { mechanism.row(row, texts) } : { mechanism.page(page, texts) }))
  }
}
for index in jobs.indices { jobs[index].count = repetitions(jobs[index].render) }

// Rounds interleave the mechanisms, and alternate which goes first, so drift hits both alike.
for round in 0..<rounds {
  for index in round % 2 == 0 ? Array(jobs.indices) : jobs.indices.reversed() {
    let time = measure(jobs[index].count, jobs[index].render)
    jobs[index].cpu.append(time.cpu)
    jobs[index].wall.append(time.wall)
  }
}
guard written > 0 else { fail("nothing was written") }

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func microseconds(_ seconds: Double) -> String { String(format: seconds < 1e-4 ? "%.2f" : "%.1f", seconds * 1e6) }
func ratio(_ value: Double, _ base: Double) -> String { String(format: "%.1f×", value / base) }

// medians[mechanism] is (row, page), in CPU seconds per render.
let medians = mechanisms.indices.map { mechanism in
  ["row", "page"].map { kind in median(jobs.first { $0.mechanism == mechanism && $0.kind == kind }?.cpu ?? []) }
}
let fastest = [0, 1].map { kind in medians.map { $0[kind] }.min() ?? 0 }
let walls = mechanisms.indices.map { mechanism in
  jobs.filter { $0.mechanism == mechanism }.map { microseconds(median($0.wall)) }.joined(separator: " / ")
}
print("| mechanism | µs per row | µs per page | ratio (row) | ratio (page) | wall µs, row / page |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for (index, times) in medians.enumerated() {
  print(
    "| \(mechanisms[index].name) | \(microseconds(times[0])) | \(microseconds(times[1])) "
      + "| \(ratio(times[0], fastest[0])) | \(ratio(times[1], fastest[1])) | \(walls[index]) |")
}
print()
print(
  "CPU time of the process, median of \(rounds) interleaved rounds. Renders per measurement: "
    + jobs.map { "\($0.kind) \($0.count) (\(mechanisms[$0.mechanism].name))" }.joined(separator: ", ") + ".")
print(
  "CPU time, min–max of the rounds: "
    + jobs.map { "\($0.kind) \(microseconds($0.cpu.min() ?? 0))–\(microseconds($0.cpu.max() ?? 0)) µs" }.joined(separator: ", ")
    + ", in the same order.")
print(
  "Output, byte-identical from both: a row of \(mechanisms[1].row(row, texts).utf8.count) bytes, a page of "
    + "\(mechanisms[1].page(page, texts).utf8.count) bytes (body \(page.text.html.string.utf8.count) bytes, \(page.targets.rows.count) rows, "
    + "\(page.layout.sections.count) parts).")
