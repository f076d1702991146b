import CGit2

/// A diff between trees, a tree and the index, or parsed from patch text (`git_diff`).
final class GitDiff {
  /// Module-internal: borrowed by `git_apply_to_tree` while this object is alive.
  let handle: OpaquePointer
  private let repository: GitRepository?

  /// What one delta changes.
  struct Delta {
    var status: git_delta_t
    var oldPath: String?
    var newPath: String?
  }

  /// `old` → `new`, renames found as `git show` finds them (`git_diff_tree_to_tree`,
  /// `git_diff_find_similar`); a `nil` tree is the empty tree.
  init(from old: GitTree?, to new: GitTree?, in repository: GitRepository) throws(GitError) {
    var diff: OpaquePointer?
    let status = git_diff_tree_to_tree(&diff, repository.handle, old?.handle, new?.handle, nil)
    guard status == 0, let diff else { throw .last(call: "git_diff_tree_to_tree", status: status) }
    handle = diff
    self.repository = repository
    try findRenames()
  }

  /// `old` → the repository's index: what `git commit` would record
  /// (`git_diff_tree_to_index`).
  init(fromTree old: GitTree?, toIndexOf repository: GitRepository) throws(GitError) {
    var diff: OpaquePointer?
    let status = git_diff_tree_to_index(&diff, repository.handle, old?.handle, nil, nil)
    guard status == 0, let diff else { throw .last(call: "git_diff_tree_to_index", status: status) }
    handle = diff
    self.repository = repository
    try findRenames()
  }

  /// Parses git-format patch text (`git_diff_from_buffer`); plain `diff -u` output is
  /// refused by libgit2.
  init(patchText: String) throws(GitError) {
    var diff: OpaquePointer?
    let utf8 = Array(patchText.utf8)
    let status = utf8.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) {
        git_diff_from_buffer(&diff, $0.baseAddress, $0.count)
      }
    }
    guard status == 0, let diff else { throw .last(call: "git_diff_from_buffer", status: status) }
    handle = diff
    repository = nil
  }

  deinit { git_diff_free(handle) }

  private func findRenames() throws(GitError) {
    var options = git_diff_find_options()
    try GitError.check(
      git_diff_find_options_init(&options, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)),
      "git_diff_find_options_init")
    options.flags = GIT_DIFF_FIND_RENAMES.rawValue
    try GitError.check(git_diff_find_similar(handle, &options), "git_diff_find_similar")
  }

  var deltas: [Delta] {
    (0..<git_diff_num_deltas(handle)).compactMap { index in
      guard let delta = git_diff_get_delta(handle, index)?.pointee else { return nil }
      let added = delta.status == GIT_DELTA_ADDED
      let deleted = delta.status == GIT_DELTA_DELETED
      return Delta(
        status: delta.status,
        oldPath: added ? nil : delta.old_file.path.map { String(cString: $0) },
        newPath: deleted ? nil : delta.new_file.path.map { String(cString: $0) })
    }
  }

  /// The full patch as `git diff` prints it (`git_diff_to_buf`, `GIT_DIFF_FORMAT_PATCH`).
  func patchText() throws(GitError) -> String {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    try GitError.check(git_diff_to_buf(&buffer, handle, GIT_DIFF_FORMAT_PATCH), "git_diff_to_buf")
    guard let pointer = buffer.ptr else { return "" }
    return String(
      decoding: UnsafeRawBufferPointer(start: pointer, count: buffer.size), as: UTF8.self)
  }
}
