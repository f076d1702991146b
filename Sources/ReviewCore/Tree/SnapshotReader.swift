/// Reads many files of one snapshot, opening its repository once.
///
/// Not `Sendable` (it may hold a `GitRepository`): make one per task.
public final class SnapshotReader {
  public let snapshot: SourceSnapshot
  private var repository: GitRepository?
  private var tree: GitTree?

  public init(_ snapshot: SourceSnapshot) {
    self.snapshot = snapshot
  }

  deinit {
    // The tree belongs to the repository: drop it before the handle goes back to the pool.
    tree = nil
    if let repository, let pool = snapshot.pool { pool.checkIn(repository) }
  }

  /// The text of `path` as UTF-8 (invalid bytes replaced).
  /// - Throws: `SnapshotError` when the file is absent, binary, unreadable, outside the
  ///   tree or reached through a link.
  public func read(_ path: String) throws(SnapshotError) -> String {
    let bytes = try readBytes(path)
    if containsNUL(bytes) { throw .binary(path: path) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The raw bytes of `path`.
  public func readBytes(_ path: String) throws(SnapshotError) -> [UInt8] {
    _ = try PathPolicy.components(of: path)
    if snapshot.deleted.contains(path) { throw .notFound(path: path) }
    if PathPolicy.symlink(in: path, of: snapshot) != nil { throw .symlink(path: path) }
    switch snapshot.files[path] {
    case .text(let text, _):
      return Array(text.utf8)
    case .blob(let id):
      return try blobBytes(id)
    case .file, nil:
      switch snapshot.origin {
      case .none:
        throw .notFound(path: path)
      case .directory(let root):
        return try readRegularFile(root: root, path: path)
      case .repository(_, nil):
        throw .notFound(path: path)
      case .repository(_, let treeID?):
        guard let id = try baseTree(treeID).blobID(at: path) else { throw .notFound(path: path) }
        return try blobBytes(id)
      }
    }
  }

  func baseTreeBlobID(_ treeID: String, _ path: String) throws(SnapshotError) -> String? {
    try baseTree(treeID).blobID(at: path)
  }

  private func openRepository() throws(SnapshotError) -> GitRepository {
    if let repository { return repository }
    guard case .repository(let gitDirectory, _) = snapshot.origin else {
      throw .unreadable(path: "", reason: "a blob without a repository")
    }
    do {
      let opened: GitRepository
      if let pool = snapshot.pool {
        opened = try pool.checkOut()
      } else {
        opened = try GitRepository(discoveringFrom: gitDirectory)
      }
      repository = opened
      return opened
    } catch {
      throw .git(error)
    }
  }

  private func baseTree(_ id: String) throws(SnapshotError) -> GitTree {
    if let tree { return tree }
    let repository = try openRepository()
    do {
      let opened = try GitTree(id: id, in: repository)
      tree = opened
      return opened
    } catch {
      throw .git(error)
    }
  }

  private func blobBytes(_ id: String) throws(SnapshotError) -> [UInt8] {
    let repository = try openRepository()
    do {
      let blob = try GitBlob(id: id, in: repository)
      return Array(blob.bytes)
    } catch {
      throw .git(error)
    }
  }
}

extension SnapshotReader {
  /// Whether the snapshot has a file at `path`, without reading it.
  public func contains(_ path: String) -> Bool {
    if snapshot.deleted.contains(path) { return false }
    if snapshot.files[path] != nil { return true }
    switch snapshot.origin {
    case .none, .repository(_, nil):
      return false
    case .directory:
      return (try? readBytes(path)) != nil
    case .repository(_, let treeID?):
      return (try? baseTreeBlobID(treeID, path)) ?? nil != nil
    }
  }
}
