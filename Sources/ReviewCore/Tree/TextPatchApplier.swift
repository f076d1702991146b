import PatchParse

/// Lays a parsed patch over a snapshot in memory, as `git apply` would: each hunk's old
/// lines must match exactly, first at the line the hunk states (shifted by the offset the
/// previous hunk needed), then at the nearest other line; no fuzz on context.
public enum TextPatchApplier {
  /// The snapshot after `fileDiffs`. Binary diffs are skipped: they are carried, never
  /// applied. Nothing is written anywhere.
  /// - Throws: `PatchApplyError` naming the file and the 1-based hunk that failed, or the
  ///   path refused.
  public static func apply(
    _ fileDiffs: [FileDiff], to base: SourceSnapshot
  ) throws(PatchApplyError) -> SourceSnapshot {
    let reader = SnapshotReader(base)
    var changes: [String: String?] = [:]
    func current(_ path: String) throws(PatchApplyError) -> String? {
      if let changed = changes[path] { return changed }
      do {
        return try reader.read(path)
      } catch {
        switch error {
        case .notFound: return nil
        case .symlink: throw .pathThroughSymlink(path: path, link: path)
        case .outsideTree: throw .pathOutsideTree(path: path)
        default: throw .unreadable(file: path, reason: error.description)
        }
      }
    }
    for diff in fileDiffs where !diff.isBinary {
      for path in [diff.oldPath, diff.newPath].compactMap({ $0 }) {
        try PathPolicy.check(patchPath: path, in: base)
      }
      let name = diff.path
      switch diff.status {
      case .added:
        guard let path = diff.newPath else { continue }
        if try current(path) != nil { throw .fileExists(file: path) }
        changes[path] = try applyHunks(diff.hunks, to: "", file: path)
      case .deleted:
        guard let path = diff.oldPath else { continue }
        guard let old = try current(path) else { throw .missingFile(file: path) }
        _ = try applyHunks(diff.hunks, to: old, file: path)
        changes[path] = String?.none
      case .modified, .renamed, .copied:
        guard let source = diff.oldPath ?? diff.newPath else { continue }
        let target = diff.newPath ?? source
        guard let old = try current(source) else { throw .missingFile(file: source) }
        let new = try applyHunks(diff.hunks, to: old, file: name)
        if diff.status == .renamed && source != target { changes[source] = String?.none }
        changes[target] = new
      }
    }
    do {
      return try base.overlaying(changes)
    } catch {
      throw .unreadable(file: name(of: changes), reason: error.description)
    }
  }

  private static func name(of changes: [String: String?]) -> String {
    changes.keys.sorted().first ?? ""
  }

  /// `text` with `hunks` applied in order.
  static func applyHunks(
    _ hunks: [Hunk], to text: String, file: String
  ) throws(PatchApplyError) -> String {
    if hunks.isEmpty { return text }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var endsWithNewline = true
    if lines.last == "" {
      lines.removeLast()
    } else {
      endsWithNewline = text.isEmpty
    }
    var output: [Substring] = []
    output.reserveCapacity(lines.count + 16)
    var cursor = 0
    var drift = 0
    for (number, hunk) in hunks.enumerated() {
      let old = hunk.lines.filter { $0.kind != .added }
      let new = hunk.lines.filter { $0.kind != .removed }
      // A hunk with no old lines inserts after line oldStart; otherwise oldStart is the
      // 1-based line of its first old line.
      let stated = hunk.oldCount == 0 && old.isEmpty ? hunk.oldStart : hunk.oldStart - 1
      guard
        let position = find(
          old, in: lines, near: stated + drift, from: cursor)
      else {
        throw .hunkDoesNotApply(file: file, hunk: number + 1, header: hunk.headerText)
      }
      drift = position - stated
      output.append(contentsOf: lines[cursor..<position])
      output.append(contentsOf: new.map { Substring($0.text) })
      cursor = position + old.count
      if cursor == lines.count {
        endsWithNewline = !(new.last?.missingNewline ?? false)
      }
    }
    output.append(contentsOf: lines[cursor...])
    if output.isEmpty { return "" }
    return output.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
  }

  /// Where `old` matches `lines` exactly, nearest to `expected` first, never before
  /// `cursor` (hunks apply in order and do not overlap).
  private static func find(
    _ old: [Hunk.Line], in lines: [Substring], near expected: Int, from cursor: Int
  ) -> Int? {
    let last = lines.count - old.count
    guard last >= cursor else { return nil }
    func matches(_ position: Int) -> Bool {
      for (offset, line) in old.enumerated() where lines[position + offset] != line.text {
        return false
      }
      return true
    }
    let start = min(max(expected, cursor), last)
    if old.isEmpty { return expected >= cursor && expected <= lines.count ? expected : nil }
    if matches(start) { return start }
    var distance = 1
    while start - distance >= cursor || start + distance <= last {
      if start - distance >= cursor && matches(start - distance) { return start - distance }
      if start + distance <= last && matches(start + distance) { return start + distance }
      distance += 1
    }
    return nil
  }
}
