/// The `reviewbot parse --format json` document (DESIGN.md "Parsed mail"): fields in the
/// order written there, `series` null when the subject has no tag, two-space indentation,
/// a newline at the end. Messages and errors are written in the order given (input order).
/// - Parameters:
///   - messages: every message read, in input order.
///   - errors: every message that could not be read, in input order.
/// - Returns: the JSON text, byte-identical for equal inputs.
public func parsedMailJSON(messages: [ParsedMessage], errors: [ParseFailure]) -> String {
  var out = ParsedMailJSONStream.opening
  for (position, entry) in messages.enumerated() {
    out += ParsedMailJSONStream.entry(entry, isFirst: position == 0)
  }
  return out + ParsedMailJSONStream.closing(errors: errors, hadMessages: !messages.isEmpty)
}

/// ``parsedMailJSON(messages:errors:)`` in pieces, for inputs too large to hold in memory:
/// write ``opening``, then ``entry(_:isFirst:)`` for each message as it is read, then
/// ``closing(errors:hadMessages:)``. The bytes are the same as the whole-document form's.
public enum ParsedMailJSONStream {
  /// The document up to the first message.
  public static let opening = "{\n  \"messages\": ["

  /// One message object, with the separator that goes before it.
  public static func entry(_ entry: ParsedMessage, isFirst: Bool) -> String {
    let mail = entry.mail
    var out = isFirst ? "\n" : ",\n"
    out += "    {\n"
    var fields: [(String, String)] = [
      ("input", jsonString(entry.input)),
      ("index", String(mail.index)),
      ("message_id", jsonString(mail.messageID)),
      ("in_reply_to", jsonString(mail.inReplyTo)),
      ("from_name", jsonString(mail.from?.name)),
      ("from_email", jsonString(mail.from?.email)),
      ("date", jsonString(mail.date)),
      ("subject", jsonString(mail.subject)),
    ]
    if let series = mail.series {
      fields.append(
        (
          "series",
          "{\"version\": \(series.version), \"number\": \(series.number), "
            + "\"total\": \(series.total)}"
        ))
    } else {
      fields.append(("series", "null"))
    }
    fields.append(("body", jsonString(mail.body)))
    fields.append(("patch", jsonString(mail.patch)))
    if mail.trailers.isEmpty {
      fields.append(("trailers", "[]"))
    } else {
      let rows = mail.trailers.map {
        "        [\(jsonString($0.key)), \(jsonString($0.value))]"
      }
      fields.append(("trailers", "[\n" + rows.joined(separator: ",\n") + "\n      ]"))
    }
    out += fields.map { "      \"\($0.0)\": \($0.1)" }.joined(separator: ",\n")
    return out + "\n    }"
  }

  /// The end of the messages array, the errors, and the end of the document.
  public static func closing(errors: [ParseFailure], hadMessages: Bool) -> String {
    var out = hadMessages ? "\n  ],\n" : "],\n"
    out += "  \"errors\": ["
    for (position, failure) in errors.enumerated() {
      out += position == 0 ? "\n" : ",\n"
      out += "    {\"input\": \(jsonString(failure.input)), "
      out += "\"index\": \(failure.index.map(String.init) ?? "null"), "
      out += "\"message_id\": \(jsonString(failure.messageID)), "
      out += "\"error\": \(jsonString(failure.error))}"
    }
    out += errors.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
    return out
  }
}

/// The tuple-based form from the PatchParse issue; same output as the struct form.
public func parsedMailJSON(
  messages: [(input: String, mail: Mail)],
  errors: [(input: String, index: Int, messageID: String?, error: String)]
) -> String {
  parsedMailJSON(
    messages: messages.map { ParsedMessage(input: $0.input, mail: $0.mail) },
    errors: errors.map {
      ParseFailure(input: $0.input, index: $0.index, messageID: $0.messageID, error: $0.error)
    })
}

/// A JSON string literal (or `null`): quotes, backslashes and control characters escaped,
/// everything else written as UTF-8. Every JSON writer of the project quotes through this.
/// - Parameter value: the text, or nil for `null`.
/// - Returns: the literal, quotes included.
public func jsonString(_ value: String?) -> String {
  guard let value else { return "null" }
  // Most strings (lock names, paths, identifiers) need no escaping: copy them whole instead
  // of scalar by scalar, which is most of the cost of writing a tree's graph.
  if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
    return "\"" + value + "\""
  }
  var out = "\""
  for scalar in value.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case "\u{08}": out += "\\b"
    case "\u{0C}": out += "\\f"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}
