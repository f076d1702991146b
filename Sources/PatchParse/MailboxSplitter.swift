/// How `>From ` lines inside messages are quoted.
public enum MboxFormat: Hashable, Sendable {
  /// mboxrd once a `>>From ` line shows it (unquoted from that message on), mboxo until then.
  case auto
  /// Only `From ` was quoted on writing, so `>From ` lines stay as they are.
  case mboxo
  /// Every `>*From ` was quoted with one more `>`; one level is removed on reading.
  case mboxrd
}

/// Cuts an mbox (mboxo or mboxrd) into messages as bytes arrive, so memory stays flat:
/// only the message being read is buffered.
///
/// A line is a separator when it follows a blank line (or starts the input or a message) and
/// reads like `From <sender> <date>` (git's `From <40-hex> Mon Sep 17 00:00:00 2001` included)
/// or `From <address>` without a date. An input whose first line is not a separator is one
/// message (a single .eml or .patch) and is passed through untouched.
public struct MailboxSplitter: Sendable {
  private enum Mode: Sendable { case undecided, mbox, single }

  /// Bytes of one message kept at most; the rest of it is dropped and the message flagged.
  public let maxMessageBytes: Int
  /// How `>From ` lines are unquoted.
  public let format: MboxFormat

  private var mode = Mode.undecided
  private var message: [UInt8] = []
  private var messageLine = 1
  private var isTruncated = false
  /// The start of the current line, for separator checks; capped because separators are short.
  private var linePrefix: [UInt8] = []
  private var lineLength = 0
  private var lineStartInMessage = 0
  private var previousLineStart = 0
  private var previousLineBlank = false
  private var linesInMessage = 0
  private var inputLine = 1
  private var nextIndex = 0
  /// Offsets in `message` of lines reading `>+From `, unquoted when the message is emitted.
  private var quotedFromOffsets: [Int] = []
  private var sawMboxrdQuoting = false

  private static let maxSeparatorLength = 1024

  /// Creates a splitter.
  /// - Parameters:
  ///   - format: how `>From ` lines are unquoted; `.auto` by default.
  ///   - maxMessageBytes: a message larger than this is truncated and flagged (64 MiB).
  public init(format: MboxFormat = .auto, maxMessageBytes: Int = 64 << 20) {
    self.format = format
    self.maxMessageBytes = maxMessageBytes
  }

  /// Takes the next chunk of the input and returns the messages it completed.
  public mutating func feed(_ chunk: [UInt8]) -> [RawMessage] {
    var out: [RawMessage] = []
    var position = 0
    while position < chunk.count {
      let newline = chunk[position...].firstIndex(of: UInt8(ascii: "\n"))
      let end = newline.map { $0 + 1 } ?? chunk.count
      append(chunk[position..<end])
      position = end
      if newline != nil { endLine(into: &out) }
    }
    return out
  }

  /// Ends the input and returns the last message, if any.
  public mutating func finish() -> [RawMessage] {
    var out: [RawMessage] = []
    if lineLength > 0 { endLine(into: &out) }
    if mode == .mbox, previousLineBlank, linesInMessage > 0 {
      message.removeSubrange(min(previousLineStart, message.count)...)
    }
    emit(into: &out)
    return out
  }

  private mutating func append(_ piece: ArraySlice<UInt8>) {
    if lineLength == 0 { lineStartInMessage = message.count }
    lineLength += piece.count
    let room = Self.maxSeparatorLength - linePrefix.count
    if room > 0 { linePrefix.append(contentsOf: piece.prefix(room)) }
    if isTruncated { return }
    if message.count + piece.count > maxMessageBytes {
      message.append(contentsOf: piece.prefix(max(0, maxMessageBytes - message.count)))
      isTruncated = true
    } else {
      message.append(contentsOf: piece)
    }
  }

