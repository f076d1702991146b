/// The git hooks reviewbot installs, by the name git runs them under.
public enum HookType: String, Hashable, Sendable, CaseIterable, Codable {
  /// Reviews the commit just made; cannot block it.
  case postCommit = "post-commit"
  /// Reviews the staged changes before the commit is made.
  case preCommit = "pre-commit"
  /// Reviews every commit about to be pushed (ranges read from stdin).
  case prePush = "pre-push"
  /// Reviews each patch file `git send-email` is about to send.
  case sendemailValidate = "sendemail-validate"
}
