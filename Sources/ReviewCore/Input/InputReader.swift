import Foundation
import PatchParse

/// One thing read from an input: a parsed message or the error that replaced it.
public enum InputItem: Hashable, Sendable {
  case mail(Mail)
  case error(InputError)
}

/// How HTML archive pages are recognised and read; PatchParse provides both functions.
public struct HTMLPageSupport: Sendable {
  /// True when the first bytes of an input look like an HTML page.
  public var detect: @Sendable ([UInt8]) -> Bool
  /// Parses a whole page as the message with the given index.
  public var parse: @Sendable ([UInt8], Int) throws -> Mail

  public init(
    detect: @escaping @Sendable ([UInt8]) -> Bool,
    parse: @escaping @Sendable ([UInt8], Int) throws -> Mail
  ) {
    self.detect = detect
    self.parse = parse
  }
}

/// Reads review inputs: an mbox (streamed), a maildir, a single message (`.eml`, `.patch`),
/// an HTML archive page, or `-` for stdin. One bad message never stops the others.
public struct InputReader: Sendable {
  /// Bytes read at a time; mboxes are never held whole in memory.
  public var chunkSize: Int
  /// `nil` until PatchParse's HTML reader is wired in: pages are then read as mail text.
  public var html: HTMLPageSupport?
  /// Bytes of one message kept at most: an mbox's splitter truncates and flags a larger
  /// message, and a single-message input (.eml, page, maildir file) larger than this is
  /// refused unread rather than held whole in memory.
  public var maxMessageBytes: Int

  /// - Parameters:
  ///   - chunkSize: bytes per read (64 KiB by default).
  ///   - html: the HTML page reader, when available.
  ///   - maxMessageBytes: the largest message read (64 MiB by default).
  public init(
    chunkSize: Int = 64 * 1024, html: HTMLPageSupport? = nil, maxMessageBytes: Int = 64 << 20
  ) {
    self.chunkSize = max(1, chunkSize)
    self.html = html
    self.maxMessageBytes = maxMessageBytes
  }

  /// Reads every message of `input`, calling `each` in input order as messages complete.
  /// - Parameters:
  ///   - input: a file or directory path, or `-` for stdin.
  ///   - each: receives each message or the error that replaced it.
  public func read(_ input: String, each: (InputItem) -> Void) {
    if input == "-" {
      readStream(FileHandle.standardInput, input: input, each: each)
      return
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
      each(.error(InputError(input: input, index: nil, messageID: nil, message: "no such file")))
      return
    }
    if isDirectory.boolValue {
      readMaildir(input, each: each)
      return
    }
    guard let handle = FileHandle(forReadingAtPath: input) else {
      each(.error(InputError(input: input, index: nil, messageID: nil, message: "cannot open")))
      return
    }
    defer { try? handle.close() }
    readStream(handle, input: input, each: each)
  }

  /// Every message of `input` and every error, in input order.
  public func readAll(_ input: String) -> (mails: [Mail], errors: [InputError]) {
    var mails: [Mail] = []
    var errors: [InputError] = []
    read(input) { item in
      switch item {
      case .mail(let mail): mails.append(mail)
      case .error(let error): errors.append(error)
      }
    }
    return (mails, errors)
  }

  /// Reads messages from bytes already in memory (tests, `sendemail-validate` files).
  public func read(bytes: [UInt8], input: String, each: (InputItem) -> Void) {
    var offset = 0
    readChunks(
      input: input,
      next: {
        guard offset < bytes.count else { return [] }
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return Array(bytes[offset..<end])
      }, each: each)
  }

  private func readStream(_ handle: FileHandle, input: String, each: (InputItem) -> Void) {
    readChunks(
      input: input, next: { [chunkSize] in [UInt8](handle.readData(ofLength: chunkSize)) },
      each: each)
  }

