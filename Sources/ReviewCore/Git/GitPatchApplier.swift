import CGit2

/// Applies git-format patch text to a snapshot of a git tree through libgit2
/// (`git_diff_from_buffer`, `git_apply_to_tree`): nothing is checked out, the work tree and
/// the repository's objects are left untouched.
enum GitPatchApplier {
  /// Which file and hunk libgit2 is at, recorded by the apply callbacks so a failure can be
  /// named the way a maintainer reads the mail.
  private final class Progress {
    var file: String?
    var hunk = 0
    var header = ""
  }

  /// The snapshot after `patchText`, whose base must come from a repository.
  /// - Throws: `PatchApplyError`; `.git(nil, …)` naming `git_diff_from_buffer` when libgit2
  ///   cannot read the text (plain `diff -u` output), so a caller can fall back to
  ///   `TextPatchApplier`.
  static func apply(
    _ patchText: String, to base: SourceSnapshot
  ) throws(PatchApplyError) -> SourceSnapshot {
    guard case .repository(let gitDirectory, let baseTree) = base.origin else {
      throw .git(file: nil, .failed(call: "git_apply_to_tree", code: -1, message: "no repository"))
    }
    let diff: GitDiff
    do { diff = try GitDiff(patchText: patchText) } catch { throw .git(file: nil, error) }
    let deltas = diff.deltas
    let reader = SnapshotReader(base)
    for delta in deltas {
      for path in [delta.oldPath, delta.newPath].compactMap({ $0 }) {
        try PathPolicy.check(patchPath: path, in: base)
      }
      if delta.status == GIT_DELTA_ADDED, let path = delta.newPath, reader.contains(path) {
        throw .fileExists(file: path)
      }
      if delta.status != GIT_DELTA_ADDED, let path = delta.oldPath, !reader.contains(path) {
        throw .missingFile(file: path)
      }
    }
    do {
      let scratch = try GitScratchObjects(gitDirectory: gitDirectory)
      let preimage = try tree(for: base, baseTree: baseTree, in: scratch)
      let result = try applyToTree(diff, preimage: preimage, in: scratch.repository)
      var changes: [String: String?] = [:]
      for delta in deltas {
        if let old = delta.oldPath, delta.status == GIT_DELTA_DELETED
          || (delta.status == GIT_DELTA_RENAMED && old != delta.newPath)
        {
          changes[old] = String?.none
        }
        guard let new = delta.newPath, delta.status != GIT_DELTA_DELETED else { continue }
        guard let id = result.blobID(at: new) else {
          throw PatchApplyError.missingFile(file: new)
        }
        let blob = try GitBlob(id: id, in: scratch.repository)
        changes[new] = String(decoding: blob.bytes, as: UTF8.self)
      }
      return try base.overlaying(changes)
    } catch let error as PatchApplyError {
      throw error
    } catch let error as GitError {
      throw .git(file: nil, error)
    } catch {
      throw .unreadable(file: "", reason: "\(error)")
    }
  }

  /// The base as a tree libgit2 can apply to: the origin tree, or (after earlier patches of
  /// a series) an in-memory index of it with the changed files, written to scratch.
  private static func tree(
    for base: SourceSnapshot, baseTree: String?, in scratch: GitScratchObjects
  ) throws -> GitTree? {
    let overlay = base.files.filter {
      if case .text = $0.value { return true } else { return false }
    }
    if overlay.isEmpty && base.deleted.isEmpty {
      return try baseTree.map { id throws(GitError) in try GitTree(id: id, in: scratch.repository) }
    }
    let origin = try baseTree.map { id throws(GitError) in
      try GitTree(id: id, in: scratch.repository)
    }
    let index = try GitIndex(tree: origin, repository: scratch.repository)
    for path in base.deleted.sorted() where index.blobID(at: path) != nil {
      try index.remove(path: path)
    }
    for path in overlay.keys.sorted() {
      guard case .text(let text, _) = overlay[path] else { continue }
      try index.add(path: path, blobID: try scratch.writeBlob(text))
    }
    return try GitTree(id: try index.writeTree(), in: scratch.repository)
  }

  private static func applyToTree(
    _ diff: GitDiff, preimage: GitTree?, in repository: GitRepository
  ) throws -> GitIndex {
    var options = git_apply_options()
    try GitError.check(
      git_apply_options_init(&options, UInt32(GIT_APPLY_OPTIONS_VERSION)), "git_apply_options_init")
    let progress = Progress()
    options.payload = Unmanaged.passUnretained(progress).toOpaque()
    options.delta_cb = { delta, payload in
      guard let payload else { return 0 }
      let progress = Unmanaged<Progress>.fromOpaque(payload).takeUnretainedValue()
      let file = delta?.pointee.new_file.path ?? delta?.pointee.old_file.path
      progress.file = file.map { String(cString: $0) }
      progress.hunk = 0
      return 0
    }
    options.hunk_cb = { hunk, payload in
      guard let payload, let hunk = hunk?.pointee else { return 0 }
      let progress = Unmanaged<Progress>.fromOpaque(payload).takeUnretainedValue()
      progress.hunk += 1
      progress.header = unifiedHunkHeader(
        Int(hunk.old_start), Int(hunk.old_lines), Int(hunk.new_start), Int(hunk.new_lines))
      return 0
    }
    var applied: OpaquePointer?
    let emptyTree = try preimage == nil ? emptyTreeIndexTree(in: repository) : nil
    let status = git_apply_to_tree(
      &applied, repository.handle, (preimage ?? emptyTree)?.handle, diff.handle, &options)
    guard status == 0, let applied else {
      let error = GitError.last(call: "git_apply_to_tree", status: status)
      if status == GIT_EAPPLYFAIL.rawValue, let file = progress.file, progress.hunk > 0 {
        throw PatchApplyError.hunkDoesNotApply(
          file: file, hunk: progress.hunk, header: progress.header)
      }
      throw PatchApplyError.git(file: progress.file, error)
    }
    return GitIndex(adopting: applied, repository: repository)
  }

  /// `git_apply_to_tree` needs a tree even for a root commit's empty base.
  private static func emptyTreeIndexTree(in repository: GitRepository) throws -> GitTree {
    let index = try GitIndex(tree: nil, repository: repository)
    return try GitTree(id: try index.writeTree(), in: repository)
  }
}
