import Foundation

/// Numbers and quantities as each language writes them.
public enum QuantityFormatter {
  /// `10000` in Chinese, `10,000` in English; decimals kept only as far as they are written.
  public static func number(_ value: Double, language: String) -> String {
    let negative = value < 0
    let magnitude = abs(value)
    var text: String
    if magnitude == magnitude.rounded(), magnitude < 1e15 {
      text = String(Int(magnitude))
    } else {
      text = String(format: "%.6f", magnitude)
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    if language != "zh" {
      let parts = text.split(separator: ".", maxSplits: 1)
      var integer = String(parts[0])
      var grouped = ""
      while integer.count > 3 {
        grouped = "," + integer.suffix(3) + grouped
        integer.removeLast(3)
      }
      text = integer + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
    return (negative ? "-" : "") + text
  }

  /// Chinese units that carry a scale: 75 with unit 亿元 is 7.5 billion yuan.
  static let chineseScales: [(prefix: String, factor: Double)] = [("亿", 1e8), ("万", 1e4)]

  /// A number with its unit: `360元/月`, `360 yuan/month`, `32%`.
  ///
  /// Where the plan's unit carries a Chinese scale (`亿元`, `万张`) and the translated unit does
  /// not (`yuan`, `beds`), the number is scaled for the other language: 75 亿元 is `7.5 billion yuan`.
  public static func quantity(_ value: Double, unit: String?, language: String, sourceUnit: String? = nil) -> String {
    if language != "zh", let sourceUnit, let scale = chineseScales.first(where: { sourceUnit.hasPrefix($0.prefix) }),
      unit.map({ !$0.hasPrefix(scale.prefix) }) ?? true
    {
      let scaled = value * scale.factor
      let (shown, word): (Double, String?) =
        scaled >= 1e9 ? (scaled / 1e9, "billion") : scaled >= 1e6 ? (scaled / 1e6, "million") : (scaled, nil)
      let number = [number(shown, language: language), word].compactMap { $0 }.joined(separator: " ")
      guard let unit, !unit.isEmpty else { return number }
      return number + " " + unit
    }
    let number = number(value, language: language)
    guard let unit, !unit.isEmpty else { return number }
    let joined = language == "zh" || unit.hasPrefix("%") || unit.first?.isASCII == false
    return joined ? number + unit : number + " " + unit
  }

  /// A part's number as the plan writes it: 一 … 九十九 in Chinese (as in 一、社会救助), digits elsewhere.
  public static func ordinal(_ number: Int, language: String) -> String {
    guard language == "zh", (1...99).contains(number) else { return String(number) }
    let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    let tens = number / 10
    let ones = number % 10
    switch tens {
    case 0: return digits[ones]
    case 1: return "十" + digits[ones]
    default: return digits[tens] + "十" + digits[ones]
    }
  }
}
