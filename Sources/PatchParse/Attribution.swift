/// The line a reply puts above quoted text: `On Thu, 19 Feb 2009, A U Thor wrote:`.
enum Attribution {
  /// The attribution above the first quoted (`>`) line, joined when a mailer wrapped it over
  /// two lines; `nil` when the quote has none.
  static func find(in lines: [Substring]) -> String? {
    guard let quote = lines.firstIndex(where: { $0.hasPrefix(">") }) else { return nil }
    var candidate = quote - 1
    if candidate >= 0, lines[candidate].allSatisfy(\.isWhitespace) { candidate -= 1 }
    guard candidate >= 0 else { return nil }
    let line = lines[candidate].trimmingSpace()
    let endings = ["wrote:", "writes:", "said:", "wrote :"]
    guard endings.contains(where: { line.hasSuffix($0) }) else { return nil }
    if !line.hasPrefix("On "), candidate > 0, lines[candidate - 1].hasPrefix("On ") {
      return lines[candidate - 1].trimmingSpace() + " " + line
    }
    return line
  }
}
