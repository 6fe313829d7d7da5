import Foundation
import PageModels

/// Charts as inline SVG, made at build time: no script, black and white safe (shapes and dashes
/// carry the meaning, not colour), each with a `<title>` for screen readers.
enum Charts {
  /// A bar filled to `progress`, with a dashed mark where the elapsed share of the period stands.
  static func progressBar(progress: Double, elapsed: Double?, title: String) -> String {
    let width = 120.0
    let height = 14.0
    let filled = format(progress * (width - 2))
    var svg = """
      <svg class="progress-bar" role="img" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" xmlns="http://www.w3.org/2000/svg">\
      <title>\(HTML.escape(title))</title>\
      <rect x="0.5" y="0.5" width="\(format(width - 1))" height="\(format(height - 1))" fill="#fff" stroke="#000"/>\
      <rect x="1" y="1" width="\(filled)" height="\(format(height - 2))" fill="#444"/>
      """
    if let elapsed {
      let x = format(1 + elapsed * (width - 2))
      // White under black, so the mark shows on the filled part and on the empty part alike.
      svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(Int(height))\" stroke=\"#fff\" stroke-width=\"3\"/>"
      svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(Int(height))\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\"/>"
    }
    return svg + "</svg>"
  }

  /// A small time series of a target's figures with its target line(s) dashed; nil under two
  /// figures. The title is made only for a chart: most targets have no figures.
  static func timeSeries(
    _ points: [(period: Period, value: Double)], goals: [Double], title: @autoclosure () -> String, label: (Period) -> String
  ) -> String? {
    guard points.count >= 2 else { return nil }
    let title = title()
    let width = 240.0
    let height = 90.0
    let left = 8.0
    let right = 8.0
    let top = 8.0
    let bottom = 20.0
    let days = points.map { Double($0.period.end.dayNumber) }
    let values = points.map(\.value) + goals
    let low = min(0, values.min() ?? 0)
    // 8% of headroom above the highest value, in the upward direction: a negative one times 1.08
    // would fall, even onto the low end, and every y would divide by zero.
    let peak = max(values.max() ?? 1, low + 1)
    let high = peak * (peak < 0 ? 0.92 : 1.08)
    let firstDay = days.min() ?? 0
    let daySpan = max((days.max() ?? 1) - firstDay, 1)
    func x(_ day: Double) -> String { format(left + (day - firstDay) / daySpan * (width - left - right)) }
    func y(_ value: Double) -> String { format(top + (1 - (value - low) / (high - low)) * (height - top - bottom)) }

    var svg = """
      <svg class="time-series" role="img" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" xmlns="http://www.w3.org/2000/svg">\
      <title>\(HTML.escape(title))</title>\
      <line x1="\(format(left))" y1="\(y(low))" x2="\(format(width - right))" y2="\(y(low))" stroke="#000"/>
      """
    for goal in goals {
      svg +=
        "<line class=\"goal\" x1=\"\(format(left))\" y1=\"\(y(goal))\" x2=\"\(format(width - right))\" y2=\"\(y(goal))\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>"
    }
    let line = zip(days, points).map { "\(x($0)),\(y($1.value))" }.joined(separator: " ")
    svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>"
    for (day, point) in zip(days, points) {
      svg += "<circle cx=\"\(x(day))\" cy=\"\(y(point.value))\" r=\"2.5\" fill=\"#000\"/>"
    }
    let baseline = format(height - 5)
    svg += "<text x=\"\(format(left))\" y=\"\(baseline)\" font-size=\"10\">\(HTML.escape(label(points[0].period)))</text>"
    svg +=
      "<text x=\"\(format(width - right))\" y=\"\(baseline)\" font-size=\"10\" text-anchor=\"end\">\(HTML.escape(label(points[points.count - 1].period)))</text>"
    return svg + "</svg>"
  }

  /// Coordinates with at most two decimals and no trailing zeros, so output is stable and small.
  static func format(_ value: Double) -> String {
    // Coordinates lie in a box of 240 by 90: what is not (a NaN or an infinity, from figures that
    // overflow the scale near 1e308) is drawn at 0, rather than trap as an Int.
    guard value.isFinite, value.magnitude < 1e9 else { return "0" }
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(format: "%.2f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }
}
