/// Whether an input starts like an HTML page (after a BOM and whitespace).
/// - Parameter prefix: the first bytes of the input (a few hundred are enough).
public func looksLikeHTML(_ prefix: [UInt8]) -> Bool {
  var bytes = prefix.prefix(1024)[...]
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
  bytes = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
  let head = String(decoding: bytes.prefix(256), as: UTF8.self).lowercased()
  if head.hasPrefix("<?xml") || head.hasPrefix("<!--") { return head.contains("<html") }
  return ["<!doctype html", "<html", "<head", "<body", "<title", "<meta"]
    .contains { head.hasPrefix($0) }
}

/// Whether an input is the plain-text copy of an archive page: not an mbox or a message
/// (its first line is no header and no `From ` separator) but a `From:` line comes soon.
/// - Parameter prefix: the first bytes of the input (a few KiB).
public func looksLikeArchiveText(_ prefix: [UInt8]) -> Bool {
  let text = String(decoding: prefix.prefix(8192), as: UTF8.self)
  let lines = BodySplit.lines(of: MIMEBody.normalizeLineEnds(text)).prefix(40)
  guard let firstIndex = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
    return false
  }
  let first = lines[firstIndex]
  if first.hasPrefix("From ") || BodySplit.isPatchBreak(first) { return false }
  // A message's first block holds a standard header; a page title such as `LKML: name:
  // subject` only looks like one.
  let block = lines[firstIndex...].prefix { !$0.allSatisfy(\.isWhitespace) }
  if block.contains(where: isStandardHeaderLine) { return false }
  return lines.contains { $0.trimmingSpace().hasPrefix("From:") }
}

/// Reads a message from an HTML archive page: a hypermail page (its metadata comments and
/// `body="start"`/`"end"` markers, or `From:`/`Date:` lines and the `<h1>`/`<title>` subject)
/// or a public-inbox message page (headers in a `<pre>`, the body after them or in the next
/// `<pre>`). Parsed by libxml2's HTML parser, never by pattern matching over markup.
/// - Parameters:
///   - bytes: the page as saved.
///   - index: the message's position in its input (0 for a page on its own).
/// - Throws: `MailError.unreadablePage` when libxml2 reads nothing or no message is on the
///   page; any `MailError` of the message itself.
public func parseHTMLPage(_ bytes: [UInt8], index: Int) throws(MailError) -> Mail {
  guard let document = HTMLDocument(bytes: bytes) else {
    throw .unreadablePage(index: index, detail: "htmlReadMemory returned no document")
  }
  let page = document.render()
  let utf8 = Array(page.text.utf8)
  func slice(_ range: Range<Int>) -> String {
    String(decoding: utf8[range.clamped(to: 0..<utf8.count)], as: UTF8.self)
  }
  let subjectHint = page.heading ?? page.title

  if let bodyRange = page.bodyRange {
    var headers = ArchiveText.scan(slice(0..<bodyRange.lowerBound), subjectHint: subjectHint)
      .headers
    let meta = page.metadata
    if let email = meta["email"] {
      let name = meta["name"].map { $0 + " " } ?? ""
      headers.set("From", "\(name)<\(email)>")
    }
    if let subject = meta["subject"] { headers.set("Subject", subject) }
    if let sent = meta["sent"] { headers.set("Date", sent) }
    if let id = meta["id"] { headers.set("Message-ID", "<\(id)>") }
    if let parent = meta["inreplyto"], !parent.isEmpty { headers.set("In-Reply-To", "<\(parent)>") }
    if headers.value("Subject") == nil, let subjectHint { headers.set("Subject", subjectHint) }
    return try ArchiveText.mail(headers: headers, body: slice(bodyRange), index: index)
  }

  for (position, block) in page.preBlocks.enumerated() {
    let text = slice(block)
    guard text.trimmingSpace().hasPrefix("From:") else { continue }
    let scanned = ArchiveText.scan(text, subjectHint: subjectHint)
    var body = scanned.body
    if body.allSatisfy(\.isWhitespace), position + 1 < page.preBlocks.count {
      body = slice(page.preBlocks[position + 1])
    }
    return try ArchiveText.mail(headers: scanned.headers, body: body, index: index)
  }

  let scanned = ArchiveText.scan(page.text, subjectHint: subjectHint)
  guard scanned.headers.value("From") != nil || !scanned.body.allSatisfy(\.isWhitespace) else {
    throw .unreadablePage(index: index, detail: "no message found on the page")
  }
  return try ArchiveText.mail(headers: scanned.headers, body: scanned.body, index: index)
}

/// Reads the plain-text copy of an archive page: an optional subject line, `From:`/`Date:`
/// (and other header) lines, then the body; hypermail's navigation lines are dropped.
/// `parseMessage` calls this itself for a message that `looksLikeArchiveText`.
/// - Throws: `MailError` of the message read.
public func parseArchiveText(_ text: String, index: Int) throws(MailError) -> Mail {
  let scanned = ArchiveText.scan(MIMEBody.normalizeLineEnds(text), subjectHint: nil)
  return try ArchiveText.mail(headers: scanned.headers, body: scanned.body, index: index)
}

private func isStandardHeaderLine(_ line: Substring) -> Bool {
  guard let colon = line.firstIndex(of: ":") else { return false }
  let name = line[..<colon].lowercased()
  let standard: Set<String> = [
    "from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references",
    "received", "return-path", "delivered-to", "mime-version", "content-type", "sender",
    "reply-to", "envelope-to", "list-id", "user-agent",
  ]
  return standard.contains(name) || name.hasPrefix("x-")
}
