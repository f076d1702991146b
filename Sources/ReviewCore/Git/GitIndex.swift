import CGit2

/// An index: the repository's staging area, an in-memory one built from a tree, or the
/// postimage `git_apply_to_tree` returns (`git_index`).
final class GitIndex {
  private let handle: OpaquePointer
  private let repository: GitRepository

  /// The repository's own index (`git_repository_index`), read only.
  init(of repository: GitRepository) throws(GitError) {
    var index: OpaquePointer?
    let status = git_repository_index(&index, repository.handle)
    guard status == 0, let index else { throw .last(call: "git_repository_index", status: status) }
    handle = index
    self.repository = repository
  }

  /// An in-memory index holding `tree` (`git_index_new`, `git_index_read_tree`); nothing on
  /// disk.
  init(tree: GitTree?, repository: GitRepository) throws(GitError) {
    var index: OpaquePointer?
    let status = git_index_new(&index)
    guard status == 0, let index else { throw .last(call: "git_index_new", status: status) }
    handle = index
    self.repository = repository
    if let tree {
      try GitError.check(git_index_read_tree(handle, tree.handle), "git_index_read_tree")
    }
  }

  init(adopting handle: OpaquePointer, repository: GitRepository) {
    self.handle = handle
    self.repository = repository
  }

  deinit { git_index_free(handle) }

  /// Stage-0 entries: path → blob id, links and submodules flagged.
  struct Entry {
    var path: String
    var id: String
    var isSymlink: Bool
    var isSubmodule: Bool
  }

  var entries: [Entry] {
    (0..<git_index_entrycount(handle)).compactMap { position in
      guard let entry = git_index_get_byindex(handle, position)?.pointee else { return nil }
      // Conflict stages live in bits 12-13 of flags; only stage 0 is what would be committed.
      guard (entry.flags >> 12) & 0x3 == 0 else { return nil }
      return Entry(
        path: String(cString: entry.path), id: entry.id.hex,
        isSymlink: entry.mode == GIT_FILEMODE_LINK.rawValue,
        isSubmodule: entry.mode == GIT_FILEMODE_COMMIT.rawValue)
    }
  }

  /// The blob id staged at `path`, or `nil` (`git_index_get_bypath`, stage 0).
  func blobID(at path: String) -> String? {
    git_index_get_bypath(handle, path, 0)?.pointee.id.hex
  }

  /// Stages blob `id` at `path` as a regular file (`git_index_add`).
  func add(path: String, blobID id: String) throws(GitError) {
    var entry = git_index_entry()
    entry.mode = GIT_FILEMODE_BLOB.rawValue
    entry.id = try git_oid.parse(id)
    let status = path.withCString { cPath in
      entry.path = cPath
      return git_index_add(handle, &entry)
    }
    try GitError.check(status, "git_index_add")
  }

  func remove(path: String) throws(GitError) {
    try GitError.check(git_index_remove_bypath(handle, path), "git_index_remove_bypath")
  }

  /// Writes the index's trees into `repository`'s object database
  /// (`git_index_write_tree_to`) and returns the root tree id.
  func writeTree() throws(GitError) -> String {
    var oid = git_oid()
    try GitError.check(
      git_index_write_tree_to(&oid, handle, repository.handle), "git_index_write_tree_to")
    return oid.hex
  }
}
