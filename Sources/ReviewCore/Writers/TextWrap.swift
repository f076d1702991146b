/// Greedy word wrapping for mail text.
enum TextWrap {
  /// `text` wrapped at `width` columns; the first line starts with `first`, the others with
  /// `rest`. A word longer than the width stays whole on its own line.
  static func wrap(_ text: String, width: Int = 72, first: String = "", rest: String = "")
    -> [String]
  {
    var lines: [String] = []
    var line = first
    var lineHasWord = false
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
      let candidate = lineHasWord ? line + " " + word : line + word
      if lineHasWord && candidate.count > width {
        lines.append(line)
        line = rest + word
      } else {
        line = candidate
      }
      lineHasWord = true
    }
    if lineHasWord { lines.append(line) }
    return lines
  }
}
