import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

@Suite("what a patch changes")
struct PatchShapeTests {
  @Test("a function is changed when an added line or a removal falls inside it")
  func changedFunctions() {
    let lines = ChangedLines([ReviewerTests.moveCopy])
    let file = ReviewerTests.file
    let pwrite = FunctionModel(name: "pwrite", location: Loc(file: file, line: 1), endLine: 10)
    let later = FunctionModel(name: "later", location: Loc(file: file, line: 12), endLine: 20)
    let elsewhere = FunctionModel(name: "pwrite", location: Loc(file: "x.c", line: 1), endLine: 10)
    #expect(lines.touches(pwrite))
    #expect(!lines.touches(later))
    #expect(!lines.touches(elsewhere))
  }

  @Test(
    "without a base, a hunk's patched lines sit at their real line numbers under its function head")
  func hunkOnlyTree() throws {
    let tree = HunkOnlyTree.make(from: [ReviewerTests.moveCopy])
    let text = try tree.read(ReviewerTests.file)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[3] == "static int pwrite() {")
    #expect(lines[4] == "\tmutex_lock(&dev->struct_mutex);")
    #expect(lines[5] == "\tret = copy_from_user(buf, ptr, len);")
    #expect(lines[7] == "}")
    #expect(!text.contains("do_write(buf);\n\tret"))
  }

  @Test("a hunk that opens its own function gets no invented head")
  func hunkWithOwnFunction() throws {
    let diff = FileDiff(
      oldPath: nil, newPath: "a.c", status: .added,
      hunks: [
        Hunk(
          oldStart: 0, oldCount: 0, newStart: 1, newCount: 4, section: "",
          lines: [
            .init(kind: .added, text: "static void f(void)"), .init(kind: .added, text: "{"),
            .init(kind: .added, text: "\tg();"), .init(kind: .added, text: "}"),
          ])
      ])
    #expect(
      try HunkOnlyTree.make(from: [diff]).read("a.c") == "static void f(void)\n{\n\tg();\n}\n")
    #expect(HunkOnlyTree.make(from: [diff]).paths == ["a.c"])
  }

  @Test(
    "an overlay shows patched files over the base, deletions gone, ids only for unchanged files")
  func overlay() throws {
    let base = MemoryTree(
      files: ["a.c": "a\n", "b.c": "b\n"], contentIDs: ["a.c": "1", "b.c": "2"])
    let overlay = OverlayTree(base: base, changed: ["a.c": "A\n", "c.c": "c\n"], deleted: ["b.c"])
    #expect(overlay.paths == ["a.c", "c.c"])
    #expect(try overlay.read("a.c") == "A\n")
    #expect(overlay.contentID("a.c") == nil)
    #expect(throws: TreeSourceError.missingFile(path: "b.c")) { try overlay.read("b.c") }
    let untouched = OverlayTree(base: base, changed: [:])
    #expect(untouched.contentID("b.c") == "2")
  }

  @Test("hunk headers are written as git writes them, ,1 omitted")
  func hunkHeader() {
    #expect(
      HunkQuote.header(Hunk(oldStart: 6, oldCount: 1, newStart: 6, newCount: 2)) == "@@ -6 +6,2 @@")
    #expect(
      HunkQuote.header(Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 3, section: "f()"))
        == "@@ -0,0 +1,3 @@ f()")
  }
}
