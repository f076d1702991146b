import CGit2

/// A blob read from the object database (`git_blob_lookup`).
final class GitBlob {
  private let handle: OpaquePointer
  private let repository: GitRepository

  init(id: String, in repository: GitRepository) throws(GitError) {
    var oid = try git_oid.parse(id)
    var found: OpaquePointer?
    let status = git_blob_lookup(&found, repository.handle, &oid)
    guard status == 0, let found else { throw .last(call: "git_blob_lookup", status: status) }
    handle = found
    self.repository = repository
  }

  deinit { git_blob_free(handle) }

  /// The raw bytes (`git_blob_rawcontent`), valid while this object lives.
  var bytes: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: git_blob_rawcontent(handle), count: Int(git_blob_rawsize(handle)))
  }
}
