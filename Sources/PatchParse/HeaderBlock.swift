/// One header field, unfolded: the CRLF of each folded line removed, its whitespace kept.
struct HeaderField: Hashable, Sendable {
  var name: String
  /// Lowercased, for lookup: header names are case-insensitive.
  var key: String
  var value: [UInt8]
  /// 0-based offset of the field's first line in the bytes parsed.
  var offset: Int
}

/// An RFC 5322 header block as read from bytes; lookups are case-insensitive and, for the
/// single-valued fields, the first occurrence wins.
struct HeaderBlock: Hashable, Sendable {
  var fields: [HeaderField] = []

  func first(_ key: String) -> HeaderField? { fields.first { $0.key == key } }
  func all(_ key: String) -> [HeaderField] { fields.filter { $0.key == key } }

  /// The first field named `key`, decoded leniently with encoded words left as written.
  func text(_ key: String) -> String? {
    first(key).map { Charset.decode($0.value, charset: nil) }
  }

  /// What `parse` found: the headers and where the body starts.
  struct Parsed {
    var block: HeaderBlock
    var bodyStart: Int
  }

  /// Reads the header block at the start of `bytes` up to the first blank line.
  ///
  /// Like `git mailinfo`, a line that is neither a field nor a continuation ends the headers
  /// and starts the body (so a bare `diff -u` output parses with no headers). A leading mbox
  /// `From ` line is skipped.
  /// - Parameter locate: turns a byte offset into an error for that place.
  static func parse(
    _ bytes: ArraySlice<UInt8>, limits: MessageLimits,
    locate: (_ offset: Int, _ messageID: String?, _ problem: MailProblem) -> MailError
  ) throws(MailError) -> Parsed {
    var block = HeaderBlock()
    var position = bytes.startIndex
    var first = true
    var messageID: String?
    while position < bytes.endIndex {
      let lineEnd = bytes[position...].firstIndex(of: 0x0A) ?? bytes.endIndex
      let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
      var content = bytes[position..<lineEnd]
      if content.last == 0x0D { content = content.dropLast() }
      defer { first = false }
      if content.isEmpty { return Parsed(block: block, bodyStart: next) }
      if first,
        content.starts(with: Array("From ".utf8)) || content.starts(with: Array(">From ".utf8))
      {
        position = next
        continue
      }
      if content.first == 0x20 || content.first == 0x09 {
        if let last = block.fields.indices.last {
          if block.fields[last].value.count + content.count > limits.maxHeaderBytes {
            throw locate(block.fields[last].offset, messageID, .tooLong)
          }
          block.fields[last].value.append(contentsOf: content)
        }
        position = next
        continue
      }
      guard let colon = content.firstIndex(of: UInt8(ascii: ":")) else {
        return Parsed(block: block, bodyStart: position)
      }
      var nameBytes = content[content.startIndex..<colon]
      while let last = nameBytes.last, last == 0x20 || last == 0x09 {
        nameBytes = nameBytes.dropLast()
      }
      if nameBytes.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
        throw locate(position, messageID, .malformed)
      }
      if nameBytes.isEmpty || nameBytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
        return Parsed(block: block, bodyStart: position)
      }
      if block.fields.count >= limits.maxHeaderFields {
        throw locate(position, messageID, .tooMany)
      }
      let name = String(decoding: nameBytes, as: UTF8.self)
      let value = Array(content[(colon + 1)...])
      if value.count > limits.maxHeaderBytes { throw locate(position, messageID, .tooLong) }
      let field = HeaderField(name: name, key: name.lowercased(), value: value, offset: position)
      if messageID == nil, field.key == "message-id" {
        messageID = MessageIDs.normalize(Charset.decode(value, charset: nil))
      }
      block.fields.append(field)
      position = next
    }
    return Parsed(block: block, bodyStart: bytes.endIndex)
  }
}

/// What was wrong with a header block, turned into a located `MailError` by the caller.
enum MailProblem {
  /// `tooDeep` is for MIME nesting; the others for header blocks.
  case malformed, tooMany, tooLong, tooDeep
}