  /// Decides the format from the first chunk, then streams mboxes and collects the rest.
  private func readChunks(input: String, next: () -> [UInt8], each: (InputItem) -> Void) {
    var first = next()
    while first.count < 5 {
      let more = next()
      if more.isEmpty { break }
      first += more
    }
    if first.isEmpty {
      each(.error(InputError(input: input, index: nil, messageID: nil, message: "empty input")))
      return
    }
    if startsLikeMbox(first) {
      var splitter = MailboxSplitter(maxMessageBytes: maxMessageBytes)
      var chunk = first
      while !chunk.isEmpty {
        for raw in splitter.feed(chunk) { each(parse(raw, input: input)) }
        chunk = next()
      }
      for raw in splitter.finish() { each(parse(raw, input: input)) }
      return
    }
    // A single message or page is small; it is read whole because it is parsed whole.
    var bytes = first
    while bytes.count <= maxMessageBytes, case let chunk = next(), !chunk.isEmpty {
      bytes += chunk
    }
    if bytes.count > maxMessageBytes {
      each(.error(InputError(mailError: tooLarge(index: 0), input: input)))
      return
    }
    if let html, html.detect(bytes) {
      do {
        each(.mail(try html.parse(bytes, 0)))
      } catch {
        each(.error(InputError(input: input, index: 0, messageID: nil, message: "\(error)")))
      }
      return
    }
    each(parse(RawMessage(index: 0, bytes: bytes, line: 1), input: input))
  }

  /// Mail text from `git format-patch`, b4, lei and mail clients starts with a `From ` line.
  private func startsLikeMbox(_ bytes: [UInt8]) -> Bool {
    let start = bytes.drop { $0 == 0x0A || $0 == 0x0D }
    return start.starts(with: Array("From ".utf8))
  }

  /// Maildir messages in `cur/` and `new/`, ordered by file name (delivery time first).
  private func readMaildir(_ directory: String, each: (InputItem) -> Void) {
    let files = FileManager.default
    var entries: [(name: String, path: String)] = []
    var sawMaildir = false
    for sub in ["cur", "new"] {
      let dir = directory + "/" + sub
      guard let names = try? files.contentsOfDirectory(atPath: dir) else { continue }
      sawMaildir = true
      for name in names where !name.hasPrefix(".") {
        entries.append((name, dir + "/" + name))
      }
    }
    guard sawMaildir else {
      each(
        .error(
          InputError(
            input: directory, index: nil, messageID: nil,
            message: "a directory without cur/ or new/ is not a maildir")))
      return
    }
    entries.sort { ($0.name, $0.path) < ($1.name, $1.path) }
    for (index, entry) in entries.enumerated() {
      // A FIFO would block the read forever; a huge file would be held whole.
      let attributes = try? files.attributesOfItem(atPath: entry.path)
      if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
        each(
          .error(
            InputError(
              input: directory, index: index, messageID: nil,
              message: "\(entry.path): not a regular file")))
        continue
      }
      if let size = attributes?[.size] as? Int, size > maxMessageBytes {
        each(.error(InputError(mailError: tooLarge(index: index), input: directory)))
        continue
      }
      guard let data = files.contents(atPath: entry.path) else {
        each(
          .error(
            InputError(
              input: directory, index: index, messageID: nil,
              message: "cannot read \(entry.path)")))
        continue
      }
      each(parse(RawMessage(index: index, bytes: [UInt8](data), line: 1), input: directory))
    }
  }

  private func tooLarge(index: Int) -> MailError {
    .messageTooLarge(index: index, messageID: nil, line: 1, limit: maxMessageBytes)
  }

  private func parse(_ raw: RawMessage, input: String) -> InputItem {
    do throws(MailError) {
      return .mail(try parseMessage(raw))
    } catch {
      return .error(InputError(mailError: error, input: input))
    }
  }
}

extension InputError {
  /// The reader's error for a message PatchParse rejected, with the input it came from.
  ///
  /// Every `MailError` case carries `index` and most a `messageID`; they are read by label so
  /// cases PatchParse adds are reported with their place too, in PatchParse's own words.
  public init(mailError: MailError, input: String) {
    var index: Int?
    var messageID: String?
    if let payload = Mirror(reflecting: mailError).children.first?.value {
      for field in Mirror(reflecting: payload).children {
        switch (field.label, field.value) {
        case ("index", let value as Int): index = value
        case ("messageID", let value as String?): messageID = value
        default: break
        }
      }
    }
    let message: String
    if case .other(_, _, let detail) = mailError {
      message = detail
    } else {
      message = String(describing: mailError)
    }
    self.init(input: input, index: index, messageID: messageID, message: message)
  }
}
