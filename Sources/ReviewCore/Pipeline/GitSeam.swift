import LockModelExtract
import PatchParse

/// A part of the pipeline that is not connected yet; the message names what is missing.
public enum ReviewError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The integrator connects the git side (libgit2 snapshots, patch application, hooks).
  case notWired(String)
  /// Bad command-line use that only ReviewCore can detect (an unknown hook type).
  case usage(String)

  public var description: String {
    switch self {
    case .notWired(let what): "not available in this build: \(what)"
    case .usage(let what): what
    }
  }
}

// The functions below are the seam to the git helper's code under Git/, Tree/ and Hook/.
// Each throws `ReviewError.notWired` until the integrator replaces its body with a call to
// the real type; the commands call only these, so wiring touches this file alone.

/// The snapshot of a source directory (`--tree DIR`): symlinks not followed, nothing
/// outside `path` read.
/// - Throws: when the directory cannot be read.
public func openDirectoryTree(_ path: String) throws -> BaseTree {
  throw ReviewError.notWired("source snapshot of a directory (--tree \(path))")
}

/// The tree of `revision` in the repository at `repository` (`--repo --base`).
/// - Throws: when the repository or the revision cannot be read.
public func openGitTree(repository: String, revision: String) throws -> BaseTree {
  throw ReviewError.notWired("git tree of \(revision) in \(repository)")
}

/// The base for each patch from `--repo`: `--base` when given, else the thread's
/// `base-commit:` trailer when the repository has it, else `fallback` (`--tree`, or none).
public func gitBaseTrees(
  repository: String, base: String?, fallback: BaseTree?
) throws -> any BaseTreeProviding {
  throw ReviewError.notWired("base trees from the repository \(repository)")
}

/// The in-memory patch applier (libgit2, no work tree).
public func makePatchApplier() throws -> any PatchApplier {
  throw ReviewError.notWired("in-memory patch application")
}

/// The per-file model cache under the repository's `.git/reviewbot/`; `nil` outside a repo.
public func fileModelCache(repository: String?) -> (any FileModelCaching)? { nil }

/// Reviews commits (`REV` or `A..B`): each against its first parent, blobs from the object
/// database, the reply addressed to the commit's author.
public func reviewCommits(
  _ range: String, repository: String, reviewer: Reviewer
) throws -> ReviewRun {
  throw ReviewError.notWired("reviewing commits (\(range))")
}

/// Installs the hook of `type` that calls `reviewbot hook run`.
/// - Parameters:
///   - type: `post-commit`, `pre-commit`, `pre-push` or `sendemail-validate`.
///   - strict: whether the hook blocks on findings or on its own failure.
///   - force: overwrite a hook reviewbot did not write.
/// - Returns: the path of the hook written.
public func installHook(type: String, repository: String, strict: Bool, force: Bool) throws
  -> String
{
  throw ReviewError.notWired("hook installation (\(type))")
}

/// What an installed hook reviews: the commit just made, the staged change, the pushed
/// range, or the patch file `git send-email` passes.
public func reviewForHook(
  type: String, arguments: [String], repository: String, reviewer: Reviewer
) throws -> ReviewRun {
  throw ReviewError.notWired("hook run (\(type))")
}
