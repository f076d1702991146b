/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text.
enum EncodedWords {
  /// Decodes every encoded word in `raw`; text between words is read as UTF-8 (or Latin-1).
  ///
  /// Whitespace between two adjacent encoded words is dropped, as RFC 2047 section 6.2 says, and
  /// adjacent words in one charset are joined before decoding, because mailers split a
  /// multi-byte character across two words.
  static func decode(_ raw: [UInt8]) -> String {
    var output = ""
    var literal: [UInt8] = []
    // Whitespace after an encoded word: dropped when another word follows, kept otherwise.
    var spaceAfterWord: [UInt8] = []
    var word: (charset: String, bytes: [UInt8])?
    var position = 0

    func flushWord() {
      if let pending = word { output += Charset.decode(pending.bytes, charset: pending.charset) }
      word = nil
      output += Charset.decode(spaceAfterWord, charset: nil)
      spaceAfterWord.removeAll()
    }
    func appendLiteral(_ bytes: ArraySlice<UInt8>) {
      if word != nil { flushWord() }
      literal.append(contentsOf: bytes)
    }

    while position < raw.count {
      let byte = raw[position]
      if byte == UInt8(ascii: "="), position + 1 < raw.count, raw[position + 1] == UInt8(ascii: "?")
      {
        switch parseWord(raw, at: position) {
        case .word(let charset, let bytes, let end):
          if word == nil {
            output += Charset.decode(literal, charset: nil)
            literal.removeAll()
          }
          spaceAfterWord.removeAll()
          if word?.charset == charset {
            word?.bytes.append(contentsOf: bytes)
          } else {
            flushWord()
            word = (charset, bytes)
          }
          position = end
        case .notAWord(let resume):
          appendLiteral(raw[position..<resume])
          position = resume
        }
        continue
      }
      if word != nil, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        spaceAfterWord.append(byte)
      } else {
        appendLiteral(raw[position...position])
      }
      position += 1
    }
    flushWord()
    output += Charset.decode(literal, charset: nil)
    return output
  }

  private enum Scan {
    case word(charset: String, bytes: [UInt8], end: Int)
    /// Not an encoded word; copy up to `resume` literally and go on from there.
    case notAWord(resume: Int)
  }

  /// Reads one encoded word at `start` (which holds `=?`). A failed attempt resumes after the
  /// whitespace-free run it scanned, so a long run of `=?=?=?` stays linear.
  private static func parseWord(_ raw: [UInt8], at start: Int) -> Scan {
    var position = start + 2
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
    func skipRun() -> Scan {
      var end = max(position, start + 2)
      while end < raw.count, !isSpace(raw[end]) { end += 1 }
      return .notAWord(resume: end)
    }
    let charsetStart = position
    while position < raw.count, raw[position] != UInt8(ascii: "?"), !isSpace(raw[position]) {
      position += 1
    }
    guard position + 2 < raw.count, raw[position] == UInt8(ascii: "?"), position > charsetStart
    else { return skipRun() }
    var charset = String(decoding: raw[charsetStart..<position], as: UTF8.self).lowercased()
    if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
    let encoding = raw[position + 1] | 0x20
    guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"),
      raw[position + 2] == UInt8(ascii: "?")
    else { return skipRun() }
    position += 3
    let textStart = position
    while position + 1 < raw.count,
      !(raw[position] == UInt8(ascii: "?") && raw[position + 1] == UInt8(ascii: "=")),
      !isSpace(raw[position])
    {
      position += 1
    }
    guard position + 1 < raw.count, raw[position] == UInt8(ascii: "?"),
      raw[position + 1] == UInt8(ascii: "=")
    else { return skipRun() }
    let text = raw[textStart..<position]
    let bytes =
      encoding == UInt8(ascii: "b")
      ? TransferEncoding.decodeBase64(text)
      : TransferEncoding.decodeQuotedPrintable(text, header: true)
    return .word(charset: charset, bytes: bytes, end: position + 2)
  }
}
