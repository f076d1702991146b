import PatchParse

/// Why a patch could not be laid over its base tree. Hunks are counted from 1 within their
/// file, as a maintainer counts them reading the mail.
public enum PatchApplyError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The hunk's old lines are nowhere in the file (exact match, any offset, no fuzz).
  case hunkDoesNotApply(file: String, hunk: Int, header: String)
  /// The patch changes or deletes a file the base does not have.
  case missingFile(file: String)
  /// The patch creates a file the base already has.
  case fileExists(file: String)
  /// Absolute, or with `..`/`.`/empty components: the patch would write outside the tree.
  case pathOutsideTree(path: String)
  /// The path is, or goes through, `link`, a symbolic link in the base.
  case pathThroughSymlink(path: String, link: String)
  /// The base file could not be read (binary, unreadable).
  case unreadable(file: String, reason: String)
  /// libgit2 refused the patch; `file` is the file it was at, when known.
  case git(file: String?, GitError)

  public var description: String {
    switch self {
    case .hunkDoesNotApply(let file, let hunk, let header):
      return "patch does not apply: \(file): hunk \(hunk) (\(header)) does not match the base"
    case .missingFile(let file):
      return "patch does not apply: \(file) does not exist in the base"
    case .fileExists(let file):
      return "patch does not apply: \(file) already exists in the base"
    case .pathOutsideTree(let path):
      return "patch refused: \(path) is outside the tree"
    case .pathThroughSymlink(let path, let link):
      return "patch refused: \(path) goes through the symbolic link \(link)"
    case .unreadable(let file, let reason):
      return "patch does not apply: \(file) cannot be read (\(reason))"
    case .git(let file, let error):
      return "patch does not apply" + (file.map { ": \($0)" } ?? "") + ": \(error)"
    }
  }
}

extension Hunk {
  /// `@@ -a,b +c,d @@`, the counts always written so the error reads the same whichever
  /// applier produced it.
  var headerText: String { unifiedHunkHeader(oldStart, oldCount, newStart, newCount) }
}

func unifiedHunkHeader(
  _ oldStart: Int, _ oldCount: Int, _ newStart: Int, _ newCount: Int
) -> String {
  "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@"
}

extension PathPolicy {
  /// Refuses a path a patch names unless it stays inside the tree and off every link.
  static func check(patchPath path: String, in base: SourceSnapshot) throws(PatchApplyError) {
    do {
      _ = try components(of: path)
    } catch {
      throw .pathOutsideTree(path: path)
    }
    if let link = symlink(in: path, of: base) {
      throw .pathThroughSymlink(path: path, link: link)
    }
  }
}
