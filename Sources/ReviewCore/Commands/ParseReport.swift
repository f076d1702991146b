import PatchParse

/// What `reviewbot parse` prints: DESIGN.md "Parsed mail" JSON, or PatchParse's text
/// listing, written message by message so a mailbox of any size is never held in memory.
public enum ParseReport {
  /// What a streamed report saw.
  public struct Summary: Hashable, Sendable {
    public var messages: Int
    public var errors: [InputError]
  }

  /// Reads every input in order and hands the report to `emit` piece by piece.
  /// - Parameters:
  ///   - inputs: paths, or `-` for stdin.
  ///   - json: the JSON document when true, the text listing otherwise.
  ///   - reader: the input reader (``InputReader/standard()`` for the command).
  ///   - emit: receives the output in order; the caller writes it.
  /// - Returns: how many messages were read and every error, in input order.
  public static func stream(
    _ inputs: [String], json: Bool, reader: InputReader, emit: (String) -> Void
  ) -> Summary {
    var summary = Summary(messages: 0, errors: [])
    if json { emit(ParsedMailJSONStream.opening) }
    for input in inputs {
      reader.read(input) { item in
        switch item {
        case .mail(let mail):
          let entry = ParsedMessage(input: input, mail: mail)
          emit(
            json
              ? ParsedMailJSONStream.entry(entry, isFirst: summary.messages == 0)
              : parsedMailText(messages: [entry], errors: []))
          summary.messages += 1
        case .error(let error):
          summary.errors.append(error)
        }
      }
    }
    let failures = summary.errors.map {
      ParseFailure(input: $0.input, index: $0.index, messageID: $0.messageID, error: $0.message)
    }
    emit(
      json
        ? ParsedMailJSONStream.closing(errors: failures, hadMessages: summary.messages > 0)
        : parsedMailText(messages: [], errors: failures))
    return summary
  }
}
