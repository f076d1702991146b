import PatchParse

/// Writes parsed file diffs back as git-format patch text, so libgit2 can apply a patch the
/// pipeline holds only as `FileDiff` values. Binary diffs are left out (never applied).
func gitPatchText(for fileDiffs: [FileDiff]) -> String {
  var out = ""
  for diff in fileDiffs where !diff.isBinary {
    let old = diff.oldPath ?? diff.newPath ?? ""
    let new = diff.newPath ?? diff.oldPath ?? ""
    out += "diff --git a/\(old) b/\(new)\n"
    switch diff.status {
    case .added:
      out += "new file mode \(mode(diff.newMode))\n"
    case .deleted:
      out += "deleted file mode \(mode(diff.oldMode))\n"
    case .renamed, .copied:
      let verb = diff.status == .renamed ? "rename" : "copy"
      // libgit2's header parser accepts `rename from` only after a similarity line; the
      // score is not used when applying.
      out += "similarity index 100%\n\(verb) from \(old)\n\(verb) to \(new)\n"
    case .modified:
      break
    }
    guard !diff.hunks.isEmpty else { continue }
    if diff.status == .renamed || diff.status == .copied {
      // Nor `---` straight after `rename to`: an index line must come between. libgit2
      // does not check these ids against the preimage.
      out += "index 0000000..0000000\n"
    }
    out += diff.status == .added ? "--- /dev/null\n" : "--- a/\(old)\n"
    out += diff.status == .deleted ? "+++ /dev/null\n" : "+++ b/\(new)\n"
    for hunk in diff.hunks {
      out += hunk.headerText + "\n"
      for line in hunk.lines {
        switch line.kind {
        case .context: out += " "
        case .added: out += "+"
        case .removed: out += "-"
        }
        out += line.text + "\n"
        if line.missingNewline { out += "\\ No newline at end of file\n" }
      }
    }
  }
  return out
}

/// A file mode as git writes it; anything else a mail claims becomes a regular file.
private func mode(_ claimed: String?) -> String {
  guard let claimed, claimed.count == 6, claimed.allSatisfy({ ("0"..."7").contains($0) }) else {
    return "100644"
  }
  return claimed
}
