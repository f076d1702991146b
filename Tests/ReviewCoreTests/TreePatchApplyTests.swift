import Foundation
import PatchParse
import Testing

@testable import ReviewCore

/// Numbered lines make hunks easy to place and offsets easy to create.
private func numbered(_ range: ClosedRange<Int>, prefix: String = "line") -> String {
  range.map { "\(prefix) \($0)\n" }.joined()
}

@Suite("patches applied in memory")
struct TreePatchApplyTests {
  /// Two hunks on `gem.c`, a new header, a deleted file and a rename with a change.
  static let patch = """
    diff --git a/gem.c b/gem.c
    index 1111111..2222222 100644
    --- a/gem.c
    +++ b/gem.c
    @@ -2,3 +2,4 @@
     line 2
     line 3
    +added after 3
     line 4
    @@ -17,3 +18,3 @@
     line 17
    -line 18
    +changed 18
     line 19
    diff --git a/new.h b/new.h
    new file mode 100644
    index 0000000..3333333
    --- /dev/null
    +++ b/new.h
    @@ -0,0 +1,2 @@
    +#define NEW 1
    +#define OLD 0
    diff --git a/gone.c b/gone.c
    deleted file mode 100644
    index 4444444..0000000
    --- a/gone.c
    +++ /dev/null
    @@ -1,2 +0,0 @@
    -int gone;
    -int really;
    diff --git a/old_name.c b/new_name.c
    similarity index 80%
    rename from old_name.c
    rename to new_name.c
    index 5555555..6666666 100644
    --- a/old_name.c
    +++ b/new_name.c
    @@ -1,3 +1,3 @@
     a
    -b
    +B
     c

    """

  static let baseFiles = [
    "gem.c": numbered(1...20),
    "gone.c": "int gone;\nint really;\n",
    "old_name.c": "a\nb\nc\n",
  ]

  static let expected = [
    "gem.c": numbered(1...3) + "added after 3\n" + numbered(4...17) + "changed 18\n"
      + numbered(19...20),
    "new.h": "#define NEW 1\n#define OLD 0\n",
    "new_name.c": "a\nB\nc\n",
  ]

  private func texts(_ snapshot: SourceSnapshot) throws -> [String: String] {
    var result: [String: String] = [:]
    for path in snapshot.paths { result[path] = try snapshot.read(path) }
    return result
  }

