import GEMSim
import LockModelExtract
import PatchParse

/// The lines of a patch a reply quotes: for each new edge's site, the `diff --git` line, the
/// hunk header and a few added or context lines around the site, gaps shown as `[...]`.
struct HunkQuote {
  let diffs: [FileDiff]

  /// Lines before the site and after it that a quote keeps.
  static let before = 3
  static let after = 1

  /// The quoted lines, `> ` prefixed.
  /// - Parameters:
  ///   - sites: where new dependencies are made; quoted with a few lines around them.
  ///   - anchors: where the held locks were taken; quoted alone when they are in a hunk.
  func lines(for sites: [SourceLocation], anchors: [SourceLocation] = []) -> [String] {
    var wanted: [Int: [Int: Set<Int>]] = [:]  // diff index → hunk index → new lines
    let windows =
      sites.map { ($0, ($0.line - Self.before)...($0.line + Self.after)) }
      + anchors.map { ($0, $0.line...$0.line) }
    for (site, lines) in windows {
      guard let (diffIndex, hunkIndex) = locate(site) else { continue }
      wanted[diffIndex, default: [:]][hunkIndex, default: []].formUnion(lines)
    }
    if wanted.isEmpty, let fallback = firstAddedLines(near: sites + anchors) {
      wanted = fallback
    }
    var out: [String] = []
    for diffIndex in wanted.keys.sorted() {
      let diff = diffs[diffIndex]
      out.append(quote(Self.diffLine(diff)))
      guard let hunks = wanted[diffIndex] else { continue }
      for hunkIndex in hunks.keys.sorted() {
        out += hunkLines(diff.hunks[hunkIndex], keep: hunks[hunkIndex] ?? [])
      }
    }
    return out
  }

  private func hunkLines(_ hunk: Hunk, keep: Set<Int>) -> [String] {
    var out = [quote(Self.header(hunk))]
    var newLine = hunk.newStart
    var skipped = false
    for line in hunk.lines {
      guard line.kind != .removed else { continue }
      if keep.contains(newLine) {
        if skipped { out.append("> [...]") }
        skipped = false
        out.append(quote((line.kind == .added ? "+" : " ") + line.text))
      } else {
        skipped = true
      }
      newLine += 1
    }
    if skipped { out.append("> [...]") }
    return out
  }

  private func locate(_ site: SourceLocation) -> (Int, Int)? {
    for (diffIndex, diff) in diffs.enumerated() where diff.newPath == site.file {
      for (hunkIndex, hunk) in diff.hunks.enumerated() {
        let end = hunk.newStart + max(hunk.newCount, 1)
        if site.line >= hunk.newStart && site.line < end { return (diffIndex, hunkIndex) }
      }
    }
    return nil
  }

  /// When no site falls in a hunk (the edge is in unchanged code the patch made reachable):
  /// the first added lines of the first hunk in a file the finding names, else the first.
  private func firstAddedLines(near sites: [SourceLocation]) -> [Int: [Int: Set<Int>]]? {
    let files = Set(sites.map(\.file))
    let candidates = diffs.indices.filter { !diffs[$0].hunks.isEmpty }
    guard
      let diffIndex = candidates.first(where: { files.contains(diffs[$0].path) })
        ?? candidates.first
    else { return nil }
    let hunk = diffs[diffIndex].hunks[0]
    var newLine = hunk.newStart
    var added: [Int] = []
    for line in hunk.lines where line.kind != .removed {
      if line.kind == .added { added.append(newLine) }
      newLine += 1
    }
    return [diffIndex: [0: Set(added.prefix(Self.before))]]
  }

  private func quote(_ line: String) -> String {
    var text = "> " + line
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return text
  }

  static func diffLine(_ diff: FileDiff) -> String {
    let old = diff.oldPath ?? diff.path
    let new = diff.newPath ?? diff.path
    return "diff --git a/\(old) b/\(new)"
  }

  /// `@@ -a,b +c,d @@ section`, with git's `,1` omitted.
  static func header(_ hunk: Hunk) -> String {
    func range(_ start: Int, _ count: Int) -> String {
      count == 1 ? "\(start)" : "\(start),\(count)"
    }
    let section = hunk.section.isEmpty ? "" : " " + hunk.section
    return "@@ -\(range(hunk.oldStart, hunk.oldCount)) +\(range(hunk.newStart, hunk.newCount)) @@"
      + section
  }
}
