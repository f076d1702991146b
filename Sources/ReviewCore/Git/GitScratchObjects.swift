import CGit2
import Foundation

/// A repository handle whose object writes land in a private temporary directory.
///
/// `git_apply_to_tree` and `git_index_write_tree_to` write blobs and trees to the object
/// database. A loose backend on a temporary directory, added with the highest priority,
/// takes those writes (libgit2 writes to the first writable backend by priority), while
/// reads still reach the repository's own objects. The user's repository gains nothing;
/// the directory is removed in `deinit`.
final class GitScratchObjects {
  let repository: GitRepository
  private let directory: String

  init(gitDirectory: String) throws(GitError) {
    repository = try GitRepository(discoveringFrom: gitDirectory)
    let template = FileManager.default.temporaryDirectory.path + "/reviewbot-objects-XXXXXX"
    var path = Array(template.utf8CString)
    guard let made = mkdtemp(&path) else {
      throw .failed(call: "mkdtemp", code: errno, message: String(cString: strerror(errno)))
    }
    directory = String(cString: made)
    do throws(GitError) {
      var odb: OpaquePointer?
      var status = git_repository_odb(&odb, repository.handle)
      guard status == 0, let odb else {
        throw GitError.last(call: "git_repository_odb", status: status)
      }
      defer { git_odb_free(odb) }
      var backend: OpaquePointer?
      status = git_odb_backend_loose(&backend, directory, -1, 0, 0, 0)
      guard status == 0, let backend else {
        throw GitError.last(call: "git_odb_backend_loose", status: status)
      }
      // On success the object database owns the backend and frees it.
      try GitError.check(git_odb_add_backend(odb, backend, 1_000), "git_odb_add_backend")
    } catch {
      try? FileManager.default.removeItem(atPath: directory)
      throw error
    }
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// Writes `text` as a blob into the scratch directory (`git_blob_create_from_buffer`).
  func writeBlob(_ text: String) throws(GitError) -> String {
    var oid = git_oid()
    let bytes = Array(text.utf8)
    let status = bytes.withUnsafeBytes {
      git_blob_create_from_buffer(&oid, repository.handle, $0.baseAddress, $0.count)
    }
    try GitError.check(status, "git_blob_create_from_buffer")
    return oid.hex
  }
}
