import CGit2
import Foundation

/// A commit looked up by id (`git_commit_lookup`).
final class GitCommit {
  private let handle: OpaquePointer
  private let repository: GitRepository

  init(id: String, in repository: GitRepository) throws(GitError) {
    var oid = try git_oid.parse(id)
    var found: OpaquePointer?
    let status = git_commit_lookup(&found, repository.handle, &oid)
    guard status == 0, let found else { throw .last(call: "git_commit_lookup", status: status) }
    handle = found
    self.repository = repository
  }

  deinit { git_commit_free(handle) }

  var info: CommitInfo {
    let author = git_commit_author(handle)
    let name = author?.pointee.name.map { String(cString: $0) } ?? ""
    let email = author?.pointee.email.map { String(cString: $0) } ?? ""
    let when = author?.pointee.when
    let parents = (0..<git_commit_parentcount(handle)).compactMap {
      git_commit_parent_id(handle, $0)?.pointee.hex
    }
    return CommitInfo(
      id: git_commit_id(handle).pointee.hex,
      authorName: name,
      authorEmail: email,
      date: Date(timeIntervalSince1970: TimeInterval(when?.time ?? git_commit_time(handle))),
      timeZoneOffsetMinutes: Int(when?.offset ?? git_commit_time_offset(handle)),
      summary: git_commit_summary(handle).map { String(cString: $0) } ?? "",
      message: git_commit_message(handle).map { String(cString: $0) } ?? "",
      parentIDs: parents,
      treeID: git_commit_tree_id(handle).pointee.hex)
  }
}
