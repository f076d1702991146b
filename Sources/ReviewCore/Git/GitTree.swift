import CGit2

/// A tree object (`git_tree_lookup`).
final class GitTree {
  /// Module-internal: borrowed by diffs and apply while this object is alive.
  let handle: OpaquePointer
  private let repository: GitRepository

  init(id: String, in repository: GitRepository) throws(GitError) {
    var oid = try git_oid.parse(id)
    var found: OpaquePointer?
    let status = git_tree_lookup(&found, repository.handle, &oid)
    guard status == 0, let found else { throw .last(call: "git_tree_lookup", status: status) }
    handle = found
    self.repository = repository
  }

  deinit { git_tree_free(handle) }

  /// One blob or link below the tree.
  struct Entry {
    var path: String
    var id: String
    var isSymlink: Bool
  }

  /// Every blob and symlink below the tree, submodules left out (`git_tree_walk`).
  func entries() throws(GitError) -> [Entry] {
    final class Collector { var entries: [Entry] = [] }
    let collector = Collector()
    let status = git_tree_walk(
      handle, GIT_TREEWALK_PRE,
      { root, entry, payload in
        guard let entry, let payload else { return 0 }
        let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return 0 }
        let name = String(cString: git_tree_entry_name(entry))
        let prefix = root.map { String(cString: $0) } ?? ""
        collector.entries.append(
          Entry(
            path: prefix + name, id: git_tree_entry_id(entry).pointee.hex,
            isSymlink: git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK))
        return 0
      }, Unmanaged.passUnretained(collector).toOpaque())
    try GitError.check(status, "git_tree_walk")
    return collector.entries
  }

  /// The blob id at `path`, or `nil` when the tree has no blob there
  /// (`git_tree_entry_bypath`).
  func blobID(at path: String) -> String? {
    var entry: OpaquePointer?
    guard git_tree_entry_bypath(&entry, handle, path) == 0, let entry else { return nil }
    defer { git_tree_entry_free(entry) }
    guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
    return git_tree_entry_id(entry).pointee.hex
  }
}
