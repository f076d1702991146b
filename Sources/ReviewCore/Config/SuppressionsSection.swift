import Foundation

/// Reads the `suppressions:` section of a configuration: a block sequence of small maps
/// with plain, quoted or `[a, b]` values. The rest of the file is the knowledge base's.
enum SuppressionsSection {
  /// The section's lines (with their 1-based line numbers) and the document without them.
  static func split(_ yaml: String) -> (section: [(Int, String)], rest: String) {
    var section: [(Int, String)] = []
    var rest: [String] = []
    var inSection = false
    for (offset, raw) in yaml.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
      let topLevel =
        !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#")
        && !line.hasPrefix("-")
      if topLevel {
        inSection = stripComment(line).trimmingCharacters(in: .whitespaces) == "suppressions:"
        if inSection { continue }
      }
      if inSection {
        section.append((offset + 1, line))
      } else {
        rest.append(line)
      }
    }
    return (section, rest.joined(separator: "\n"))
  }

  static func parse(
    _ lines: [(Int, String)], source: String
  ) throws(ConfigurationError) -> [Suppression] {
    var items: [(line: Int, fields: [String: Value])] = []
    for (number, raw) in lines {
      var text = stripComment(raw).trimmingCharacters(in: .whitespaces)
      if text.isEmpty { continue }
      if text.hasPrefix("- ") || text == "-" {
        items.append((number, [:]))
        text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { continue }
      }
      guard !items.isEmpty else {
        throw .invalidSuppression(file: source, line: number, detail: "expected `- ` item")
      }
      guard let colon = text.firstIndex(of: ":") else {
        throw .invalidSuppression(file: source, line: number, detail: "expected `key: value`")
      }
      let key = text[..<colon].trimmingCharacters(in: .whitespaces)
      let value = try parseValue(
        text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces),
        source: source, line: number)
      items[items.count - 1].fields[key] = value
    }
    return try items.map { item throws(ConfigurationError) in
      try suppression(item.fields, source: source, line: item.line)
    }
  }

  enum Value: Hashable {
    case scalar(String)
    case list([String])
  }

  private static func suppression(
    _ fields: [String: Value], source: String, line: Int
  ) throws(ConfigurationError) -> Suppression {
    guard case .scalar(let reason)? = fields["reason"], !reason.isEmpty else {
      throw .invalidSuppression(file: source, line: line, detail: "a suppression needs a reason")
    }
    let pair = fields["locks"] ?? fields["lock-pair"]
    let matches: [Suppression.Match] = [
      pair.flatMap { value -> Suppression.Match? in
        guard case .list(let names) = value, names.count == 2 else { return nil }
        return .lockPair(names[0], names[1])
      },
      fields["function"].flatMap { value -> Suppression.Match? in
        guard case .scalar(let name) = value else { return nil }
        return .function(name)
      },
      fields["fingerprint"].flatMap { value -> Suppression.Match? in
        guard case .scalar(let id) = value else { return nil }
        return .fingerprint(id)
      },
    ].compactMap { $0 }
    guard matches.count == 1, let match = matches.first else {
      throw .invalidSuppression(
        file: source, line: line,
        detail: "a suppression needs exactly one of `locks: [A, B]`, `function:`, `fingerprint:`")
    }
    return Suppression(match, reason: reason)
  }

  private static func parseValue(
    _ text: String, source: String, line: Int
  ) throws(ConfigurationError) -> Value {
    if text.hasPrefix("[") {
      guard text.hasSuffix("]") else {
        throw .invalidSuppression(file: source, line: line, detail: "unterminated `[`")
      }
      let inner = text.dropFirst().dropLast()
      return .list(
        inner.split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) })
    }
    return .scalar(unquote(text))
  }

  private static func unquote(_ text: String) -> String {
    guard text.count >= 2, let first = text.first, first == "\"" || first == "'",
      text.last == first
    else { return text }
    let inner = String(text.dropFirst().dropLast())
    return first == "'"
      ? inner.replacingOccurrences(of: "''", with: "'")
      : inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(
        of: "\\\\", with: "\\")
  }

  /// Drops a ` #` comment that is outside quotes.
  private static func stripComment(_ line: String) -> String {
    var quote: Character?
    var previous: Character = " "
    var end = line.endIndex
    for index in line.indices {
      let char = line[index]
      if let open = quote {
        if char == open { quote = nil }
      } else if char == "\"" || char == "'" {
        quote = char
      } else if char == "#", previous == " " || index == line.startIndex {
        end = index
        break
      }
      previous = char
    }
    return String(line[..<end])
  }
}