  @Test("libgit2 and the Swift applier give the same files for a git and a directory base")
  func bothAppliersAgree() throws {
    let test = try TestRepository()
    let base = try test.commit("base", files: Self.baseFiles)
    let gitBase = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: base)
    let directory = try makeTemporaryDirectory("reviewbot-tree")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for (path, text) in Self.baseFiles {
      try text.write(toFile: directory + "/" + path, atomically: false, encoding: .utf8)
    }
    let directoryBase = try SourceSnapshot(directory: directory)
    let diffs = testFileDiffs(Self.patch)
    let viaGit = try gitBase.applying(patchText: Self.patch, fileDiffs: diffs)
    let viaSwift = try directoryBase.applying(patchText: Self.patch, fileDiffs: diffs)
    let viaSwiftOnGit = try TextPatchApplier.apply(diffs, to: gitBase)
    #expect(try texts(GitPatchApplier.apply(Self.patch, to: gitBase)) == Self.expected)
    let rendered = gitPatchText(for: diffs)
    #expect(try texts(GitPatchApplier.apply(rendered, to: gitBase)) == Self.expected)
    #expect(try texts(gitBase.applying(diffs)) == Self.expected)
    #expect(try texts(directoryBase.applying(diffs)) == Self.expected)
    #expect(try texts(viaGit) == Self.expected)
    #expect(try texts(viaSwift) == Self.expected)
    #expect(try texts(viaSwiftOnGit) == Self.expected)
    #expect(viaGit.contentID(of: "gem.c") == viaSwift.contentID(of: "gem.c"))
    #expect(throws: SnapshotError.notFound(path: "gone.c")) { try viaGit.read("gone.c") }
    #expect(throws: SnapshotError.notFound(path: "old_name.c")) { try viaSwift.read("old_name.c") }
  }

  @Test("hunks apply at an offset when lines were added above them, as git apply does")
  // libgit2 applies only at the stated line; `applying` retries with the Swift applier.
  func offsetSearch() throws {
    let shifted = numbered(1...1, prefix: "top") + numbered(1...20)
    let base = try SourceSnapshot.empty.overlaying(["gem.c": shifted])
    let gemOnly = Array(testFileDiffs(Self.patch).prefix(1))
    let result = try TextPatchApplier.apply(gemOnly, to: base)
    #expect(try result.read("gem.c") == "top 1\n" + Self.expected["gem.c"]!)

    let test = try TestRepository()
    let commit = try test.commit("shifted", files: ["gem.c": shifted])
    let gitBase = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let gemPatch = Self.patch.components(separatedBy: "diff --git a/new.h")[0]
    let viaGit = try gitBase.applying(patchText: gemPatch, fileDiffs: gemOnly)
    #expect(try viaGit.read("gem.c") == "top 1\n" + Self.expected["gem.c"]!)
  }

  @Test("a patch that does not apply names the file and the 1-based hunk, in both appliers")
  func failingHunkIsNamed() throws {
    var files = Self.baseFiles
    files["gem.c"] = numbered(1...17) + "someone else changed 18\n" + numbered(19...20)
    let expected = PatchApplyError.hunkDoesNotApply(
      file: "gem.c", hunk: 2, header: "@@ -17,3 +18,3 @@")
    let test = try TestRepository()
    let commit = try test.commit("base", files: files)
    let gitBase = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let diffs = testFileDiffs(Self.patch)
    #expect(throws: expected) {
      try gitBase.applying(patchText: Self.patch, fileDiffs: diffs)
    }
    #expect(throws: expected) { try TextPatchApplier.apply(diffs, to: gitBase) }
    #expect(throws: expected) { try GitPatchApplier.apply(Self.patch, to: gitBase) }
    #expect(
      expected.description
        == "patch does not apply: gem.c: hunk 2 (@@ -17,3 +18,3 @@) does not match the base")
  }

  @Test("a patch that changes a file the base lacks, or adds one it has, is refused")
  func missingAndExistingFiles() throws {
    let diffs = testFileDiffs(Self.patch)
    #expect(throws: PatchApplyError.missingFile(file: "gem.c")) {
      try TextPatchApplier.apply(diffs, to: .empty)
    }
    var files = Self.baseFiles
    files["new.h"] = "#define NEW 0\n"
    let test = try TestRepository()
    let commit = try test.commit("base", files: files)
    let gitBase = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    #expect(throws: PatchApplyError.fileExists(file: "new.h")) {
      try gitBase.applying(patchText: Self.patch, fileDiffs: diffs)
    }
  }

  @Test("paths with .., absolute paths and paths through a symlink are refused")
  func hostilePathsRefused() throws {
    let test = try TestRepository()
    let commit = try test.commit(
      "base", files: ["ok.c": "int ok;\n"], links: ["drivers": "/etc", "evil.c": "/etc/passwd"])
    let gitBase = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    #expect(gitBase.symlinks == ["drivers", "evil.c"])
    let cases: [(String, PatchApplyError)] = [
      ("../outside.c", .pathOutsideTree(path: "../outside.c")),
      ("drivers/../../x.c", .pathOutsideTree(path: "drivers/../../x.c")),
      ("/etc/cron.d/x", .pathOutsideTree(path: "/etc/cron.d/x")),
      ("drivers/gpu.c", .pathThroughSymlink(path: "drivers/gpu.c", link: "drivers")),
      ("evil.c", .pathThroughSymlink(path: "evil.c", link: "evil.c")),
    ]
    for (path, error) in cases {
      let patch = """
        diff --git a/\(path) b/\(path)
        new file mode 100644
        --- /dev/null
        +++ b/\(path)
        @@ -0,0 +1 @@
        +int pwned;

        """
      var diffs = testFileDiffs(patch)
      diffs[0].newPath = path
      #expect(throws: error) { try gitBase.applying(patchText: patch, fileDiffs: diffs) }
      #expect(throws: error) { try TextPatchApplier.apply(diffs, to: gitBase) }
    }
  }

  @Test("applying through libgit2 adds no object to the repository and touches no work tree")
  func nothingWritten() throws {
    let test = try TestRepository()
    let commit = try test.commit("base", files: Self.baseFiles)
    let before = try allFiles(below: test.path)
    let base = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let first = try base.applying(patchText: Self.patch, fileDiffs: testFileDiffs(Self.patch))
    _ = try first.applying(patchText: Self.second, fileDiffs: testFileDiffs(Self.second))
    #expect(try allFiles(below: test.path) == before)
  }

  static let second = """
    diff --git a/new.h b/new.h
    index 3333333..7777777 100644
    --- a/new.h
    +++ b/new.h
    @@ -1,2 +1,2 @@
     #define NEW 1
    -#define OLD 0
    +#define OLD 2

    """

  @Test("a series applies each patch on top of the ones before it")
  func seriesInOrder() throws {
    let test = try TestRepository()
    let commit = try test.commit("base", files: Self.baseFiles)
    let base = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let mails = [Self.patch, Self.second].enumerated().map { index, text in
      Mail(index: index, patch: text, fileDiffs: testFileDiffs(text))
    }
    let results = base.applyingSeries(mails)
    let last = try results[1].get()
    #expect(try last.read("new.h") == "#define NEW 1\n#define OLD 2\n")
    #expect(try last.read("gem.c") == Self.expected["gem.c"])
    let reversed = base.applyingSeries(mails.reversed())
    #expect(throws: SeriesApplyError.patch(.missingFile(file: "new.h"))) {
      try reversed[0].get()
    }
    #expect(throws: SeriesApplyError.earlierPatchFailed(patch: 1)) { try reversed[1].get() }
  }

  @Test("a missing newline at end of file is kept, added and removed as the patch says")
  func noNewlineAtEndOfFile() throws {
    let patch = """
      diff --git a/a.c b/a.c
      --- a/a.c
      +++ b/a.c
      @@ -1,2 +1,2 @@
       x
      -y
      \\ No newline at end of file
      +y;
      diff --git a/b.c b/b.c
      --- a/b.c
      +++ b/b.c
      @@ -1,2 +1,2 @@
       x
      -y
      +z
      \\ No newline at end of file

      """
    let files = ["a.c": "x\ny", "b.c": "x\ny\n"]
    let test = try TestRepository()
    let commit = try test.commit("base", files: files)
    let gitBase = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let diffs = testFileDiffs(patch)
    for result in [
      try gitBase.applying(patchText: patch, fileDiffs: diffs),
      try TextPatchApplier.apply(diffs, to: gitBase.overlaying(files)),
    ] {
      #expect(try result.read("a.c") == "x\ny;\n")
      #expect(try result.read("b.c") == "x\nz")
    }
  }

  @Test("a plain diff -u patch that libgit2 cannot read is applied by the Swift applier")
  func plainDiffFallsBack() throws {
    let patch = """
      --- linux.orig/gem.c
      +++ linux/gem.c
      @@ -1,2 +1,2 @@
       line 1
      -line 2
      +line two

      """
    let diffs = [
      FileDiff(
        oldPath: "gem.c", newPath: "gem.c",
        hunks: [
          Hunk(
            oldStart: 1, oldCount: 2, newStart: 1, newCount: 2,
            lines: [
              .init(kind: .context, text: "line 1"), .init(kind: .removed, text: "line 2"),
              .init(kind: .added, text: "line two"),
            ])
        ])
    ]
    let test = try TestRepository()
    let commit = try test.commit("base", files: ["gem.c": numbered(1...3)])
    let base = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let result = try base.applying(patchText: patch, fileDiffs: diffs)
    #expect(try result.read("gem.c") == "line 1\nline two\nline 3\n")
  }
}

