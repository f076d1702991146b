/// The `reviewbot parse --format text` listing: per message its place, id, author, date,
/// subject with series tag, trailers and the files its diff touches; then the failures.
/// Deterministic: input order, files in patch order.
/// - Parameters:
///   - messages: every message read, in input order.
///   - errors: every message that could not be read, in input order.
/// - Returns: the text, ending with a newline when non-empty.
public func parsedMailText(messages: [ParsedMessage], errors: [ParseFailure]) -> String {
  var out = ""
  for entry in messages {
    let mail = entry.mail
    out += "\(entry.input) #\(mail.index)"
    if let id = mail.messageID { out += " <\(id)>" }
    out += "\n"
    if let from = mail.from {
      out += "  From: " + (from.name.isEmpty ? from.email : "\(from.name) <\(from.email)>") + "\n"
    }
    if let date = mail.date { out += "  Date: \(date)\n" }
    out += "  Subject: \(mail.subject)"
    if let series = mail.series {
      var tag = series.labels + ["v\(series.version)", "\(series.number)/\(series.total)"]
      if series.version == 1 { tag.removeAll { $0 == "v1" } }
      out += " [" + tag.joined(separator: " ") + "]"
    }
    out += "\n"
    if let parent = mail.inReplyTo { out += "  In-Reply-To: <\(parent)>\n" }
    if let attribution = mail.attribution { out += "  Quotes: \(attribution)\n" }
    for trailer in mail.trailers { out += "  \(trailer.key): \(trailer.value)\n" }
    for file in mail.fileDiffs { out += "  " + describe(file) + "\n" }
    if mail.fileDiffs.isEmpty { out += "  (no diff)\n" }
    for note in mail.notes { out += "  Note: \(note)\n" }
  }
  for failure in errors {
    out += failure.index.map { "\(failure.input) #\($0)" } ?? failure.input
    if let id = failure.messageID { out += " <\(id)>" }
    out += ": error: \(failure.error)\n"
  }
  return out
}

/// `M path (+3 -2)`, `R old -> new`, `A path`, `D path`, with `binary` for binary patches.
private func describe(_ file: FileDiff) -> String {
  let letter: String
  switch file.status {
  case .modified: letter = "M"
  case .added: letter = "A"
  case .deleted: letter = "D"
  case .renamed: letter = "R"
  case .copied: letter = "C"
  }
  var text = "\(letter) "
  if file.status == .renamed || file.status == .copied {
    text += "\(file.oldPath ?? "") -> \(file.newPath ?? "")"
  } else {
    text += file.path
  }
  if file.isBinary { return text + " (binary)" }
  let lines = file.hunks.flatMap(\.lines)
  let added = lines.count { $0.kind == .added }
  let removed = lines.count { $0.kind == .removed }
  if !file.hunks.isEmpty { text += " (+\(added) -\(removed))" }
  if let old = file.oldMode, let new = file.newMode, old != new { text += " mode \(old) -> \(new)" }
  return text
}
