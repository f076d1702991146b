/// A read-only source tree: a directory snapshot, a git tree, or an overlay of patched files.
///
/// The review pipeline reads source only through this protocol, so it never touches the disk
/// or git itself and can be tested with a literal ``MemoryTree``.
public protocol TreeSource: Sendable {
  /// Every file path in the tree, relative to its root, `/`-separated, sorted.
  var paths: [String] { get }

  /// The text of one file.
  /// - Parameter path: a path from ``paths``.
  /// - Throws: when the file is missing or cannot be read as text.
  func read(_ path: String) throws -> String

  /// An id that changes whenever the file's content changes (a git blob id), for caching
  /// per-file models; `nil` when the tree cannot say.
  func contentID(_ path: String) -> String?
}

/// Why a ``TreeSource`` could not give a file.
public enum TreeSourceError: Error, Hashable, Sendable {
  case missingFile(path: String)
}
