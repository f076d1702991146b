import PatchParse

/// The tree a patch is reviewed against, and how a review names it.
public struct BaseTree: Sendable {
  /// Identifies the tree within one run (a commit id, a directory path), so its file models
  /// are extracted once for every patch reviewed against it.
  public var id: String
  public var source: any TreeSource
  /// In a maintainer's words: `the tree in samples/gem-2009/tree`, `base-commit 1a2b3c4`.
  public var description: String

  public init(id: String, source: any TreeSource, description: String) {
    self.id = id
    self.source = source
    self.description = description
  }
}

/// Chooses the base tree for each patch: `--repo/--base`, a `base-commit:` trailer the repo
/// has, `--tree`, or none (the hunks alone).
public protocol BaseTreeProviding: Sendable {
  /// The base for `mail`, or `nil` when there is none and the hunks must be reviewed alone.
  /// - Throws: when a base was asked for and cannot be read (an unknown `--base`).
  func baseTree(for mail: Mail) throws -> BaseTree?

  /// The commit id the patched tree of `mail` is known to equal (a reviewed commit), so
  /// its model can be kept for the next review that has it as base; `nil` otherwise.
  func resultID(for mail: Mail) -> String?
}

extension BaseTreeProviding {
  /// A patch applied in memory is no commit.
  public func resultID(for mail: Mail) -> String? { nil }
}

/// The same base for every patch (`--tree DIR`, `--repo --base REV`), or none.
public struct FixedBase: BaseTreeProviding {
  public var tree: BaseTree?

  public init(_ tree: BaseTree?) { self.tree = tree }

  /// The fixed base, whatever the mail.
  public func baseTree(for mail: Mail) throws -> BaseTree? { tree }
}
