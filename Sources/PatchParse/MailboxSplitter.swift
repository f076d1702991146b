/// One message's bytes cut out of a mailbox, before header parsing.
public struct RawMessage: Hashable, Sendable {
  /// 0-based position of the message in its input.
  public var index: Int
  /// The message without its `From ` separator line, `>From` unquoted per the mbox format.
  public var bytes: [UInt8]
  /// 1-based line in the input where the message starts.
  public var line: Int

  public init(index: Int, bytes: [UInt8], line: Int) {
    self.index = index
    self.bytes = bytes
    self.line = line
  }
}

/// Cuts an mbox (mboxo or mboxrd) into messages as bytes arrive, so memory stays flat.
/// INTERFACE PLACEHOLDER: the PatchParse issue replaces this body.
public struct MailboxSplitter: Sendable {
  public init() {}

  /// Takes the next chunk of the input and returns the messages it completed.
  public mutating func feed(_ chunk: [UInt8]) -> [RawMessage] { [] }

  /// Ends the input and returns the last message, if any.
  public mutating func finish() -> [RawMessage] { [] }
}

/// Why a message could not be read; every case says where.
public enum MailError: Error, Hashable, Sendable {
  case malformedHeader(index: Int, messageID: String?, line: Int)
  case other(index: Int, messageID: String?, detail: String)
}

/// Parses one message: headers, MIME, body split, trailers, diff.
/// INTERFACE PLACEHOLDER: the PatchParse issue replaces this body.
public func parseMessage(_ raw: RawMessage) throws(MailError) -> Mail {
  throw .other(index: raw.index, messageID: nil, detail: "not implemented yet")
}
