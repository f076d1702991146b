/// Subject cleaning as `git mailinfo` does it by default, and the series tag it removes.
public enum SubjectLine {
  /// Drops leading `Re:`, whitespace, colons and `[...]` groups, repeatedly, then collapses
  /// whitespace runs to one space and trims.
  ///
  /// Only `Re:` is a reply prefix here (not `Fwd:`, not `re :`), because `git mailinfo` strips
  /// exactly that and the patch subject must match the commit `git am` would make.
  /// - Returns: the cleaned subject and the contents of the bracket groups removed, in order.
  public static func clean(_ subject: String) -> (subject: String, brackets: [String]) {
    var rest = Substring(subject)
    var brackets: [String] = []
    while let first = rest.first {
      // `dropFirst(3)` rather than `count`: a subject of a million `Re:` stays linear.
      if first == "r" || first == "R", !rest.dropFirst(3).isEmpty {
        let next = rest.dropFirst()
        if let e = next.first, e == "e" || e == "E", next.dropFirst().first == ":" {
          rest = rest.dropFirst(3)
          continue
        }
        break
      }
      if first == ":" || isSpace(first) {
        rest = rest.dropFirst()
        continue
      }
      if first == "[" {
        guard let close = rest.firstIndex(of: "]") else { break }
        brackets.append(String(rest[rest.index(after: rest.startIndex)..<close]))
        rest = rest[rest.index(after: close)...]
        continue
      }
      break
    }
    let collapsed = rest.split(whereSeparator: isSpace).joined(separator: " ")
    return (collapsed, brackets)
  }

  /// The series tag from bracket groups such as `PATCH v2 3/7`, `RFC PATCH`, `PATCH RESEND`,
  /// `PATCH i-g-t`; groups without `PATCH` or `RFC` (list tags like `Intel-gfx`) are ignored.
  /// - Returns: `nil` when no group is a patch tag.
  public static func seriesTag(brackets: [String]) -> SeriesTag? {
    var tag: SeriesTag?
    for bracket in brackets {
      let words = bracket.split(whereSeparator: isSpace)
      let isPatchTag = words.contains { word in
        let upper = word.uppercased()
        return upper.hasPrefix("PATCH") || upper == "RFC"
      }
      guard isPatchTag else { continue }
      var current = tag ?? SeriesTag()
      for word in words {
        let upper = word.uppercased()
        if upper == "PATCH" { continue }
        if upper.hasPrefix("PATCH"), let version = parseVersion(word.dropFirst(5)) {
          current.version = version
        } else if let version = parseVersion(word) {
          current.version = version
        } else if let (number, total) = parseNumber(word) {
          current.number = number
          current.total = total
        } else {
          current.labels.append(String(word))
        }
      }
      tag = current
    }
    return tag
  }

  private static func isSpace(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\n" || character == "\r"
      || character == "\u{0B}" || character == "\u{0C}"
  }

  private static func parseVersion(_ word: Substring) -> Int? {
    guard word.first == "v" || word.first == "V" else { return nil }
    let digits = word.dropFirst()
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(digits)
  }

  private static func parseNumber(_ word: Substring) -> (Int, Int)? {
    let halves = word.split(separator: "/", omittingEmptySubsequences: false)
    guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
      let number = Int(halves[0]), let total = Int(halves[1])
    else { return nil }
    return (number, total)
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
