import Foundation
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

@Suite("hostile inputs end to end")
struct HostileInputTests {
  static func write(_ text: String, name: String) throws -> URL {
    let url = InputReaderTests.temporary(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  static func run(_ inputs: [String]) throws -> ReviewRun {
    let request = ReviewRequest(inputs: inputs)
    let reviewer = request.reviewer(knowledge: KnowledgeBase(), configuration: Configuration())
    return try request.run(reviewer: reviewer, reader: .standard())
  }

  @Test("an mbox of 40 with one broken message: 39 reviews, the broken one under errors in JSON")
  func oneBadOfFortyInJSON() throws {
    let url = try Self.write(InputReaderTests.mbox, name: "forty.mbox")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try Self.run([url.path])
    #expect(run.reviews.count == 39)
    #expect(run.reviews.map(\.mail.index) == Array(0..<19) + Array(20..<40))
    #expect(
      run.errors == [
        InputError(
          input: url.path, index: 19, messageID: nil,
          message: "line 345: malformed header field name")
      ])
    #expect(
      run.errors.map(\.description) == [
        "\(url.path): message 19: line 345: malformed header field name"
      ])
    #expect(!run.readNothing)

    let json = try #require(
      JSONSerialization.jsonObject(
        with: Data(JSONWriter(settings: WriterFixtures.settings).write(run).utf8))
        as? [String: Any])
    let errors = try #require(json["errors"] as? [[String: Any]])
    #expect(errors.count == 1)
    #expect(errors.first?["index"] as? Int == 19)
    #expect(errors.first?["message_id"] is NSNull)
    #expect(errors.first?["error"] as? String == "line 345: malformed header field name")
    #expect((json["reviews"] as? [Any])?.count == 39)
  }

  @Test("a broken message with a Message-ID is reported with it; the others still reviewed")
  func brokenMessageKeepsItsID() throws {
    let broken = """
      From garbage Thu Feb 19 18:04:00 2009
      Message-ID: <broken@example.com>
      Subject: [PATCH] drm/i915: lying hunk

      ---
      diff --git a/a.c b/a.c
      --- a/a.c
      +++ b/a.c
      @@ -1,999999999 +1,999999999 @@
      -int x = 1;
      +int x = 2;

      """
    let text = InputReaderTests.message(0) + "\n" + broken + "\n" + InputReaderTests.message(2)
    let url = try Self.write(text, name: "lying.mbox")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try Self.run([url.path])
    #expect(run.reviews.map(\.mail.index) == [0, 2])
    #expect(
      run.errors == [
        InputError(
          input: url.path, index: 1, messageID: "broken@example.com",
          message: "line 27 (patch line 5): hunk header counts -999999999 +999999999 but the hunk"
            + " has -1 +1 lines")
      ])
  }

  @Test("only when nothing at all could be read does the run count as unreadable (exit 2)")
  func nothingReadable() throws {
    let garbage = "From x Thu Feb 19 18:04:00 2009\nBad\u{01}Name: v\n\nbody\n"
    let url = try Self.write(garbage + "\n" + garbage, name: "garbage.mbox")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try Self.run([url.path])
    #expect(run.reviews.isEmpty)
    #expect(run.errors.map(\.index) == [0, 1])
    #expect(run.readNothing)
  }

  @Test("a single-message input over the size limit is refused unread, with its place")
  func oversizedSingleMessage() throws {
    let body = String(repeating: "text\n", count: 1_000)
    let url = try Self.write("Subject: big\n\n" + body, name: "big.eml")
    defer { try? FileManager.default.removeItem(at: url) }
    let reader = InputReader(chunkSize: 100, maxMessageBytes: 1_000)
    let (mails, errors) = reader.readAll(url.path)
    #expect(mails.isEmpty)
    #expect(
      errors == [
        InputError(
          input: url.path, index: 0, messageID: nil,
          message: "line 1: message larger than 1000 bytes")
      ])
  }

  @Test("an oversized message in an mbox is flagged and the others are read")
  func oversizedInMbox() throws {
    let big = InputReaderTests.message(1).replacingOccurrences(
      of: "Change 1.", with: String(repeating: "long line\n", count: 500))
    let text = InputReaderTests.message(0) + "\n" + big + "\n" + InputReaderTests.message(2)
    let url = try Self.write(text, name: "big.mbox")
    defer { try? FileManager.default.removeItem(at: url) }
    let (mails, errors) = InputReader(maxMessageBytes: 2_000).readAll(url.path)
    #expect(mails.map(\.index) == [0, 2])
    #expect(errors.map(\.index) == [1])
    #expect(errors.first?.messageID == "m1@example.com")
    #expect(errors.first?.message.hasSuffix("message larger than 2000 bytes") == true)
  }

  @Test("a FIFO in a maildir is reported and skipped, never opened")
  func fifoInMaildir() throws {
    let url = InputReaderTests.temporary("fifo-maildir")
    defer { try? FileManager.default.removeItem(at: url) }
    let cur = url.appendingPathComponent("cur")
    try FileManager.default.createDirectory(at: cur, withIntermediateDirectories: true)
    let text = InputReaderTests.message(1).split(separator: "\n", maxSplits: 1)[1]
    try Data(text.utf8).write(to: cur.appendingPathComponent("1001.a"))
    #expect(mkfifo(cur.appendingPathComponent("1002.b").path, 0o644) == 0)
    let (mails, errors) = InputReader().readAll(url.path)
    #expect(mails.map(\.index) == [0])
    #expect(
      errors == [
        InputError(
          input: url.path, index: 1, messageID: nil,
          message: "\(cur.path)/1002.b: not a regular file")
      ])
  }
}
