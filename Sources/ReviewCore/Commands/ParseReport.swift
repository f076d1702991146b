import PatchParse

/// What `reviewbot parse` prints: DESIGN.md "Parsed mail" JSON, or a short text listing.
///
/// PatchParse may ship its own writer for this shape; the command then calls it instead.
public enum ParseReport {
  /// - Parameters:
  ///   - items: per input, its name and what the reader produced, in input order.
  ///   - json: JSON when true, one line per message otherwise.
  public static func render(
    _ items: [(input: String, mails: [Mail], errors: [InputError])], json: Bool
  )
    -> String
  {
    if !json {
      var out = ""
      for item in items {
        for mail in item.mails {
          let patch = mail.fileDiffs.isEmpty ? "" : " [\(mail.fileDiffs.count) file(s)]"
          out += "\(item.input): message \(mail.index): \(mail.subject)\(patch)\n"
        }
        for error in item.errors { out += error.description + "\n" }
      }
      return out
    }
    var messages: [JSONValue] = []
    var errors: [JSONValue] = []
    for item in items {
      for mail in item.mails { messages.append(message(mail, input: item.input)) }
      errors += item.errors.map(JSONWriter.error)
    }
    return jsonObject(("messages", .array(messages)), ("errors", .array(errors))).rendered()
  }

  private static func message(_ mail: Mail, input: String) -> JSONValue {
    let series: JSONValue =
      mail.series.map { tag in
        jsonObject(
          ("version", .int(tag.version)), ("number", .int(tag.number)), ("total", .int(tag.total)))
      } ?? .null
    return jsonObject(
      ("input", .string(input)),
      ("index", .int(mail.index)),
      ("message_id", .string(mail.messageID)),
      ("in_reply_to", .string(mail.inReplyTo)),
      ("from_name", .string(mail.from?.name)),
      ("from_email", .string(mail.from?.email)),
      ("date", .string(mail.date)),
      ("subject", .string(mail.subject)),
      ("series", series),
      ("body", .string(mail.body)),
      ("patch", .string(mail.patch)),
      ("trailers", .array(mail.trailers.map { .array([.string($0.key), .string($0.value)]) }))
    )
  }
}