extension TreePatchApplyTests {
  @Test("a pure rename and a mode-only change apply from parsed diffs through libgit2")
  func pureRename() throws {
    let test = try TestRepository()
    let commit = try test.commit("base", files: ["old.c": "int a;\n", "keep.c": "int k;\n"])
    let base = try GitRepository(discoveringFrom: test.path).snapshot(ofCommit: commit)
    let diffs = [
      FileDiff(oldPath: "old.c", newPath: "new.c", status: .renamed),
      FileDiff(oldPath: "keep.c", newPath: "keep.c", oldMode: "100644", newMode: "100755"),
    ]
    let result = try base.applying(diffs)
    #expect(result.paths == ["keep.c", "new.c"])
    #expect(try result.read("new.c") == "int a;\n")
    #expect(try GitPatchApplier.apply(gitPatchText(for: diffs), to: base).paths == result.paths)
  }
}

extension TreePatchApplyTests {
  @Test("hunks with no old lines insert at the top, after a line, and at the end")
  func pureInsertions() throws {
    func insert(after line: Int, _ text: String) -> Hunk {
      Hunk(
        oldStart: line, oldCount: 0, newStart: line + 1, newCount: 1,
        lines: [.init(kind: .added, text: text)])
    }
    let hunks = [insert(after: 0, "top"), insert(after: 1, "after 1"), insert(after: 3, "end")]
    let result = try TextPatchApplier.applyHunks(hunks, to: "1\n2\n3\n", file: "f.c")
    #expect(result == "top\n1\nafter 1\n2\n3\nend\n")
    let beyond = PatchApplyError.hunkDoesNotApply(file: "f.c", hunk: 1, header: "@@ -9,0 +10,1 @@")
    #expect(throws: beyond) {
      try TextPatchApplier.applyHunks([insert(after: 9, "x")], to: "1\n", file: "f.c")
    }
  }
}

private func allFiles(below root: String) throws -> [String: Int] {
  var result: [String: Int] = [:]
  let enumerator = FileManager.default.enumerator(atPath: root)
  while let path = enumerator?.nextObject() as? String {
    let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + path)
    result[path] = (attributes[.size] as? Int) ?? -1
  }
  return result
}