  private mutating func endLine(into out: inout [RawMessage]) {
    defer {
      inputLine += 1
      linePrefix.removeAll(keepingCapacity: true)
      lineLength = 0
    }
    let content = Self.trimmingEOL(linePrefix[...])
    let blank = content.isEmpty && lineLength <= 2
    switch mode {
    case .undecided:
      // Blank lines before the first separator are tolerated, as git mailsplit does.
      if blank { break }
      if Self.isSeparator(content, length: lineLength) {
        mode = .mbox
        message.removeAll(keepingCapacity: true)
        messageLine = inputLine + 1
        return
      }
      mode = .single
    case .single:
      break
    case .mbox:
      if previousLineBlank || linesInMessage == 0,
        Self.isSeparator(content, length: lineLength)
      {
        let cut = previousLineBlank && linesInMessage > 0 ? previousLineStart : lineStartInMessage
        message.removeSubrange(min(cut, message.count)...)
        emit(into: &out)
        messageLine = inputLine + 1
        return
      }
      if content.first == UInt8(ascii: ">"), !isTruncated {
        let quotes = content.prefix { $0 == UInt8(ascii: ">") }.count
        if content.dropFirst(quotes).starts(with: Self.fromSpace) {
          quotedFromOffsets.append(lineStartInMessage)
          if quotes >= 2 { sawMboxrdQuoting = true }
        }
      }
    }
    previousLineStart = lineStartInMessage
    previousLineBlank = blank
    linesInMessage += 1
  }

  private mutating func emit(into out: inout [RawMessage]) {
    let unquote = format == .mboxrd || (format == .auto && sawMboxrdQuoting)
    if mode == .mbox, unquote, !quotedFromOffsets.isEmpty {
      var unquoted: [UInt8] = []
      unquoted.reserveCapacity(message.count)
      var from = 0
      for offset in quotedFromOffsets where offset < message.count {
        unquoted.append(contentsOf: message[from..<offset])
        from = offset + 1
      }
      unquoted.append(contentsOf: message[from...])
      message = unquoted
    }
    let hasContent = message.contains { !Self.isSpace($0) }
    if hasContent || isTruncated {
      out.append(
        RawMessage(index: nextIndex, bytes: message, line: messageLine, isTruncated: isTruncated))
      nextIndex += 1
    }
    message = []
    isTruncated = false
    quotedFromOffsets.removeAll()
    previousLineBlank = false
    previousLineStart = 0
    linesInMessage = 0
  }

  private static let fromSpace: [UInt8] = Array("From ".utf8)

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private static func trimmingEOL(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var line = line
    if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
    return line
  }

  /// `From <sender> <date>` where the date holds a `hh:mm` time and a four-digit year, or
  /// `From <address>` alone; prose such as "From the start, ..." is neither.
  static func isSeparator(_ line: ArraySlice<UInt8>, length: Int) -> Bool {
    guard length <= maxSeparatorLength, line.starts(with: fromSpace) else { return false }
    let rest = line.dropFirst(5)
    guard let first = rest.first, !isSpace(first) else { return false }
    let sender = rest.prefix { !isSpace($0) }
    let date = rest.dropFirst(sender.count).drop { isSpace($0) }
    if date.isEmpty {
      return sender.contains(UInt8(ascii: "@")) || sender.elementsEqual("MAILER-DAEMON".utf8)
    }
    return containsTime(date) && containsYear(date)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private static func containsTime(_ text: ArraySlice<UInt8>) -> Bool {
    var index = text.startIndex
    while let colon = text[index...].firstIndex(of: UInt8(ascii: ":")) {
      let before = colon > text.startIndex && isDigit(text[colon - 1])
      let after = colon + 2 < text.endIndex && isDigit(text[colon + 1]) && isDigit(text[colon + 2])
      if before && after { return true }
      index = colon + 1
    }
    return false
  }

  private static func containsYear(_ text: ArraySlice<UInt8>) -> Bool {
    var run = 0
    for byte in text {
      if isDigit(byte) {
        run += 1
      } else {
        if run == 4 { return true }
        run = 0
      }
    }
    return run == 4
  }
}
