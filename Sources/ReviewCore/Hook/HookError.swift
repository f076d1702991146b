/// Why a hook could not be installed.
public enum HookError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A hook reviewbot did not write is in the way; `--force` replaces it.
  case foreignHook(path: String)
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .foreignHook(let path):
      return "\(path) exists and was not written by reviewbot; use --force to replace it"
    case .writeFailed(let path, let reason):
      return "cannot write \(path): \(reason)"
    }
  }
}
