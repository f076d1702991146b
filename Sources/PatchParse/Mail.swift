/// A mailbox address: `A U Thor <author@example.com>`.
public struct Address: Hashable, Sendable, Codable {
  /// Display name with RFC 2047 words decoded; empty when the header has none.
  public var name: String
  /// The addr-spec, as written (case kept).
  public var email: String

  public init(name: String, email: String) {
    self.name = name
    self.email = email
  }
}

/// The `[PATCH v2 3/7]` part of a subject.
public struct SeriesTag: Hashable, Sendable, Codable {
  /// 1 when the subject carries no `vN`.
  public var version: Int
  /// 0 for a cover letter; 1 for a lone patch.
  public var number: Int
  /// 1 for a lone patch.
  public var total: Int
  /// Words from the bracket other than `PATCH` and `vN`, e.g. `RFC`, `RESEND`, `i-g-t`.
  public var labels: [String]

  public init(version: Int = 1, number: Int = 1, total: Int = 1, labels: [String] = []) {
    self.version = version
    self.number = number
    self.total = total
    self.labels = labels
  }
}

/// One `Key: value` trailer of a commit message, in order of appearance.
public struct Trailer: Hashable, Sendable, Codable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

/// One message of a mailbox, decoded to UTF-8 and split as `git mailinfo` splits it.
public struct Mail: Hashable, Sendable {
  /// 0-based position of the message in its input.
  public var index: Int
  /// Without angle brackets; `nil` when the message has none.
  public var messageID: String?
  public var inReplyTo: String?
  /// Oldest first, without angle brackets.
  public var references: [String]
  public var from: Address?
  public var to: [Address]
  public var cc: [Address]
  /// The `Date:` header as written.
  public var date: String?
  /// The decoded `Subject:` header, tags kept.
  public var rawSubject: String
  /// The subject cleaned as `git mailinfo` does by default.
  public var subject: String
  public var series: SeriesTag?
  /// The commit message: everything before the patch separator, trailers included.
  public var body: String
  /// The patch text from the first `diff -`/`Index:`/`---` line on; empty when none.
  public var patch: String
  public var trailers: [Trailer]
  /// The parsed diff; empty when the message carries none.
  public var fileDiffs: [FileDiff]
  /// The attribution line above the first quoted (`> `) block of a reply, such as
  /// `On Thu, 19 Feb 2009, A U Thor wrote:` (joined when wrapped); `nil` when there is none.
  public var attribution: String?
  /// What the parser skipped or repaired in this message (a binary patch, a multipart body
  /// without its closing boundary), one sentence each, in the order met.
  public var notes: [String]

  public init(
    index: Int, messageID: String? = nil, inReplyTo: String? = nil, references: [String] = [],
    from: Address? = nil, to: [Address] = [], cc: [Address] = [], date: String? = nil,
    rawSubject: String = "", subject: String = "", series: SeriesTag? = nil, body: String = "",
    patch: String = "", trailers: [Trailer] = [], fileDiffs: [FileDiff] = [],
    attribution: String? = nil, notes: [String] = []
  ) {
    self.notes = notes
    self.index = index
    self.messageID = messageID
    self.inReplyTo = inReplyTo
    self.references = references
    self.from = from
    self.to = to
    self.cc = cc
    self.date = date
    self.rawSubject = rawSubject
    self.subject = subject
    self.series = series
    self.body = body
    self.patch = patch
    self.trailers = trailers
    self.fileDiffs = fileDiffs
    self.attribution = attribution
  }
}
