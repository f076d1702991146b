/// Header lines and body read from the text of an archive page.
struct ArchiveHeaders: Hashable, Sendable {
  var fields: [(name: String, value: String)] = []

  func value(_ name: String) -> String? {
    fields.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  mutating func set(_ name: String, _ value: String) {
    if let position = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
      fields[position].value = value
    } else {
      fields.append((name, value))
    }
  }

  static func == (lhs: ArchiveHeaders, rhs: ArchiveHeaders) -> Bool {
    lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
  }

  func hash(into hasher: inout Hasher) {
    for field in fields {
      hasher.combine(field.name)
      hasher.combine(field.value)
    }
  }
}

enum ArchiveText {
  private static let headerNames: Set<String> = [
    "from", "date", "subject", "to", "cc", "message-id", "in-reply-to", "references",
    "reply-to", "sender",
  ]

  private static let navigation = [
    "next message:", "previous message:", "in reply to:", "next in thread:",
    "messages sorted by:", "reply:", "maybe in reply to:", "maybe reply:", "[ date ]",
  ]

  /// Finds the header lines (starting at the first `From:` among the first 40 lines) and
  /// the body after them. The last text line before `From:` is the subject when there is no
  /// `Subject:` line and no `subjectHint`.
  static func scan(_ text: String, subjectHint: String?) -> (headers: ArchiveHeaders, body: String)
  {
    let lines = BodySplit.lines(of: text)
    var headers = ArchiveHeaders()
    guard let start = lines.prefix(40).firstIndex(where: { $0.trimmingSpace().hasPrefix("From:") })
    else {
      if let subjectHint { headers.set("Subject", subjectHint) }
      return (headers, trimNavigation(lines[...]))
    }
    var position = start
    while position < lines.count {
      let line = lines[position].trimmingSpace()
      if line.isEmpty {
        // Jump over the whole blank run at once: stepping line by line would rescan it.
        let next = lines[(position + 1)...].firstIndex { !$0.allSatisfy(\.isWhitespace) }
        guard let next, header(lines[next].trimmingSpace()) != nil else { break }
        position = next
        continue
      }
      guard let (name, value) = header(line) else { break }
      if headers.value(name) == nil { headers.set(name, value) }
      position += 1
    }
    if headers.value("Subject") == nil {
      let before = lines[..<start].last { line in
        let trimmed = line.trimmingSpace()
        return !trimmed.isEmpty && !isNavigation(trimmed)
      }
      if let subject = subjectHint ?? before.map({ $0.trimmingSpace() }) {
        headers.set("Subject", subject)
      }
    }
    return (headers, trimNavigation(lines[position...]))
  }

  private static func header(_ line: String) -> (String, String)? {
    guard let colon = line.firstIndex(of: ":") else { return nil }
    let name = String(line[..<colon])
    guard headerNames.contains(name.lowercased()) else { return nil }
    return (name, line[line.index(after: colon)...].trimmingSpace())
  }

  private static func isNavigation(_ line: String) -> Bool {
    var text = Substring(line.lowercased())
    while let first = text.first, first == "*" || first == "•" || first == " " || first == "-" {
      text = text.dropFirst()
    }
    return navigation.contains { text.hasPrefix($0) }
  }

  private static func trimNavigation(_ lines: ArraySlice<Substring>) -> String {
    var lines = lines
    while let first = lines.first,
      first.allSatisfy(\.isWhitespace)
        || isNavigation(first.trimmingSpace())
    {
      lines = lines.dropFirst()
    }
    while let last = lines.last,
      last.allSatisfy(\.isWhitespace)
        || isNavigation(last.trimmingSpace())
    {
      lines = lines.dropLast()
    }
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  /// Builds the message as if it had been mailed and parses it like any other, so the body
  /// split, trailers and diff are read the same way. hypermail writes `Name (user@host)`; that
  /// becomes `Name <user@host>` (obfuscated hosts such as `xxxxxxxx` are kept as shown).
  static func mail(headers: ArchiveHeaders, body: String, index: Int) throws(MailError) -> Mail {
    var message = ""
    for (name, value) in headers.fields {
      var value = collapseSpace(value)
      if name.lowercased() == "from" { value = angleAddress(value) }
      // public-inbox follows the date with a `[thread overview]` link.
      if name.lowercased() == "date", value.hasSuffix("]"), let open = value.lastIndex(of: "[") {
        value = value[..<open].trimmingSpace()
      }
      message += "\(name): \(value)\n"
    }
    message += "\n" + body
    let raw = RawMessage(index: index, bytes: Array(message.utf8), line: 1)
    return try parseMessage(raw, limits: MessageLimits(), readsArchiveText: false)
  }

  private static func angleAddress(_ value: String) -> String {
    guard !value.contains("<"), value.hasSuffix(")"), let open = value.lastIndex(of: "(")
    else { return value }
    let inner = value[value.index(after: open)..<value.index(before: value.endIndex)]
    let name = value[..<open].trimmingSpace()
    guard inner.contains("@"), !name.contains("@") else { return value }
    return "\(name) <\(inner.trimmingSpace())>"
  }
}
