import PatchParse

extension SourceSnapshot {
  /// This snapshot with one mail's patch applied in memory: through libgit2 when the base
  /// comes from a repository and the text is git-format, otherwise with `PatchApplier` over
  /// the parsed `fileDiffs`.
  /// - Parameters:
  ///   - patchText: the patch as it appears in the mail (`Mail.patch`).
  ///   - fileDiffs: the same patch parsed (`Mail.fileDiffs`).
  /// - Throws: `PatchApplyError` naming the file and the hunk, or the refused path.
  public func applying(
    patchText: String, fileDiffs: [FileDiff]
  ) throws(PatchApplyError) -> SourceSnapshot {
    guard case .repository = origin, !patchText.isEmpty else {
      return try PatchApplier.apply(fileDiffs, to: self)
    }
    do {
      return try GitPatchApplier.apply(patchText, to: self)
    } catch {
      // libgit2 reads only git-format patches; a `diff -u` mail still deserves a review.
      if case .git(nil, .failed(call: "git_diff_from_buffer", _, _)) = error {
        return try PatchApplier.apply(fileDiffs, to: self)
      }
      throw error
    }
  }

  /// This snapshot with one mail's patch applied (`mail.patch`, `mail.fileDiffs`).
  public func applying(_ mail: Mail) throws(PatchApplyError) -> SourceSnapshot {
    try applying(patchText: mail.patch, fileDiffs: mail.fileDiffs)
  }

  /// Each patch of a series applied on top of the ones before it, as `git am` would: the
  /// snapshot after patch N, or why it failed. After a failure the later patches are
  /// reported as not applied (`.earlierPatchFailed`) rather than reviewed on a wrong base.
  public func applyingSeries(
    _ mails: [Mail]
  ) -> [Result<SourceSnapshot, SeriesApplyError>] {
    var current = self
    var failed: Int?
    var results: [Result<SourceSnapshot, SeriesApplyError>] = []
    for (position, mail) in mails.enumerated() {
      if let failed {
        results.append(.failure(.earlierPatchFailed(patch: failed + 1)))
        continue
      }
      let base = current
      switch Result(catching: { () throws(PatchApplyError) in try base.applying(mail) }) {
      case .success(let next):
        current = next
        results.append(.success(next))
      case .failure(let error):
        failed = position
        results.append(.failure(.patch(error)))
      }
    }
    return results
  }
}

/// Why one patch of a series has no snapshot.
public enum SeriesApplyError: Error, Hashable, Sendable, CustomStringConvertible {
  case patch(PatchApplyError)
  /// Patch `patch` (1-based, in series order) did not apply, so this one was not tried.
  case earlierPatchFailed(patch: Int)

  public var description: String {
    switch self {
    case .patch(let error): return error.description
    case .earlierPatchFailed(let patch):
      return "not applied: patch \(patch) of the series did not apply"
    }
  }
}
