/// The "did you mean" of an error about a misspelt name: the closest name there is, if it is close
/// enough to be what was meant.
enum Suggestion {
  /// `; did you mean 'title'?`, naming the candidate closest to `word` (written after `prefix`, as
  /// `#` before an anchor); nil when none is close, or when the closest is one of `rejected` (names
  /// whose entries failed: the word is likely that one, and another name would be bad advice).
  static func didYouMean(_ word: String, among candidates: [String], rejected: Set<String> = [], prefix: String = "") -> String? {
    guard let match = closest(to: word, among: rejected.isEmpty ? candidates : candidates + rejected), !rejected.contains(match) else {
      return nil
    }
    return "; did you mean '\(prefix)\(match)'?"
  }

  /// The closest candidate by edit distance, if it is close enough to be a plausible misspelling.
  static func closest(to word: String, among candidates: [String]) -> String? {
    let length = word.count
    let limit = max(2, length / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates.sorted() {
      // The distance is at least the difference in length: a word far longer or shorter than a
      // candidate (a huge header cell) is not compared letter by letter.
      guard abs(candidate.count - length) <= limit else { continue }
      let distance = editDistance(word, candidate)
      if distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    guard let best, best.distance <= limit else { return nil }
    return best.candidate
  }

  /// Levenshtein distance: the fewest letters inserted, deleted or replaced to make `a` into `b`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Two rows, reused: a new array for each row cost more than the comparisons.
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
