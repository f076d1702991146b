/// A message that could not be read, as `reviewbot parse` lists it.
public struct ParseFailure: Hashable, Sendable {
  /// The input as the user named it.
  public var input: String
  /// The message's 0-based position in its input; `nil` when the input as a whole could
  /// not be read.
  public var index: Int?
  /// The Message-ID when the headers could be read.
  public var messageID: String?
  /// What went wrong and where, for a person.
  public var error: String

  /// A failure described by hand.
  public init(input: String, index: Int?, messageID: String?, error: String) {
    self.input = input
    self.index = index
    self.messageID = messageID
    self.error = error
  }

  /// The failure for a `MailError` from `input`.
  public init(input: String, error: MailError) {
    self.init(
      input: input, index: error.index, messageID: error.messageID, error: error.description)
  }
}
