import PatchParse

@testable import ReviewCore

/// A strict applier for tests: each hunk's old lines must match the file at `oldStart`
/// (shifted by earlier hunks), or the hunk is rejected.
struct TestPatchApplier: PatchApplier {
  func apply(_ diffs: [FileDiff], to base: any TreeSource) throws -> any TreeSource {
    var changed: [String: String] = [:]
    var deleted: Set<String> = []
    for diff in diffs {
      if diff.status == .deleted, let old = diff.oldPath {
        deleted.insert(old)
        continue
      }
      guard let path = diff.newPath else { continue }
      var lines: [String] = []
      if diff.status != .added {
        let source = diff.oldPath ?? path
        let text = try changed[source] ?? base.read(source)
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
      }
      var shift = 0
      for (number, hunk) in diff.hunks.enumerated() {
        let old = hunk.lines.filter { $0.kind != .added }.map(\.text)
        let new = hunk.lines.filter { $0.kind != .removed }.map(\.text)
        let start = max(0, hunk.oldStart - 1 + shift)
        guard start + old.count <= lines.count, Array(lines[start..<(start + old.count)]) == old
        else {
          throw PatchRejected(
            path: path, hunkNumber: number + 1, hunkHeader: HunkQuote.header(hunk),
            reason: "context differs at line \(hunk.oldStart)")
        }
        lines.replaceSubrange(start..<(start + old.count), with: new)
        shift += new.count - old.count
      }
      changed[path] = lines.joined(separator: "\n") + "\n"
      if diff.status == .renamed, let old = diff.oldPath { deleted.insert(old) }
    }
    return OverlayTree(base: base, changed: changed, deleted: deleted)
  }
}
