import PatchParse

extension SourceSnapshot {
  /// This snapshot with one mail's patch applied in memory: through libgit2 when the base
  /// comes from a repository and the text is git-format, otherwise with `TextPatchApplier` over
  /// the parsed `fileDiffs`.
  ///
  /// libgit2 applies a hunk only at the line it states, while `git apply` and `git am` also
  /// find it a few lines away; so a libgit2 failure is retried with `TextPatchApplier`, which
  /// searches as `git apply` does, and its error (file, hunk) is the one reported.
  /// - Parameters:
  ///   - patchText: the patch as it appears in the mail (`Mail.patch`).
  ///   - fileDiffs: the same patch parsed (`Mail.fileDiffs`).
  /// - Throws: `PatchApplyError` naming the file and the hunk, or the refused path.
  public func applying(
    patchText: String, fileDiffs: [FileDiff]
  ) throws(PatchApplyError) -> SourceSnapshot {
    // Checked on the parsed paths too: libgit2 quietly turns `b//etc/x` into `etc/x`.
    for diff in fileDiffs {
      for path in [diff.oldPath, diff.newPath].compactMap({ $0 }) {
        try PathPolicy.check(patchPath: path, in: self)
      }
    }
    guard case .repository = origin, !patchText.isEmpty else {
      return try TextPatchApplier.apply(fileDiffs, to: self)
    }
    do {
      return try GitPatchApplier.apply(patchText, to: self)
    } catch {
      switch error {
      case .hunkDoesNotApply, .git:
        return try TextPatchApplier.apply(fileDiffs, to: self)
      default:
        throw error
      }
    }
  }

  /// This snapshot with parsed diffs applied in memory; for a repository base they are
  /// written back as git-format text and applied through libgit2 (see
  /// `applying(patchText:fileDiffs:)`), otherwise by `TextPatchApplier`.
  /// - Throws: `PatchApplyError` naming the file and the hunk, or the refused path.
  public func applying(_ fileDiffs: [FileDiff]) throws(PatchApplyError) -> SourceSnapshot {
    guard case .repository = origin else { return try TextPatchApplier.apply(fileDiffs, to: self) }
    return try applying(patchText: gitPatchText(for: fileDiffs), fileDiffs: fileDiffs)
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
