import Foundation
import PatchParse
import Testing

@testable import ReviewCore

@Suite("input reader")
struct InputReaderTests {
  static func temporary(_ name: String) -> URL {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("reviewbot-\(name)-\(UInt32.random(in: 0...UInt32.max))")
  }

  static func message(_ number: Int) -> String {
    """
    From patch\(number)@example.com Thu Feb 19 18:04:00 2009
    From: A U Thor <author@example.com>
    To: dri-devel@lists.example.org
    Subject: [PATCH] drm/i915: change number \(number)
    Message-ID: <m\(number)@example.com>
    Date: Thu, 19 Feb 2009 18:04:00 -0800

    Change \(number).

    Signed-off-by: A U Thor <author@example.com>
    ---
    diff --git a/a.c b/a.c
    --- a/a.c
    +++ b/a.c
    @@ -1 +1 @@
    -int x = \(number);
    +int x = \(number + 1);

    """
  }

  /// 40 messages, a blank line before each separator as mbox writers leave it; the 20th
  /// (index 19) is not a mail at all.
  static let mbox: String = (0..<40).map { number in
    number == 19
      ? "From garbage Thu Feb 19 18:04:00 2009\nFrom: x@example.com\n"
        + "Sub\u{01}j\u{02}ect: ?\n\n\u{00}\n"
      : message(number)
  }.joined(separator: "\n")

  @Test("a missing input is one error without an index")
  func missingInput() {
    let (mails, errors) = InputReader().readAll("/nonexistent/reviewbot/input.mbox")
    #expect(mails.isEmpty)
    #expect(
      errors == [
        InputError(
          input: "/nonexistent/reviewbot/input.mbox", index: nil, messageID: nil,
          message: "no such file")
      ])
  }

  @Test("an empty file is reported as such")
  func emptyInput() throws {
    let url = Self.temporary("empty")
    try Data().write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(InputReader().readAll(url.path).errors.map(\.message) == ["empty input"])
  }

  @Test("a directory that is not a maildir is refused")
  func notAMaildir() throws {
    let url = Self.temporary("dir")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    let errors = InputReader().readAll(url.path).errors
    #expect(errors.count == 1 && errors[0].index == nil)
  }

  @Test("maildir messages in cur/ and new/ are read one per file, in file-name order")
  func maildirOrder() throws {
    let url = Self.temporary("maildir")
    defer { try? FileManager.default.removeItem(at: url) }
    for (dir, name, number) in [("new", "1003.c", 3), ("cur", "1001.a", 1), ("cur", "1002.b", 2)] {
      let folder = url.appendingPathComponent(dir)
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let text = Self.message(number).split(separator: "\n", maxSplits: 1)[1]
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    var indices: [Int?] = []
    var subjects: [String] = []
    InputReader().read(url.path) { item in
      switch item {
      case .mail(let mail):
        indices.append(mail.index)
        subjects.append(mail.subject)
      case .error(let error):
        indices.append(error.index)
      }
    }
    #expect(indices == [0, 1, 2])
    if !subjects.isEmpty {
      #expect(subjects == (1...3).map { "drm/i915: change number \($0)" })
    }
  }

  @Test(
    "an mbox of 40 with one garbage message gives 39 mails and 1 error with its index")
  func oneBadOfForty() throws {
    let url = Self.temporary("forty.mbox")
    try Data(Self.mbox.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let (mails, errors) = InputReader().readAll(url.path)
    #expect(mails.count == 39)
    #expect(errors.count == 1)
    #expect(errors.first?.index == 19)
    #expect(errors.first?.input == url.path)
    #expect(mails.map(\.index) == Array(0..<19) + Array(20..<40))
    #expect(mails.allSatisfy { !$0.fileDiffs.isEmpty })
  }

  @Test(
    "the chunk size never changes what is read")
  func chunkSizeInvariant() {
    func items(_ chunk: Int) -> [InputItem] {
      var out: [InputItem] = []
      InputReader(chunkSize: chunk).read(bytes: Array(Self.mbox.utf8), input: "m") {
        out.append($0)
      }
      return out
    }
    let whole = items(1 << 20)
    #expect(whole.count == 40)
    for size in [1, 7, 4096] { #expect(items(size) == whole, "chunk \(size)") }
  }

  @Test("an input error prints as reviewbot prints it on stderr")
  func errorLine() {
    let error = InputError(input: "x.mbox", index: 19, messageID: "id@x", message: "bad header")
    #expect(error.description == "x.mbox: message 19 (id@x): bad header")
    #expect(
      InputError(input: "y", index: nil, messageID: nil, message: "no such file").description
        == "y: no such file")
  }
}

@Suite("mail errors")
struct MailErrorTests {
  @Test("a rejected message keeps its index and Message-ID in the input error")
  func keepsPlace() {
    let error = InputError(
      mailError: .malformedHeader(index: 7, messageID: "x@y", line: 3), input: "in.mbox")
    #expect(error.input == "in.mbox")
    #expect(error.index == 7)
    #expect(error.messageID == "x@y")
    let other = InputError(mailError: .other(index: 2, messageID: nil, detail: "odd"), input: "i")
    #expect(other == InputError(input: "i", index: 2, messageID: nil, message: "odd"))
  }
}
