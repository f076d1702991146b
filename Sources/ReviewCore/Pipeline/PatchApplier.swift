import PatchParse

/// Applies a mail's diffs to a tree in memory. The git helper provides the libgit2 one.
public protocol PatchApplier: Sendable {
  /// The tree with `diffs` applied; no work tree is touched.
  /// - Parameters:
  ///   - diffs: the patch's file diffs, in patch order (binary diffs are skipped).
  ///   - base: the tree to apply to.
  /// - Throws: ``PatchRejected`` naming the first hunk that does not apply; any other error
  ///   is reported with its description.
  func apply(_ diffs: [FileDiff], to base: any TreeSource) throws -> any TreeSource
}

/// A hunk that does not apply to the base tree.
public struct PatchRejected: Error, Hashable, Sendable, CustomStringConvertible {
  public var path: String
  /// 1-based position of the hunk among the file's hunks.
  public var hunkNumber: Int
  /// The hunk's `@@ … @@` line.
  public var hunkHeader: String
  /// What did not match, in words (`context differs at line 512`, `no such file`).
  public var reason: String

  public init(path: String, hunkNumber: Int, hunkHeader: String, reason: String) {
    self.path = path
    self.hunkNumber = hunkNumber
    self.hunkHeader = hunkHeader
    self.reason = reason
  }

  /// `patch does not apply: path hunk #2 (@@ … @@): reason`.
  public var description: String {
    "patch does not apply: \(path) hunk #\(hunkNumber) (\(hunkHeader)): \(reason)"
  }
}
