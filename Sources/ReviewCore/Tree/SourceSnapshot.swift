/// The source tree a review reads C files from: a directory, a git tree, or either with a
/// patch's changes laid over it. A value: paths and content ids are copied in, file text is
/// read on demand (`read(_:)`, `SnapshotReader`).
public struct SourceSnapshot: Hashable, Sendable {
  /// Where files not held in `files` are read from.
  public enum Origin: Hashable, Sendable {
    /// No base tree: only files a patch adds exist.
    case none
    /// A directory (`--tree DIR`); `root` is absolute, without a trailing slash.
    case directory(root: String)
    /// A tree in a repository (`--repo/--base`, a commit); `tree` is `nil` for the empty
    /// tree a root commit starts from.
    case repository(gitDirectory: String, tree: String?)
  }

  /// How one file's text is found.
  public enum FileRef: Hashable, Sendable {
    /// A blob in the origin repository's object database.
    case blob(id: String)
    /// A regular file below the origin directory; `contentID` is its git blob id, or nil
    /// when the directory was listed without hashing (nothing to key a cache with).
    case file(contentID: String?)
    /// Text a patch produced, held in memory.
    case text(String, contentID: String)

    /// The git blob id of the file's content: the key of the per-file cache; nil for a
    /// file of a directory listed without hashing.
    public var contentID: String? {
      switch self {
      case .blob(let id): return id
      case .file(let id): return id
      case .text(_, let id): return id
      }
    }
  }

  public var origin: Origin
  /// Known files by path relative to the root. From a base: every `.c`/`.h` file; from a
  /// patch: every file it changed, whatever its kind.
  public var files: [String: FileRef]
  /// Paths a patch deleted: reading them fails even when the origin still has them.
  public var deleted: Set<String>
  /// Paths that are symbolic links in the base: never followed, and a patch that writes
  /// through one is refused.
  public var symlinks: Set<String>
  /// What was skipped while listing the base (links, binary and unreadable files), by path.
  public var notes: [SnapshotNote]
  /// Shared open handles for a repository origin; not part of the value (see `==`).
  var pool: RepositoryPool?

  public init(
    origin: Origin, files: [String: FileRef] = [:], deleted: Set<String> = [],
    symlinks: Set<String> = [], notes: [SnapshotNote] = []
  ) {
    self.origin = origin
    self.files = files
    self.deleted = deleted
    self.symlinks = symlinks
    self.notes = notes
    if case .repository(let gitDirectory, _) = origin {
      pool = RepositoryPool(gitDirectory: gitDirectory)
    }
  }

  public static func == (lhs: SourceSnapshot, rhs: SourceSnapshot) -> Bool {
    lhs.origin == rhs.origin && lhs.files == rhs.files && lhs.deleted == rhs.deleted
      && lhs.symlinks == rhs.symlinks && lhs.notes == rhs.notes
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(origin)
    hasher.combine(files)
    hasher.combine(deleted)
    hasher.combine(symlinks)
    hasher.combine(notes)
  }

  /// A snapshot with no base tree.
  public static let empty = SourceSnapshot(origin: .none)

  /// The C sources (`.c`, `.h`) of the tree, sorted.
  public var paths: [String] { files.keys.filter(SourceSnapshot.isCSource).sorted() }

  /// Whether `path` is a file the lock model reads.
  public static func isCSource(_ path: String) -> Bool {
    path.hasSuffix(".c") || path.hasSuffix(".h")
  }

  /// The content id (git blob id) of a listed file, or `nil` when the snapshot does not list
  /// it.
  public func contentID(of path: String) -> String? { files[path]?.contentID }

  /// Same as `contentID(of:)`; the spelling the pipeline's tree protocol uses.
  public func contentID(_ path: String) -> String? { files[path]?.contentID }

  /// The text of `path` as UTF-8 (invalid bytes replaced). Opens the repository for a git
  /// origin on each call: use a `SnapshotReader` to read many files.
  /// - Throws: `SnapshotError` when the file is absent, binary, unreadable or a link.
  public func read(_ path: String) throws(SnapshotError) -> String {
    try SnapshotReader(self).read(path)
  }

  /// This snapshot with `changes` laid over it: a path mapped to text is written, to `nil`
  /// deleted. Content ids of new text are git blob ids.
  public func overlaying(_ changes: [String: String?]) throws(SnapshotError) -> SourceSnapshot {
    var result = self
    for path in changes.keys.sorted() {
      guard let change = changes[path] else { continue }
      if let text = change {
        let id: String
        do { id = try gitBlobID(of: text) } catch { throw .git(error) }
        result.files[path] = .text(text, contentID: id)
        result.deleted.remove(path)
      } else {
        result.files[path] = nil
        result.deleted.insert(path)
      }
    }
    return result
  }

  /// The paths whose content differs from `base` (changed, added or deleted), sorted.
  public func changedPaths(since base: SourceSnapshot) -> [String] {
    let all = Set(files.keys).union(base.files.keys).union(deleted).union(base.deleted)
    return all.filter { path in
      files[path]?.contentID != base.files[path]?.contentID
        || deleted.contains(path) != base.deleted.contains(path)
    }.sorted()
  }
}

/// Something skipped while listing a base tree, said once per path.
public struct SnapshotNote: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: Hashable, Sendable {
    /// A symbolic link (to a file, a directory, outside the tree, or a loop): not followed.
    case symlinkNotFollowed
    /// A `.c`/`.h` file holding NUL bytes.
    case binary
    /// Could not be opened or read; `reason` is the system's message.
    case unreadable(reason: String)
  }

  public var path: String
  public var kind: Kind

  public init(path: String, kind: Kind) {
    self.path = path
    self.kind = kind
  }

  public var description: String {
    switch kind {
    case .symlinkNotFollowed: return "\(path): symbolic link, not followed"
    case .binary: return "\(path): binary file, skipped"
    case .unreadable(let reason): return "\(path): unreadable (\(reason)), skipped"
    }
  }
}

/// Why a file of a snapshot could not be read.
public enum SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
  case notFound(path: String)
  case binary(path: String)
  case unreadable(path: String, reason: String)
  /// The path is, or goes through, a symbolic link; links are never followed.
  case symlink(path: String)
  /// The path leaves the tree (`..`, absolute).
  case outsideTree(path: String)
  case git(GitError)

  public var description: String {
    switch self {
    case .notFound(let path): return "\(path): no such file in the base tree"
    case .binary(let path): return "\(path): binary file"
    case .unreadable(let path, let reason): return "\(path): unreadable (\(reason))"
    case .symlink(let path): return "\(path): goes through a symbolic link"
    case .outsideTree(let path): return "\(path): outside the tree"
    case .git(let error): return error.description
    }
  }
}
