/// Everything read from one input held in memory: the messages parsed and the failures, in
/// input order.
public struct MailboxContents: Hashable, Sendable {
  /// Messages parsed, in input order.
  public var messages: [ParsedMessage]
  /// Messages that could not be parsed, in input order.
  public var errors: [ParseFailure]

  /// Collects messages and failures.
  public init(messages: [ParsedMessage] = [], errors: [ParseFailure] = []) {
    self.messages = messages
    self.errors = errors
  }
}

/// Splits and parses a whole input held in memory (a test, stdin already read, a small file).
/// A plain-text archive page copy needs nothing special: `parseMessage` recognises it.
/// Large files should be streamed through `MailboxSplitter` instead; the result is the same.
/// - Parameters:
///   - bytes: an mbox, a single message, or an HTML archive page (detected by its start).
///   - input: the name errors and messages carry.
///   - format: how `>From ` lines are unquoted.
/// - Returns: one entry per message, parsed or failed; nothing is dropped.
public func readMailbox(_ bytes: [UInt8], input: String, format: MboxFormat = .auto)
  -> MailboxContents
{
  var contents = MailboxContents()
  func record(_ raw: RawMessage) {
    do {
      contents.messages.append(ParsedMessage(input: input, mail: try parseMessage(raw)))
    } catch {
      contents.errors.append(ParseFailure(input: input, error: error))
    }
  }
  if looksLikeHTML(Array(bytes.prefix(1024))) {
    do {
      contents.messages.append(
        ParsedMessage(input: input, mail: try parseHTMLPage(bytes, index: 0)))
    } catch {
      contents.errors.append(ParseFailure(input: input, error: error))
    }
    return contents
  }
  var splitter = MailboxSplitter(format: format)
  for raw in splitter.feed(bytes) + splitter.finish() { record(raw) }
  return contents
}
