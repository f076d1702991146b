/// Trailers of a commit message and the `base-commit:` lines `git format-patch` adds after
/// the diff.
enum TrailerBlock {
  /// Tokens that make a paragraph a trailer block even with a few other lines in it, as
  /// `git interpret-trailers` accepts a block with a git-generated or known trailer.
  static let knownTokens: Set<String> = [
    "signed-off-by", "reviewed-by", "acked-by", "tested-by", "reported-by", "closes", "link",
    "fixes", "cc", "suggested-by", "co-developed-by", "requested-by", "reported-and-tested-by",
    "bugzilla", "references", "testcase", "patchwork", "cherry-picked-from",
  ]

  /// The trailers of the last paragraph of `lines` (a commit message after `stripspace`).
  ///
  /// The paragraph is a trailer block when every line is a `Token: value` trailer, a
  /// continuation (leading whitespace) or a maintainer's note in brackets
  /// (`[ickle: fixed typo]`, `(cherry picked from ...)`); or when at least a quarter of its
  /// lines are trailers and one of them has a known token.
  static func trailers(in lines: [Substring]) -> [Trailer] {
    var end = lines.count
    while end > 0, lines[end - 1].allSatisfy(\.isWhitespace) { end -= 1 }
    var start = end
    while start > 0, !lines[start - 1].allSatisfy(\.isWhitespace) { start -= 1 }
    guard start < end else { return [] }
    var trailers: [Trailer] = []
    var others = 0
    var known = false
    var lastWasTrailer = false
    for line in lines[start..<end] {
      if line.first == " " || line.first == "\t" {
        if lastWasTrailer, !trailers.isEmpty {
          trailers[trailers.count - 1].value += " " + line.trimmingSpace()
        } else {
          others += 1
        }
        continue
      }
      if let trailer = parse(line) {
        trailers.append(trailer)
        if knownTokens.contains(trailer.key.lowercased()) { known = true }
        lastWasTrailer = true
        continue
      }
      lastWasTrailer = false
      let trimmed = line.trimmingSpace()
      let isNote =
        (trimmed.hasPrefix("[") && trimmed.hasSuffix("]"))
        || (trimmed.hasPrefix("(") && trimmed.hasSuffix(")"))
      if !isNote { others += 1 }
    }
    guard !trailers.isEmpty else { return [] }
    if others == 0 { return trailers }
    return known && trailers.count * 3 >= others ? trailers : []
  }

  /// `base-commit:`, `prerequisite-patch-id:` and `prerequisite-message-id:` lines anywhere in
  /// `lines` (after the diff, or at the end of a cover letter).
  static func seriesBase<Lines: Sequence<Substring>>(in lines: Lines) -> [Trailer] {
    let prefixes = ["base-commit: ", "prerequisite-patch-id: ", "prerequisite-message-id: "]
    var found: [Trailer] = []
    for line in lines {
      // Cheap first-byte test: this runs over every line of every patch.
      guard let first = line.utf8.first, first == UInt8(ascii: "b") || first == UInt8(ascii: "p")
      else { continue }
      for prefix in prefixes where line.hasPrefix(prefix) {
        found.append(
          Trailer(
            key: String(prefix.dropLast(2)), value: line.dropFirst(prefix.count).trimmingSpace()))
      }
    }
    return found
  }

  /// `Token: value` where the token is letters, digits and dashes.
  static func parse(_ line: Substring) -> Trailer? {
    guard let colon = line.firstIndex(of: ":") else { return nil }
    let token = line[..<colon]
    guard let first = token.first, first.isASCII, first.isLetter || first.isNumber,
      token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    else { return nil }
    let rest = line[line.index(after: colon)...]
    guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
    return Trailer(key: String(token), value: rest.trimmingSpace())
  }
}
