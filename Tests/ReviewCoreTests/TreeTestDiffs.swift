import PatchParse

/// Builds `FileDiff` values from the git-format patches the tests write, so both appliers
/// see the same patch. Only what these tests use: `diff --git`, new/deleted file, renames,
/// `@@` hunks and `\ No newline`. The real parser lives in PatchParse.
func testFileDiffs(_ patch: String) -> [FileDiff] {
  var diffs: [FileDiff] = []
  var lines = patch.split(separator: "\n", omittingEmptySubsequences: false)[...]
  if lines.last == "" { lines = lines.dropLast() }
  func strip(_ path: Substring) -> String? {
    if path == "/dev/null" { return nil }
    if path.hasPrefix("a/") || path.hasPrefix("b/") { return String(path.dropFirst(2)) }
    return String(path)
  }
  func count(_ field: Substring) -> (Int, Int) {
    let parts = field.dropFirst().split(separator: ",")
    return (Int(parts[0]) ?? 0, parts.count > 1 ? Int(parts[1]) ?? 0 : 1)
  }
  for line in lines {
    if line.hasPrefix("diff --git ") {
      let fields = line.split(separator: " ")
      diffs.append(FileDiff(oldPath: strip(fields[2]), newPath: strip(fields[3])))
    } else if diffs.isEmpty {
      continue
    } else if line.hasPrefix("new file mode") {
      diffs[diffs.count - 1].status = .added
      diffs[diffs.count - 1].oldPath = nil
    } else if line.hasPrefix("deleted file mode") {
      diffs[diffs.count - 1].status = .deleted
      diffs[diffs.count - 1].newPath = nil
    } else if line.hasPrefix("rename from ") {
      diffs[diffs.count - 1].status = .renamed
      diffs[diffs.count - 1].oldPath = String(line.dropFirst("rename from ".count))
    } else if line.hasPrefix("rename to ") {
      diffs[diffs.count - 1].newPath = String(line.dropFirst("rename to ".count))
    } else if line.hasPrefix("--- ") || line.hasPrefix("+++ ") || line.hasPrefix("index ") {
      continue
    } else if line.hasPrefix("@@ ") {
      let fields = line.split(separator: " ")
      let (oldStart, oldCount) = count(fields[1])
      let (newStart, newCount) = count(fields[2])
      diffs[diffs.count - 1].hunks.append(
        Hunk(oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount))
    } else if line.hasPrefix("\\") {
      let file = diffs.count - 1
      let hunk = diffs[file].hunks.count - 1
      diffs[file].hunks[hunk].lines[diffs[file].hunks[hunk].lines.count - 1].missingNewline = true
    } else if let marker = line.first, let file = diffs.indices.last,
      let hunk = diffs[file].hunks.indices.last
    {
      let kind: Hunk.Line.Kind = marker == "+" ? .added : marker == "-" ? .removed : .context
      diffs[file].hunks[hunk].lines.append(Hunk.Line(kind: kind, text: String(line.dropFirst())))
    } else if line.isEmpty, let file = diffs.indices.last,
      let hunk = diffs[file].hunks.indices.last
    {
      diffs[file].hunks[hunk].lines.append(Hunk.Line(kind: .context, text: ""))
    }
  }
  return diffs
}
