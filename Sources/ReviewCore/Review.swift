import GEMSim
import PatchParse

/// The review of one patch: the message it came from and what was found.
public struct Review: Hashable, Sendable {
  public var mail: Mail
  /// The commit id when the patch came from git.
  public var commit: String?
  public var findings: [Finding]
  /// Where the base tree came from, in a maintainer's words (`--tree DIR`, `base-commit …`,
  /// or that there was none).
  public var baseDescription: String

  public init(mail: Mail, commit: String? = nil, findings: [Finding], baseDescription: String) {
    self.mail = mail
    self.commit = commit
    self.findings = findings
    self.baseDescription = baseDescription
  }
}

/// An input message that could not be read, with where.
public struct InputError: Error, Hashable, Sendable {
  public var input: String
  /// 0-based message index; `nil` when the whole input could not be read.
  public var index: Int?
  public var messageID: String?
  public var message: String

  public init(input: String, index: Int?, messageID: String?, message: String) {
    self.input = input
    self.index = index
    self.messageID = messageID
    self.message = message
  }
}

/// Everything one `reviewbot review` or `check` run produced.
public struct ReviewRun: Hashable, Sendable {
  public var reviews: [Review]
  public var errors: [InputError]

  public init(reviews: [Review], errors: [InputError]) {
    self.reviews = reviews
    self.errors = errors
  }
}
