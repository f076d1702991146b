import Foundation
import LockModelExtract
import PatchParse

/// A request the pipeline cannot carry out as asked; the message names what and why.
public enum ReviewError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A combination the pipeline does not support (applying a patch to a tree that is not a
  /// source snapshot, or with no base tree at all).
  case unsupported(String)
  /// Bad command-line use that only ReviewCore can detect (an unknown hook type).
  case usage(String)

  public var description: String {
    switch self {
    case .unsupported(let what): "not supported: \(what)"
    case .usage(let what): what
    }
  }
}

// The seam to the git side (Git/, Tree/, Hook/): the commands call only these functions.

extension SourceSnapshot: TreeSource {}
extension FileModelCache: FileModelCaching {}

/// Applies through libgit2 when the base is a git tree, with the Swift applier otherwise
/// (and when libgit2 needs a hunk found at an offset).
struct SnapshotPatchApplier: PatchApplier {
  func apply(_ diffs: [FileDiff], to base: any TreeSource) throws -> any TreeSource {
    guard let snapshot = base as? SourceSnapshot else {
      throw ReviewError.unsupported("applying a patch to \(type(of: base))")
    }
    do {
      return try snapshot.applying(diffs)
    } catch {
      if case .hunkDoesNotApply(let file, let hunk, let header) = error {
        throw PatchRejected(
          path: file, hunkNumber: hunk, hunkHeader: header,
          reason: "the lines it changes are not in the base")
      }
      throw error
    }
  }
}

/// A base per mail, by the mail's index (commits: each against its own parent).
private struct IndexedBases: BaseTreeProviding {
  var bases: [Int: BaseTree]
  /// The commit each mail is, for commits.
  var commits: [Int: String] = [:]
  func baseTree(for mail: Mail) throws -> BaseTree? { bases[mail.index] }
  func resultID(for mail: Mail) -> String? { commits[mail.index] }
}

/// `--repo` without `--base`: the thread's `base-commit:` when the repository has it.
private struct TrailerBases: BaseTreeProviding {
  var repository: String
  var fallback: BaseTree?
  func baseTree(for mail: Mail) throws -> BaseTree? {
    let repo = try GitRepository(discoveringFrom: repository)
    guard let id = repo.baseCommitID(for: mail) else { return fallback }
    return BaseTree(
      id: id, source: try repo.snapshot(ofCommit: id),
      description: "base-commit \(id.prefix(12))")
  }
}

/// The snapshot of a source directory (`--tree DIR`): symlinks not followed, nothing
/// outside `path` read; with `hashing` false, no content ids (for a run without a cache).
/// - Throws: when the directory cannot be read.
public func openDirectoryTree(_ path: String, hashing: Bool = true) throws -> BaseTree {
  let snapshot = try SourceSnapshot(directory: path, hashing: hashing)
  return BaseTree(id: "tree:" + path, source: snapshot, description: "the tree in \(path)")
}

/// The tree of `revision` in the repository at `repository` (`--repo --base`).
/// - Throws: when the repository or the revision cannot be read.
public func openGitTree(repository: String, revision: String) throws -> BaseTree {
  let repo = try GitRepository(discoveringFrom: repository)
  let id = try repo.resolveCommit(revision)
  return BaseTree(
    id: id, source: try repo.snapshot(ofCommit: id),
    description: "\(revision) (\(id.prefix(12)))")
}

/// The base for each patch from `--repo`: `--base` when given, else the thread's
/// `base-commit:` trailer when the repository has it, else `fallback` (`--tree`, or none).
public func gitBaseTrees(
  repository: String, base: String?, fallback: BaseTree?
) throws -> any BaseTreeProviding {
  if let base { return FixedBase(try openGitTree(repository: repository, revision: base)) }
  _ = try GitRepository(discoveringFrom: repository)
  return TrailerBases(repository: repository, fallback: fallback)
}

/// The in-memory patch applier (libgit2, no work tree).
public func makePatchApplier() throws -> any PatchApplier { SnapshotPatchApplier() }

/// The per-file model cache under the repository's `.git/reviewbot/`; `nil` outside a repo.
public func fileModelCache(
  repository: String?, knowledge: KnowledgeBase
) -> (any FileModelCaching)? {
  guard let repository, let repo = try? GitRepository(discoveringFrom: repository) else {
    return nil
  }
  return FileModelCache(
    directory: repo.cacheDirectory,
    fingerprint: FileModelCache.fingerprint(version: ToolInfo.version, knowledge: knowledge))
}

/// Reviews commits (`REV` or `A..B`): each against its first parent, blobs from the object
/// database, the reply addressed to the commit's author.
public func reviewCommits(
  _ range: String, repository: String, reviewer: Reviewer
) throws -> ReviewRun {
  let repo = try GitRepository(discoveringFrom: repository)
  return try review(commits: try repo.resolve(rev: range), in: repo, name: range, reviewer)
}

