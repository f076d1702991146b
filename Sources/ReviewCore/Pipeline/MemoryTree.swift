/// A tree held in memory: literal trees in tests, and the patched files laid over a base.
public struct MemoryTree: TreeSource, Hashable {
  /// Path to text.
  public var files: [String: String]
  /// Path to content id, for files whose id is known (the base's blob ids).
  public var contentIDs: [String: String]

  /// - Parameters:
  ///   - files: path (relative, `/`-separated) to text.
  ///   - contentIDs: path to content id; a path without one gets no id, so it is never cached.
  public init(files: [String: String], contentIDs: [String: String] = [:]) {
    self.files = files
    self.contentIDs = contentIDs
  }

  public var paths: [String] { files.keys.sorted() }

  public func read(_ path: String) throws -> String {
    guard let text = files[path] else { throw TreeSourceError.missingFile(path: path) }
    return text
  }

  public func contentID(_ path: String) -> String? { contentIDs[path] }
}

/// A base tree with some files replaced, added or deleted: what a patch makes of it.
public struct OverlayTree: TreeSource {
  public var base: any TreeSource
  /// New text of the files the patch adds or changes.
  public var changed: [String: String]
  /// Paths the patch deletes (or renames away).
  public var deleted: Set<String>

  /// - Parameters:
  ///   - base: the unpatched tree.
  ///   - changed: path to new text for every file added or modified.
  ///   - deleted: paths that no longer exist.
  public init(base: any TreeSource, changed: [String: String], deleted: Set<String> = []) {
    self.base = base
    self.changed = changed
    self.deleted = deleted
  }

  public var paths: [String] {
    var all = Set(base.paths).subtracting(deleted)
    all.formUnion(changed.keys)
    return all.sorted()
  }

  public func read(_ path: String) throws -> String {
    if let text = changed[path] { return text }
    if deleted.contains(path) { throw TreeSourceError.missingFile(path: path) }
    return try base.read(path)
  }

  public func contentID(_ path: String) -> String? {
    // Changed text has no blob id until someone hashes it; an unhashed file is not cached.
    if changed[path] != nil || deleted.contains(path) { return nil }
    return base.contentID(path)
  }
}
