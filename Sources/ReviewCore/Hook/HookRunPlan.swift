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
