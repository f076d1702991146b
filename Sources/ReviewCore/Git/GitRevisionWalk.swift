import CGit2

/// A walk over commit history (`git_revwalk`), parents before children.
final class GitRevisionWalk {
  private let handle: OpaquePointer
  private let repository: GitRepository

  init(repository: GitRepository) throws(GitError) {
    var walk: OpaquePointer?
    let status = git_revwalk_new(&walk, repository.handle)
    guard status == 0, let walk else { throw .last(call: "git_revwalk_new", status: status) }
    handle = walk
    self.repository = repository
    let order = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue
    try GitError.check(git_revwalk_sorting(handle, order), "git_revwalk_sorting")
  }

  deinit { git_revwalk_free(handle) }

  func push(_ id: String) throws(GitError) {
    var oid = try git_oid.parse(id)
    try GitError.check(git_revwalk_push(handle, &oid), "git_revwalk_push")
  }

  func hide(_ id: String) throws(GitError) {
    var oid = try git_oid.parse(id)
    try GitError.check(git_revwalk_hide(handle, &oid), "git_revwalk_hide")
  }

  /// Hides everything reachable from refs matching `glob` (`refs/remotes/*`).
  func hide(glob: String) throws(GitError) {
    try GitError.check(git_revwalk_hide_glob(handle, glob), "git_revwalk_hide_glob")
  }

  func all() throws(GitError) -> [String] {
    var ids: [String] = []
    var oid = git_oid()
    while true {
      let status = git_revwalk_next(&oid, handle)
      if status == GIT_ITEROVER.rawValue { return ids }
      try GitError.check(status, "git_revwalk_next")
      ids.append(oid.hex)
    }
  }
}
