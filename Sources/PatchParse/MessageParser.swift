/// Parses one message: headers, MIME, body split, trailers, diff.
/// - Parameter raw: a message from `MailboxSplitter`, or a whole .eml/.patch file.
/// - Throws: `MailError` naming the message index, its Message-ID when known, and the line.
public func parseMessage(_ raw: RawMessage) throws(MailError) -> Mail {
  try parseMessage(raw, limits: MessageLimits())
}

/// Parses one message under explicit limits (header count and size, MIME depth).
/// - Throws: `MailError` naming the message index, its Message-ID when known, and the line.
public func parseMessage(_ raw: RawMessage, limits: MessageLimits) throws(MailError) -> Mail {
  try parseMessage(raw, limits: limits, readsArchiveText: true)
}

/// - Parameter readsArchiveText: whether a plain-text archive page copy (no header block, a
///   `From:` line a little further down) is recognised; off for the message `ArchiveText`
///   builds from such a page, so the two never call each other in a loop.
func parseMessage(_ raw: RawMessage, limits: MessageLimits, readsArchiveText: Bool)
  throws(MailError) -> Mail
{
  if readsArchiveText, !raw.isTruncated, looksLikeArchiveText(Array(raw.bytes.prefix(8192))) {
    return try parseArchiveText(Charset.decode(raw.bytes, charset: nil), index: raw.index)
  }
  let bytes = raw.bytes
  let index = raw.index
  func line(at offset: Int) -> Int {
    raw.line + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
  }
  func locate(_ offset: Int, _ messageID: String?, _ problem: MailProblem) -> MailError {
    let line = line(at: offset)
    switch problem {
    case .malformed:
      return .malformedHeader(index: index, messageID: messageID, line: line)
    case .tooMany:
      return .tooManyHeaders(
        index: index, messageID: messageID, line: line, limit: limits.maxHeaderFields)
    case .tooLong:
      return .headerTooLong(
        index: index, messageID: messageID, line: line, limit: limits.maxHeaderBytes)
    case .tooDeep:
      return .mimeTooDeep(
        index: index, messageID: messageID, line: line, limit: limits.maxMIMEDepth)
    }
  }

  let parsed = try HeaderBlock.parse(bytes[...], limits: limits) { offset, id, problem in
    locate(offset, id, problem)
  }
  let headers = parsed.block
  let messageID = headers.text("message-id").flatMap(MessageIDs.normalize)
  if raw.isTruncated {
    throw .messageTooLarge(index: index, messageID: messageID, line: raw.line, limit: bytes.count)
  }
  let body = bytes[parsed.bodyStart...]
  if headers.fields.isEmpty,
    body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
  {
    throw .emptyMessage(index: index, line: raw.line)
  }

  let mime = MIMEBody(limits: limits) { offset, problem in locate(offset, messageID, problem) }
  let decoded = try mime.textParts(headers: headers, body: body)
  let text = decoded.parts.reduce(into: "") { text, part in
    if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
    text += part
  }
  let split = BodySplit(text)

  var mail = Mail(index: index, messageID: messageID)
  mail.inReplyTo = headers.text("in-reply-to").flatMap(MessageIDs.normalize)
  mail.references = headers.text("references").map(MessageIDs.all) ?? []
  mail.from = headers.first("from").flatMap { AddressParser.parseList($0.value).first }
  mail.to = headers.all("to").flatMap { AddressParser.parseList($0.value) }
  mail.cc = headers.all("cc").flatMap { AddressParser.parseList($0.value) }
  mail.date = headers.text("date").map(collapseSpace)
  let headerSubject = headers.first("subject").map { EncodedWords.decode($0.value) } ?? ""
  mail.rawSubject = collapseSpace(headerSubject)
  let cleaned = SubjectLine.clean(headerSubject)
  mail.subject = cleaned.subject
  mail.series = SubjectLine.seriesTag(brackets: cleaned.brackets)

  if let from = split.inBodyFrom, let address = AddressParser.parseList(Array(from.utf8)).first {
    mail.from = address
  }
  if let subject = split.inBodySubject {
    let inBody = SubjectLine.clean(EncodedWords.decode(Array(subject.utf8)))
    mail.subject = inBody.subject
    if mail.series == nil { mail.series = SubjectLine.seriesTag(brackets: inBody.brackets) }
  }
  if let date = split.inBodyDate { mail.date = collapseSpace(date) }

  var diffParser = DiffParser(index: index, messageID: messageID)
  if decoded.isVerbatim, let start = split.patchStart {
    diffParser.firstInputLine = line(at: parsed.bodyStart) + start
  }
  let diff = try diffParser.parse(split.patch)
  mail.fileDiffs = diff.fileDiffs
  mail.notes = decoded.notes
  for file in diff.fileDiffs where file.isBinary {
    mail.notes.append("binary patch for \(file.path) skipped")
  }
  var patchLines = split.patch[..<(diff.signatureLine ?? split.patch.count)]
  while let last = patchLines.last, last.allSatisfy(\.isWhitespace) { patchLines.removeLast() }
  mail.patch = patchLines.isEmpty ? "" : patchLines.joined(separator: "\n") + "\n"

  var messageLines = split.message[...]
  if split.patch.isEmpty, let signature = messageLines.lastIndex(of: "-- ") {
    messageLines = messageLines[..<signature]
  }
  if decoded.flowed.isFlowed {
    messageLines = FlowedText.unflow(messageLines, deleteSpace: decoded.flowed.deleteSpace)[...]
  }
  let stripped = stripSpace(messageLines)
  mail.body = stripped.isEmpty ? "" : stripped.joined(separator: "\n") + "\n"
  mail.trailers = TrailerBlock.trailers(in: stripped)
  for trailer in TrailerBlock.seriesBase(in: patchLines) + TrailerBlock.seriesBase(in: stripped)
  where !mail.trailers.contains(trailer) {
    mail.trailers.append(trailer)
  }
  mail.attribution = Attribution.find(in: Array(messageLines))
  return mail
}

/// Whitespace runs to one space, trimmed: how a header value reads once unfolded.
func collapseSpace(_ text: String) -> String {
  text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    .joined(separator: " ")
}

/// `git stripspace`: trailing whitespace off every line, runs of blank lines to one, no blank
/// lines at either end.
func stripSpace<Lines: Sequence<Substring>>(_ lines: Lines) -> [Substring] {
  var output: [Substring] = []
  var pendingBlank = false
  for line in lines {
    var trimmed = line
    while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
    if trimmed.isEmpty {
      pendingBlank = !output.isEmpty
      continue
    }
    if pendingBlank { output.append("") }
    pendingBlank = false
    output.append(trimmed)
  }
  return output
}
