import PatchParse

extension Reviewer {
  /// Reviews one commit: both trees come from git, so nothing is applied.
  /// - Parameters:
  ///   - id: the commit id, reported as the review's `commit`.
  ///   - mail: the commit as a patch mail (author, subject, message, its diff against the
  ///     parent), so the reply is addressed to the commit's author.
  ///   - parent: the first parent's tree.
  ///   - tree: the commit's own tree.
  ///   - input: how the run names it (the revision the user gave).
  public func review(
    commit id: String, mail: Mail, parent: BaseTree, tree: any TreeSource, input: String
  ) -> ReviewRun {
    var run = review(
      [ReviewInput(name: input, mails: [mail])], bases: FixedBase(parent),
      applier: CommittedTree(tree: tree))
    for index in run.reviews.indices { run.reviews[index].commit = id }
    return run
  }
}

/// The "applier" of a commit: the result is the commit's tree, already known.
private struct CommittedTree: PatchApplier {
  let tree: any TreeSource

  func apply(_ diffs: [FileDiff], to base: any TreeSource) throws -> any TreeSource { tree }
}
