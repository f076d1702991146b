import Foundation
import PatchParse

/// The patched side of a patch's hunks laid out at their real line numbers, for a review
/// with no base tree.
///
/// Each hunk's new-side text (context and added lines) is placed at its line numbers, with
/// blank lines between hunks, so every location a finding names is the patched file's own.
/// A hunk that starts inside a function gets that function's head from the hunk header's
/// section text (git prints the enclosing function there), and its braces are closed at the
/// end, so the extractor sees the partial function as a function.
enum HunkOnlyTree {
  /// The synthetic files for every changed `.c`/`.h` file of `diffs`.
  static func make(from diffs: [FileDiff]) -> MemoryTree {
    var files: [String: String] = [:]
    for diff in diffs where !diff.isBinary && diff.status != .deleted {
      guard let path = diff.newPath, isSource(path) else { continue }
      files[path] = text(of: diff.hunks)
    }
    return MemoryTree(files: files)
  }

  static func isSource(_ path: String) -> Bool { path.hasSuffix(".c") || path.hasSuffix(".h") }

  private static func text(of hunks: [Hunk]) -> String {
    var out: [String] = []
    for hunk in hunks.sorted(by: { $0.newStart < $1.newStart }) {
      let body = hunk.lines.filter { $0.kind != .removed }.map(\.text)
      let start = max(1, hunk.newStart)
      let head = opensOwnFunction(body) ? nil : functionHead(hunk.section)
      // One line before the hunk is needed for the head; hunks at the top get none.
      if let head, start - 1 > out.count {
        while out.count < start - 2 { out.append("") }
        out.append(head)
      } else {
        while out.count < start - 1 { out.append("") }
      }
      out += body
      if head != nil {
        let depth = braceDepth(body) + 1
        if depth > 0 { out.append(String(repeating: "}", count: depth)) }
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Kernel style opens a function body with `{` in column 0: such a hunk starts its own
  /// function before it closes the one in the section header.
  private static func opensOwnFunction(_ body: [String]) -> Bool {
    for line in body {
      if line.hasPrefix("}") { return false }
      if line.hasPrefix("{") { return true }
    }
    return false
  }

  /// `static int f(struct a *a,` → `static int f(struct a *a) {`; nil when the section text
  /// does not look like a function head.
  private static func functionHead(_ section: String) -> String? {
    let text = section.trimmingCharacters(in: .whitespaces)
    guard text.contains("("), !text.hasSuffix(";") else { return nil }
    var head = text
    if head.hasSuffix("{") { head.removeLast() }
    let open = head.filter { $0 == "(" }.count - head.filter { $0 == ")" }.count
    if open > 0 {
      head = head.trimmingCharacters(in: .whitespaces)
      if head.hasSuffix(",") { head.removeLast() }
      head += String(repeating: ")", count: open)
    }
    return head + " {"
  }

  /// Net `{` minus `}` of the lines, ignoring braces in strings and comments roughly: a
  /// miscount only adds or drops a closing brace in a synthetic file.
  private static func braceDepth(_ lines: [String]) -> Int {
    var depth = 0
    for line in lines {
      let code =
        line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false)
        .first ?? ""
      var inString = false
      var previous: Character = " "
      for char in code {
        if char == "\"" && previous != "\\" { inString.toggle() }
        if !inString {
          if char == "{" { depth += 1 }
          if char == "}" { depth -= 1 }
        }
        previous = char
      }
    }
    return depth
  }
}
