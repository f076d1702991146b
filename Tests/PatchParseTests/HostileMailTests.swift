import Foundation
import Testing

@testable import PatchParse

/// Streams `bytes` through a splitter in 64 KiB chunks, as `reviewbot` reads files.
private func streamed(_ bytes: [UInt8]) -> [RawMessage] {
  var splitter = MailboxSplitter()
  var messages: [RawMessage] = []
  var start = 0
  while start < bytes.count {
    let end = min(bytes.count, start + 65_536)
    messages += splitter.feed(Array(bytes[start..<end]))
    start = end
  }
  return messages + splitter.finish()
}

private let separator = "From a@example.com Thu Feb 19 18:04:00 2009\n"

@Suite("hostile mail")
struct HostileMailTests {
  @Test("a 30 MB line added by a patch is split, parsed and kept whole, its neighbours too")
  func thirtyMegabyteLine() throws {
    let long = [UInt8](repeating: UInt8(ascii: "a"), count: 30_000_000)
    let head = separator + "Message-ID: <long@x>\nSubject: [PATCH] long\n\nx\n---\n"
      + "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n a\n+"
    let tail = "\n\n" + separator + "Message-ID: <next@x>\nSubject: next\n\nbody\n"
    let messages = streamed(Array(head.utf8) + long + Array(tail.utf8))
    #expect(messages.map(\.index) == [0, 1])
    let mail = try parseMessage(messages[0])
    let added = mail.fileDiffs.first?.hunks.first?.lines.last
    #expect(added?.kind == .added)
    #expect(added?.text.utf8.count == 30_000_000)
    #expect(try parseMessage(messages[1]).messageID == "next@x")
  }

  @Test("a 30 MB header line is refused as headerTooLong with index, Message-ID and line")
  func thirtyMegabyteHeader() {
    let long = String(repeating: "b", count: 30_000_000)
    let text = "Message-ID: <hdr@x>\nSubject: s\nX-Long: \(long)\n\nbody\n"
    let raw = RawMessage(index: 4, bytes: Array(text.utf8), line: 10)
    #expect(
      throws: MailError.headerTooLong(index: 4, messageID: "hdr@x", line: 12, limit: 1 << 20)
    ) {
      try parseMessage(raw)
    }
  }

  @Test("a header folded past the size limit is refused at the field's first line")
  func foldedHeaderTooLong() {
    let fold = String(repeating: " " + String(repeating: "c", count: 999) + "\n", count: 1_100)
    let text = "Message-ID: <fold@x>\nX-Folded: a\n\(fold)Subject: s\n\nbody\n"
    let raw = RawMessage(index: 0, bytes: Array(text.utf8), line: 1)
    #expect(
      throws: MailError.headerTooLong(index: 0, messageID: "fold@x", line: 2, limit: 1 << 20)
    ) {
      try parseMessage(raw)
    }
  }

  @Test("100 000 header fields stop at the field limit with its line")
  func tooManyFields() {
    let text = "Message-ID: <many@x>\n" + String(repeating: "X-A: b\n", count: 100_000) + "\nx\n"
    let raw = RawMessage(index: 2, bytes: Array(text.utf8), line: 1)
    #expect(
      throws: MailError.tooManyHeaders(index: 2, messageID: "many@x", line: 10_001, limit: 10_000)
    ) {
      try parseMessage(raw)
    }
  }

  @Test("10 000 nested multiparts stop at the depth limit with a located error")
  func deepMultipart() {
    var text = "Message-ID: <deep@x>\nSubject: x\n"
    for level in 0..<10_000 {
      text += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n"
    }
    text += "Content-Type: text/plain\n\nhi\n"
    let raw = RawMessage(index: 1, bytes: Array(text.utf8), line: 1)
    #expect(throws: MailError.mimeTooDeep(index: 1, messageID: "deep@x", line: 53, limit: 16)) {
      try parseMessage(raw)
    }
  }

  @Test("hunk counts that lie are refused with the @@ line, huge or overflowing")
  func lyingHunkCounts() {
    let header = "Message-ID: <hunk@x>\nSubject: [PATCH] x\n\nx\n---\n"
      + "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n"
    let huge = header + "@@ -1,999999999 +1,999999999 @@\n-a\n+b\n"
    #expect(
      throws: MailError.hunkCountMismatch(
        index: 0, messageID: "hunk@x", patchLine: 5, line: 9, expectedOld: 999_999_999,
        expectedNew: 999_999_999, foundOld: 1, foundNew: 1)
    ) {
      try parse(huge)
    }
    let overflow = header + "@@ -1,99999999999999999999 +1 @@\n-a\n+b\n"
    #expect(throws: MailError.malformedHunkHeader(index: 0, messageID: "hunk@x", patchLine: 5, line: 9)) {
      try parse(overflow)
    }
    // The signature's `-- ` reads as a removed line, as in `git apply`: the hunk stays short.
    let short = header + "@@ -1,3 +1,3 @@\n a\n-b\n+c\n-- \nsignature\n"
    #expect(
      throws: MailError.hunkCountMismatch(
        index: 0, messageID: "hunk@x", patchLine: 5, line: 9, expectedOld: 3, expectedNew: 3,
        foundOld: 3, foundNew: 2)
    ) {
      try parse(short)
    }
  }

  @Test("a message over the size limit is flagged, and the mbox's others are still read")
  func totalSizeLimit() throws {
    let big = String(repeating: "x\n", count: 600)
    let text = separator + "Message-ID: <big@x>\n\n" + big + "\n" + separator
      + "Message-ID: <ok@x>\nSubject: ok\n\nbody\n"
    var splitter = MailboxSplitter(maxMessageBytes: 1_000)
    let messages = splitter.feed(Array(text.utf8)) + splitter.finish()
    #expect(messages.map(\.isTruncated) == [true, false])
    #expect(
      throws: MailError.messageTooLarge(index: 0, messageID: "big@x", line: 2, limit: 1_000)
    ) {
      try parseMessage(messages[0])
    }
    #expect(try parseMessage(messages[1]).messageID == "ok@x")
  }
}
