import CGit2

/// A libgit2 call that failed, or a git object that is not what the caller asked for.
public enum GitError: Error, Hashable, Sendable, CustomStringConvertible {
  /// `call` is the libgit2 function; `message` is libgit2's own explanation.
  case failed(call: String, code: Int32, message: String)
  /// A revision that names no commit (`rev` as the user wrote it).
  case notACommit(rev: String)
  /// A path that is not in the tree of `commit` (or the index when `commit` is nil).
  case pathNotFound(path: String, commit: String?)

  public var description: String {
    switch self {
    case .failed(let call, let code, let message):
      return "\(call) failed (\(code)): \(message)"
    case .notACommit(let rev):
      return "\(rev) does not name a commit"
    case .pathNotFound(let path, let commit):
      return "\(path) is not in \(commit ?? "the index")"
    }
  }
}

extension GitError {
  /// libgit2 keeps the message per thread: read it before the next git call.
  static func last(call: String, status: Int32) -> GitError {
    let detail = git_error_last().flatMap { error -> String? in
      guard let text = error.pointee.message else { return nil }
      return String(cString: text)
    }
    return .failed(call: call, code: status, message: detail ?? "no detail")
  }

  /// Throws the last libgit2 error when `status` is negative.
  static func check(_ status: Int32, _ call: String) throws(GitError) {
    if status < 0 { throw last(call: call, status: status) }
  }
}
