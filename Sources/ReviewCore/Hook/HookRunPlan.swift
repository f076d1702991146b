import Foundation

/// What one hook invocation should review, from the hook's type, arguments and stdin as
/// git passes them. Running the review is the pipeline's job; this only reads git's side.
public enum HookRunPlan: Hashable, Sendable {
  /// post-commit: the commit just made.
  case commit(rev: String)
  /// pre-commit: what the index would commit (`GitRepository.stagedChange()`).
  case stagedChanges
  /// pre-push: each ref update git announced (`GitRepository.commits(toPush:)`).
  case push([PushUpdate])
  /// sendemail-validate: the patch file git is about to send.
  case patchFile(path: String)
  /// Nothing to review (a push that only deletes refs, arguments missing).
  case nothing(reason: String)

  /// Reads the invocation.
  /// - Parameters:
  ///   - type: the hook git is running.
  ///   - arguments: the hook's own arguments (`"$@"` in the script).
  ///   - standardInput: what git wrote to the hook's stdin (pre-push only).
  public init(type: HookType, arguments: [String], standardInput: String = "") {
    switch type {
    case .postCommit:
      self = .commit(rev: "HEAD")
    case .preCommit:
      self = .stagedChanges
    case .sendemailValidate:
      guard let path = arguments.first, !path.isEmpty else {
        self = .nothing(reason: "sendemail-validate was given no patch file")
        return
      }
      self = .patchFile(path: path)
    case .prePush:
      let updates = standardInput.split(whereSeparator: \.isNewline).compactMap {
        PushUpdate(line: $0)
      }.filter { !$0.isDeletion }
      self = updates.isEmpty ? .nothing(reason: "nothing to push but deletions") : .push(updates)
    }
  }
}

/// One line of pre-push's stdin: `<local ref> <local sha> <remote ref> <remote sha>`.
public struct PushUpdate: Hashable, Sendable {
  public var localRef: String
  public var localID: String
  public var remoteRef: String
  /// `nil` when the remote does not have the ref yet (git writes forty zeros).
  public var remoteID: String?

  public init(localRef: String, localID: String, remoteRef: String, remoteID: String?) {
    self.localRef = localRef
    self.localID = localID
    self.remoteRef = remoteRef
    self.remoteID = remoteID
  }

  /// Parses one stdin line; `nil` for a line that is not four fields.
  public init?<Line: StringProtocol>(line: Line) {
    let fields = line.split(separator: " ")
    guard fields.count == 4 else { return nil }
    localRef = String(fields[0])
    localID = String(fields[1])
    remoteRef = String(fields[2])
    remoteID = fields[3].allSatisfy { $0 == "0" } ? nil : String(fields[3])
  }

  /// A push that deletes `remoteRef` (git sends forty zeros as the local id).
  public var isDeletion: Bool { localID.allSatisfy { $0 == "0" } }
}

extension GitRepository {
  /// The commits a push update sends, oldest first: those reachable from the local id and
  /// not from the remote id, or, when the remote lacks the ref or its id is unknown here,
  /// not from any remote-tracking ref (`git_revwalk_hide_glob`).
  public func commits(toPush update: PushUpdate) throws(GitError) -> [String] {
    if update.isDeletion { return [] }
    let walk = try GitRevisionWalk(repository: self)
    try walk.push(update.localID)
    if let remote = update.remoteID, (try? commit(remote)) != nil {
      try walk.hide(remote)
    } else {
      try walk.hide(glob: "refs/remotes/*")
    }
    return try walk.all()
  }
}

extension HookRunPlan {
  /// The date `git format-patch` writes on every file's first line, so that file(1) and
  /// `git am` can tell its output from a mailbox a mail client saved.
  static let formatPatchMagicDate = "Mon Sep 17 00:00:00 2001"

  /// The commit a `git format-patch` file was written from, read from its first line
  /// (`From <id> Mon Sep 17 00:00:00 2001`); `nil` for any other first line (a saved mail,
  /// an mbox separator naming a sender).
  /// - Parameter firstLine: the file's first line, without its newline.
  public static func formatPatchCommit(firstLine: some StringProtocol) -> String? {
    let fields = firstLine.split(separator: " ", maxSplits: 2)
    guard fields.count == 3, fields[0] == "From", fields[2] == formatPatchMagicDate else {
      return nil
    }
    let id = fields[1]
    // SHA-1 or SHA-256 object ids; an abbreviated id is never written there.
    guard id.utf8.count == 40 || id.utf8.count == 64, id.utf8.allSatisfy(\.isLowercaseHexDigit)
    else { return nil }
    return String(id)
  }
}

extension HookRunPlan {
  /// The base to review against instead of the one `reviewForHook` would pick: for a
  /// sendemail-validate patch file from `git format-patch`, the parent of its commit
  /// (`GitRepository.formatPatchParent(ofPatchFile:)`); `nil` for everything else.
  /// - Parameter repository: where the hook runs (git's `GIT_DIR` is honoured).
  /// - Throws: `GitError` when the parent's tree cannot be read.
  public func reviewBase(in repository: String) throws -> BaseTree? {
    guard case .patchFile(let path) = self,
      let repo = try? GitRepository(discoveringFrom: repository, honoringGitEnvironment: true),
      let (commit, parent) = repo.formatPatchParent(ofPatchFile: path)
    else { return nil }
    return BaseTree(
      id: parent, source: try repo.snapshot(ofCommit: parent),
      description: "the parent of \(commit.prefix(12))")
  }
}

extension UInt8 {
  fileprivate var isLowercaseHexDigit: Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
      || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
  }
}

extension GitRepository {
  /// The base a patch file `git send-email` validates applies to: the first parent of the
  /// commit `git format-patch` wrote it from, when this repository has that commit.
  ///
  /// The usual flow formats commits already on `HEAD`, so `HEAD` itself is the wrong base:
  /// the patch is in it and does not apply again. The parent is also right for patch N of
  /// a series, where a `base-commit:` trailer names the base of the whole series.
  /// - Parameter path: the patch file.
  /// - Returns: the commit and its first parent, or `nil` for a file not from
  ///   `format-patch`, a commit this repository lacks, or a root commit.
  public func formatPatchParent(ofPatchFile path: String) -> (commit: String, parent: String)? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    // "From " + a SHA-256 id + " " + the date is 94 bytes; the first line is all we need.
    let head = (try? handle.read(upToCount: 128)) ?? Data()
    let firstLine = head.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
    let text = String(decoding: firstLine, as: UTF8.self)
    guard let id = HookRunPlan.formatPatchCommit(firstLine: text),
      let parent = (try? commit(id))?.parentIDs.first
    else { return nil }
    return (id, parent)
  }
}
