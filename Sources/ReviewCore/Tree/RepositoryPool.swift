import Foundation

/// Open repositories shared by every copy of one git snapshot, so reading a tree's files
/// from many threads neither reopens the repository per file nor sets libgit2 up and tears
/// it down again each time the last handle closes.
///
/// `@unchecked Sendable` because the lock is the synchronisation: a `GitRepository` is
/// checked out to one `SnapshotReader`, on one thread, at a time, which is what libgit2
/// requires of its objects; the wrappers themselves stay non-`Sendable`.
final class RepositoryPool: @unchecked Sendable {
  let gitDirectory: String
  private let lock = NSLock()
  private var idle: [GitRepository] = []
  /// Enough for every core the extractor runs on; extra handles are closed on return.
  private let limit = 16

  init(gitDirectory: String) {
    self.gitDirectory = gitDirectory
  }

  func checkOut() throws(GitError) -> GitRepository {
    lock.lock()
    let reused = idle.popLast()
    lock.unlock()
    if let reused { return reused }
    return try GitRepository(discoveringFrom: gitDirectory)
  }

  func checkIn(_ repository: GitRepository) {
    lock.lock()
    defer { lock.unlock() }
    if idle.count < limit { idle.append(repository) }
  }
}
