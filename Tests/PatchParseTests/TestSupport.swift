import Foundation

@testable import PatchParse

/// Splits `text` fed in chunks of `chunkSize` bytes, as ReviewCore feeds files.
func split(_ text: String, chunkSize: Int = 65_536, format: MboxFormat = .auto) -> [RawMessage] {
  split(Array(text.utf8), chunkSize: chunkSize, format: format)
}

func split(_ bytes: [UInt8], chunkSize: Int = 65_536, format: MboxFormat = .auto) -> [RawMessage] {
  var splitter = MailboxSplitter(format: format)
  var messages: [RawMessage] = []
  var position = 0
  while position < bytes.count {
    let end = min(bytes.count, position + chunkSize)
    messages += splitter.feed(Array(bytes[position..<end]))
    position = end
  }
  return messages + splitter.finish()
}

func text(_ message: RawMessage) -> String { String(decoding: message.bytes, as: UTF8.self) }

/// Parses one message given as text (a single .eml).
func parse(_ text: String, index: Int = 0) throws(MailError) -> Mail {
  try parseMessage(RawMessage(index: index, bytes: Array(text.utf8), line: 1))
}

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
