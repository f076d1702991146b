/// Which paths a patch or a read may name: relative, inside the tree, not through links.
enum PathPolicy {
  /// The components of a tree-relative path.
  /// - Throws: `SnapshotError.outsideTree` for absolute paths, `..`, empty or `.` components.
  static func components(of path: String) throws(SnapshotError) -> [Substring] {
    if path.isEmpty || path.hasPrefix("/") { throw .outsideTree(path: path) }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    for part in parts where part.isEmpty || part == "." || part == ".." {
      throw .outsideTree(path: path)
    }
    return parts
  }

  /// The first prefix of `path` (or `path` itself) that is a link in `snapshot`'s base.
  static func symlink(in path: String, of snapshot: SourceSnapshot) -> String? {
    guard !snapshot.symlinks.isEmpty else { return nil }
    var prefix = ""
    for part in path.split(separator: "/") {
      prefix += prefix.isEmpty ? String(part) : "/" + part
      if snapshot.symlinks.contains(prefix) { return prefix }
    }
    return nil
  }
}
