import CGit2

extension GitRepository {
  /// The tree of commit `rev` as a snapshot: every `.c`/`.h` blob keyed by its blob id,
  /// links recorded (`git_tree_walk`); nothing is checked out.
  public func snapshot(ofCommit rev: String) throws(GitError) -> SourceSnapshot {
    let info = try commit(resolveCommit(rev))
    return try snapshot(ofTree: info.treeID)
  }

  /// The tree `treeID` as a snapshot; `nil` is the empty tree.
  func snapshot(ofTree treeID: String?) throws(GitError) -> SourceSnapshot {
    var result = SourceSnapshot(origin: .repository(gitDirectory: gitDirectory, tree: treeID))
    guard let treeID else { return result }
    for entry in try GitTree(id: treeID, in: self).entries() {
      if entry.isSymlink {
        result.symlinks.insert(entry.path)
      } else if SourceSnapshot.isCSource(entry.path) {
        result.files[entry.path] = .blob(id: entry.id)
      }
    }
    return result
  }

  /// A commit as a change to review: its diff against the first parent as patch text
  /// (`git_diff_tree_to_tree`, `git_diff_to_buf`), the parent tree as the base and the
  /// commit tree as the patched snapshot. A root commit is diffed against the empty tree.
  public func change(ofCommit rev: String) throws(GitError) -> CommitChange {
    let info = try commit(resolveCommit(rev))
    let parentTreeID = try info.parentIDs.first.map { id throws(GitError) in
      try commit(id).treeID
    }
    let oldTree = try parentTreeID.map { id throws(GitError) in try GitTree(id: id, in: self) }
    let newTree = try GitTree(id: info.treeID, in: self)
    let diff = try GitDiff(from: oldTree, to: newTree, in: self)
    return CommitChange(
      info: info, patchText: try diff.patchText(), base: try snapshot(ofTree: parentTreeID),
      patched: try snapshot(ofTree: info.treeID))
  }

  /// What `git commit` would record now: the index against `HEAD`'s tree
  /// (`git_diff_tree_to_index`) for the pre-commit hook. The patched snapshot is the base
  /// with the staged blobs laid over it; in an unborn branch the base is empty.
  public func stagedChange() throws(GitError) -> StagedChange {
    let headTreeID: String?
    do {
      headTreeID = try commit(resolveCommit("HEAD")).treeID
    } catch {
      guard try isHeadUnborn() else { throw error }
      headTreeID = nil
    }
    let oldTree = try headTreeID.map { id throws(GitError) in try GitTree(id: id, in: self) }
    let diff = try GitDiff(fromTree: oldTree, toIndexOf: self)
    let base = try snapshot(ofTree: headTreeID)
    let index = try GitIndex(of: self)
    var patched = base
    for delta in diff.deltas {
      if delta.status == GIT_DELTA_RENAMED || delta.status == GIT_DELTA_DELETED,
        let old = delta.oldPath
      {
        patched.files[old] = nil
        patched.deleted.insert(old)
      }
      if let new = delta.newPath, let id = index.blobID(at: new) {
        patched.files[new] = .blob(id: id)
        patched.deleted.remove(new)
      }
    }
    return StagedChange(patchText: try diff.patchText(), base: base, patched: patched)
  }

  private func isHeadUnborn() throws(GitError) -> Bool {
    let status = git_repository_head_unborn(handle)
    try GitError.check(status, "git_repository_head_unborn")
    return status == 1
  }
}