private func review(
  commits ids: [String], in repo: GitRepository, name: String, _ reviewer: Reviewer
) throws -> ReviewRun {
  var mails: [Mail] = []
  var bases: [Int: BaseTree] = [:]
  var errors: [InputError] = []
  for (index, id) in ids.enumerated() {
    let change = try repo.change(ofCommit: id)
    let raw = RawMessage(index: index, bytes: Array(change.formatPatch.utf8), line: 1)
    do {
      mails.append(try parseMessage(raw))
    } catch {
      errors.append(InputError(input: id, index: index, messageID: nil, message: "\(error)"))
      continue
    }
    bases[index] = BaseTree(
      id: change.info.parentIDs.first ?? "empty", source: change.base,
      description: "the parent of \(id.prefix(12))")
  }
  var commits: [Int: String] = [:]
  for (index, id) in ids.enumerated() { commits[index] = id }
  var run = reviewer.review(
    [ReviewInput(name: name, mails: mails)], bases: IndexedBases(bases: bases, commits: commits),
    applier: SnapshotPatchApplier())
  run.reviews = run.reviews.map { review in
    var review = review
    review.commit = ids.indices.contains(review.mail.index) ? ids[review.mail.index] : nil
    return review
  }
  return ReviewRun(reviews: run.reviews, errors: errors + run.errors, messagesRead: mails.count)
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
  guard let hook = HookType(rawValue: type) else {
    throw ReviewError.usage("unknown hook type \(type)")
  }
  guard let binary = HookInstaller.runningBinaryPath() else {
    throw ReviewError.usage("cannot tell where the reviewbot binary is")
  }
  let repo = try GitRepository(discoveringFrom: repository)
  let installer = HookInstaller(hooksDirectory: try repo.hooksDirectory(), binaryPath: binary)
  return try installer.install(hook, strict: strict, force: force)
}

/// Models HEAD's tree into the reviewer's cache, so the first commit after a hook is
/// installed is reviewed as fast as the ones after it.
/// - Returns: whether HEAD's model is now in the cache (false without a cache or a HEAD).
/// - Throws: when the repository cannot be read.
public func modelHEADForHooks(repository: String, reviewer: Reviewer) throws -> Bool {
  guard let trees = reviewer.trees else { return false }
  let repo = try GitRepository(discoveringFrom: repository)
  guard let head = try? repo.resolveCommit("HEAD") else { return false }
  if trees.loadTree(id: head) != nil { return true }
  let base = BaseTree(id: head, source: try repo.snapshot(ofCommit: head), description: "HEAD")
  let extractor = ModelExtractor(
    knowledge: reviewer.knowledge, cache: reviewer.cache, trees: reviewer.trees)
  _ = extractor.modelWithGraph(base)
  return trees.loadTree(id: head) != nil
}

/// What an installed hook reviews: the commit just made, the staged change, the pushed
/// range, or the patch file `git send-email` passes.
public func reviewForHook(
  type: String, arguments: [String], repository: String, reviewer: Reviewer
) throws -> ReviewRun {
  guard let hook = HookType(rawValue: type) else {
    throw ReviewError.usage("unknown hook type \(type)")
  }
  let stdin =
    hook == .prePush
    ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : ""
  // Hooks run with GIT_DIR/GIT_INDEX_FILE set by git (a temporary index for `commit -a`).
  let repo = try GitRepository(discoveringFrom: repository, honoringGitEnvironment: true)
  let plan = HookRunPlan(type: hook, arguments: arguments, standardInput: stdin)
  switch plan {
  case .commit(let rev):
    return try review(commits: [try repo.resolveCommit(rev)], in: repo, name: rev, reviewer)
  case .push(let updates):
    var ids: [String] = []
    for update in updates { ids += try repo.commits(toPush: update).filter { !ids.contains($0) } }
    return try review(commits: ids, in: repo, name: "pre-push", reviewer)
  case .stagedChanges:
    let staged = try repo.stagedChange()
    guard !staged.patchText.isEmpty else { return ReviewRun(reviews: [], errors: []) }
    let text = "From: reviewbot <reviewbot@localhost>\nSubject: [PATCH] staged changes\n\n---\n"
      + staged.patchText
    let mail = try parseMessage(RawMessage(index: 0, bytes: Array(text.utf8), line: 1))
    // Named by its commit, so the whole-tree cache the post-commit hook fills serves it.
    let headID = (try? repo.resolveCommit("HEAD")) ?? "HEAD"
    let head = BaseTree(id: headID, source: staged.base, description: "HEAD")
    return reviewer.review(
      [ReviewInput(name: "staged changes", mails: [mail])],
      bases: IndexedBases(bases: [0: head]), applier: SnapshotPatchApplier())
  case .patchFile(let path):
    let (mails, errors) = InputReader().readAll(path)
    // `git format-patch` output names its commit: the usual flow sends commits already on
    // HEAD, where the patch no longer applies, so it is reviewed against that commit's parent.
    let bases: any BaseTreeProviding
    if let parent = try plan.reviewBase(in: repository) {
      bases = FixedBase(parent)
    } else {
      let head = try? openGitTree(repository: repository, revision: "HEAD")
      bases = TrailerBases(repository: repository, fallback: head)
    }
    let run = reviewer.review(
      [ReviewInput(name: path, mails: mails)], bases: bases, applier: SnapshotPatchApplier())
    return ReviewRun(reviews: run.reviews, errors: errors + run.errors, messagesRead: mails.count)
  case .nothing:
    return ReviewRun(reviews: [], errors: [])
  }
}
