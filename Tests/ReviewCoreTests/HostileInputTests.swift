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
          message: "patch line 5: hunk header counts -999999999 +999999999 but the hunk has -1 +1"
            + " lines")
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
}
