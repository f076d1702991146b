/// One message's bytes cut out of a mailbox, before header parsing.
public struct RawMessage: Hashable, Sendable {
  /// 0-based position of the message in its input.
  public var index: Int
  /// The message without its `From ` separator line, `>From` unquoted per the mbox format.
  public var bytes: [UInt8]
  /// 1-based line in the input where the message starts.
  public var line: Int
  /// Set when the message was larger than the splitter's limit and its tail was dropped;
  /// `parseMessage` then reports `MailError.messageTooLarge`.
  public var isTruncated: Bool

  /// A message's bytes; `line` is where it starts in its input (1 for a whole file).
  public init(index: Int, bytes: [UInt8], line: Int, isTruncated: Bool = false) {
    self.index = index
    self.bytes = bytes
    self.line = line
    self.isTruncated = isTruncated
  }
}
