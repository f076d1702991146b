import CGit2

/// A repository opened through libgit2, bare or with a work tree (which is never written).
///
/// Not `Sendable`: open it, copy values out (`CommitInfo`, `SourceSnapshot`,
/// `CommitChange`), let it go.
public final class GitRepository {
  /// Module-internal: other wrappers borrow it while they hold this object alive.
  let handle: OpaquePointer

  /// Opens the repository containing `path`, searching upwards as `git` does
  /// (`git_repository_open_ext`); `path` may be a work tree, a `.git` directory or a bare
  /// repository.
  /// - Parameter honoringGitEnvironment: read `GIT_DIR`, `GIT_INDEX_FILE`,
  ///   `GIT_OBJECT_DIRECTORY` … as git's own commands do (`GIT_REPOSITORY_OPEN_FROM_ENV`).
  ///   Hooks need it: `git commit -a` or `git commit FILE` runs pre-commit against a
  ///   temporary index named only in `GIT_INDEX_FILE`. Falls back to `path` alone when
  ///   libgit2 refuses the environment (it does not implement `GIT_WORK_TREE`).
  /// - Throws: `GitError.failed` naming `git_repository_open_ext` when no repository is found.
  public init(discoveringFrom path: String, honoringGitEnvironment: Bool = false) throws(GitError) {
    git_libgit2_init()  // reference-counted; balanced in deinit or below
    var opened: OpaquePointer?
    var status: Int32 = -1
    if honoringGitEnvironment {
      status = git_repository_open_ext(
        &opened, path, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
    }
    if status != 0 {
      opened = nil
      status = git_repository_open_ext(&opened, path, 0, nil)
    }
    guard status == 0, let opened else {
      let error = GitError.last(call: "git_repository_open_ext", status: status)
      git_libgit2_shutdown()
      throw error
    }
    handle = opened
  }

  /// Wraps a repository handle this object now owns (`git_repository_wrap_odb`).
  init(adopting handle: OpaquePointer) {
    git_libgit2_init()
    self.handle = handle
  }

  deinit {
    git_repository_free(handle)
    git_libgit2_shutdown()
  }

  /// The git directory (`…/.git/` or the bare repository), with a trailing slash
  /// (`git_repository_path`).
  public var gitDirectory: String { String(cString: git_repository_path(handle)) }

  /// The work tree, or `nil` for a bare repository (`git_repository_workdir`).
  public var workDirectory: String? { git_repository_workdir(handle).map { String(cString: $0) } }

  public var isBare: Bool { git_repository_is_bare(handle) == 1 }

  /// Where git looks for hooks, `core.hooksPath` honoured (`git_repository_item_path`).
  public func hooksDirectory() throws(GitError) -> String {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    let status = git_repository_item_path(&buffer, handle, GIT_REPOSITORY_ITEM_HOOKS)
    try GitError.check(status, "git_repository_item_path")
    return String(cString: buffer.ptr)
  }

  /// `<gitdir>/reviewbot/cache`, where `FileModelCache` keeps per-file models.
  public var cacheDirectory: String { gitDirectory + "reviewbot/cache" }

  /// The commit a revision names (`HEAD`, `v4.20~3`, an abbreviated id), peeled through
  /// tags (`git_revparse_single`, `git_object_peel`).
  /// - Returns: the full 40-digit commit id.
  public func resolveCommit(_ rev: String) throws(GitError) -> String {
    let object = try GitObject(revision: rev, in: self)
    return try object.peeledCommitID(rev: rev)
  }

  /// The commits a revision names: one for `REV`, and for `A..B` every commit reachable
  /// from B and not from A, oldest first (parents before children), as `git rev-list
  /// --reverse --topo-order A..B` lists them (`git_revparse`, `git_revwalk`).
  public func resolve(rev: String) throws(GitError) -> [String] {
    guard rev.contains("..") else { return [try resolveCommit(rev)] }
    var spec = git_revspec()
    try GitError.check(git_revparse(&spec, handle, rev), "git_revparse")
    let from = spec.from.map { GitObject(adopting: $0, repository: self) }
    let to = spec.to.map { GitObject(adopting: $0, repository: self) }
    guard spec.flags & UInt32(GIT_REVSPEC_RANGE.rawValue) != 0, let from else {
      return [try resolveCommit(rev)]
    }
    let walk = try GitRevisionWalk(repository: self)
    try walk.hide(from.peeledCommitID(rev: rev))
    if let to {
      try walk.push(to.peeledCommitID(rev: rev))
    } else {
      try walk.push(resolveCommit("HEAD"))
    }
    return try walk.all()
  }

  /// The full id of the commit an abbreviated id names, or `nil` when the repository has
  /// no such commit or the abbreviation is ambiguous; for `base-commit:` trailers.
  public func commitID(abbreviated: String) -> String? {
    let hexDigits = abbreviated.utf8.allSatisfy {
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20)
    }
    guard abbreviated.utf8.count >= 4, abbreviated.utf8.count <= 40, hexDigits else { return nil }
    var oid = git_oid()
    guard git_oid_fromstrn(&oid, abbreviated, abbreviated.utf8.count) == 0 else { return nil }
    var found: OpaquePointer?
    let status = git_commit_lookup_prefix(&found, handle, &oid, abbreviated.utf8.count)
    guard status == 0, let found else { return nil }
    defer { git_commit_free(found) }
    return git_commit_id(found).pointee.hex
  }

  /// Whether the repository holds the commit an abbreviated id names.
  public func hasCommit(_ abbreviated: String) -> Bool { commitID(abbreviated: abbreviated) != nil }

  /// What the commit `id` says about itself (`git_commit_lookup`).
  public func commit(_ id: String) throws(GitError) -> CommitInfo {
    try GitCommit(id: id, in: self).info
  }
}
