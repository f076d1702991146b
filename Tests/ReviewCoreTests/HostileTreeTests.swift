import Foundation
import LockModelExtract
import Testing

@testable import ReviewCore

@Suite("hostile trees end to end")
struct HostileTreeTests {
  /// A tree holding the file the test patch changes and, beside it, every hostile case.
  static func hostileTree() throws -> String {
    let root = try makeTemporaryDirectory("reviewbot-hostile-tree")
    func write(_ path: String, _ bytes: [UInt8]) throws {
      let url = URL(fileURLWithPath: root + "/" + path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    try write("a.c", Array("int x = 0;\n".utf8))
    let deep = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
    try write("deep.c", Array("int deep(void)\n{\n\treturn \(deep);\n}\n".utf8))
    try write("braces.c", Array("}}}\nint f(void) { if (1) { return 0; }}}\n{{{\n".utf8))
    try write("fw.c", [0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 0, 0xFF])
    try write("x.c/inner.c", Array("int inner;\n".utf8))
    #expect(mkfifo(root + "/pipe.c", 0o644) == 0)
    let files = FileManager.default
    try files.createSymbolicLink(atPath: root + "/loop", withDestinationPath: ".")
    try files.createSymbolicLink(atPath: root + "/passwd.c", withDestinationPath: "/etc/passwd")
    return root
  }

  @Test("a tree with deep nesting, binary, FIFO, symlinks and a directory named x.c is listed")
  func hostileTreeListed() throws {
    let root = try Self.hostileTree()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let snapshot = try SourceSnapshot(directory: root)
    #expect(snapshot.paths == ["a.c", "braces.c", "deep.c", "x.c/inner.c"])
    #expect(snapshot.symlinks == ["loop", "passwd.c"])
    #expect(
      snapshot.notes.map(\.description).sorted() == [
        "fw.c: binary file, skipped",
        "loop: symbolic link, not followed",
        "passwd.c: symbolic link, not followed",
        "pipe.c: unreadable (not a regular file), skipped",
      ])
  }

  @Test("a patch against a hostile tree is still reviewed; nothing there becomes an error")
  func reviewedAgainstHostileTree() throws {
    let root = try Self.hostileTree()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let url = InputReaderTests.temporary("one.mbox")
    try Data(InputReaderTests.message(0).utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let request = ReviewRequest(inputs: [url.path], tree: root)
    let reviewer = request.reviewer(knowledge: KnowledgeBase(), configuration: Configuration())
    let run = try request.run(reviewer: reviewer, reader: .standard())
    #expect(run.errors == [])
    #expect(run.reviews.map(\.mail.messageID) == ["m0@example.com"])
    #expect(run.reviews.first?.hadBaseTree == true)
  }
}
