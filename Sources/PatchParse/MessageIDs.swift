/// Message-ID, In-Reply-To and References values as ids without angle brackets.
enum MessageIDs {
  /// The first id of a Message-ID/In-Reply-To value: the first `<...>`, or the bare value
  /// when a mailer left the brackets off; folding whitespace inside is dropped.
  static func normalize(_ value: String) -> String? {
    all(value).first
  }

  /// Every id of a References-like value, in order.
  static func all(_ value: String) -> [String] {
    var ids: [String] = []
    var current: String?
    for character in value {
      switch character {
      case "<":
        current = ""
      case ">":
        if let id = current, !id.isEmpty { ids.append(id) }
        current = nil
      default:
        if character.isWhitespace { continue }
        current?.append(character)
      }
    }
    if !ids.isEmpty { return ids }
    // No brackets at all: whitespace-separated bare ids, as some mailers write them.
    return value.split(whereSeparator: \.isWhitespace).map(String.init).filter { $0.contains("@") }
  }
}
