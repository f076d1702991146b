import CGit2

/// Any object a revision names (`git_object`).
final class GitObject {
  private let handle: OpaquePointer
  private let repository: GitRepository

  init(revision: String, in repository: GitRepository) throws(GitError) {
    var found: OpaquePointer?
    let status = git_revparse_single(&found, repository.handle, revision)
    guard status == 0, let found else { throw .last(call: "git_revparse_single", status: status) }
    handle = found
    self.repository = repository
  }

  init(adopting handle: OpaquePointer, repository: GitRepository) {
    self.handle = handle
    self.repository = repository
  }

  deinit { git_object_free(handle) }

  /// The commit this object is or points to through tags.
  func peeledCommitID(rev: String) throws(GitError) -> String {
    var peeled: OpaquePointer?
    let status = git_object_peel(&peeled, handle, GIT_OBJECT_COMMIT)
    guard status == 0, let peeled else {
      if status == GIT_EINVALIDSPEC.rawValue || status == GIT_EPEEL.rawValue {
        throw .notACommit(rev: rev)
      }
      throw .last(call: "git_object_peel", status: status)
    }
    defer { git_object_free(peeled) }
    return git_object_id(peeled).pointee.hex
  }
}
