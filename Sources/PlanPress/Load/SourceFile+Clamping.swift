extension SourceFile {
  /// A location that exists in the file. libyaml reports a mistake found at the end of a file
  /// that does not end with a line break on the line after the last; that becomes the end of
  /// the last line, so the message can show it.
  public func clampedLocation(line: Int, column: Int) -> SourceLocation {
    guard line > 1, self.line(line) == nil else { return location(line: line, column: column) }
    let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
    let lastText = self.line(lastLine) ?? ""
    return location(line: lastLine, column: lastText.unicodeScalars.count + 1)
  }
}
