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
  /// The input the patch was read from (a path, `-`, or a revision for `check`).
  public var input: String
  /// False when there was no base tree and only the patch's hunks were analysed.
  public var hadBaseTree: Bool
  /// Findings dropped by the configuration's suppressions.
  public var suppressed: Int
  /// The functions the patch changes, sorted.
  public var changedFunctions: [String]

  public init(
    mail: Mail, commit: String? = nil, findings: [Finding], baseDescription: String,
    input: String = "", hadBaseTree: Bool = true, suppressed: Int = 0,
    changedFunctions: [String] = []
  ) {
    self.mail = mail
    self.commit = commit
    self.findings = findings
    self.baseDescription = baseDescription
    self.input = input
    self.hadBaseTree = hadBaseTree
    self.suppressed = suppressed
    self.changedFunctions = changedFunctions
  }

  /// Findings that make the patch a regression: introduced (or made reachable) by it.
  /// Existing and removed findings are reported but never change the exit status.
  public var regressions: [Finding] { findings.filter { $0.origin == .introduced } }
}

/// An input message that could not be read, with where.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
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

  /// `<input>: message <index> (<Message-ID>): <error>`, as `reviewbot` prints it on stderr.
  public var description: String {
    var place = input
    if let index { place += ": message \(index)" }
    if let messageID { place += " (\(messageID))" }
    return "\(place): \(message)"
  }
}

/// Everything one `reviewbot review` or `check` run produced.
public struct ReviewRun: Hashable, Sendable {
  public var reviews: [Review]
  public var errors: [InputError]
  /// Messages read without error, patches or not (cover letters and replies count).
  public var messagesRead: Int

  public init(reviews: [Review], errors: [InputError], messagesRead: Int? = nil) {
    self.reviews = reviews
    self.errors = errors
    self.messagesRead = messagesRead ?? reviews.count
  }

  /// Findings dropped by suppressions, over every review.
  public var suppressed: Int { reviews.reduce(0) { $0 + $1.suppressed } }

  /// True when some patch introduces a finding: `reviewbot` exits 1.
  public var hasRegressions: Bool { reviews.contains { !$0.regressions.isEmpty } }

  /// Nothing could be read: there were errors and not one message was reviewed.
  public var readNothing: Bool { messagesRead == 0 && reviews.isEmpty && !errors.isEmpty }

  /// This run followed by `other`, in that order.
  public func appending(_ other: ReviewRun) -> ReviewRun {
    ReviewRun(
      reviews: reviews + other.reviews, errors: errors + other.errors,
      messagesRead: messagesRead + other.messagesRead)
  }
}
