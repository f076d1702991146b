import Testing

@testable import PatchParse

private func diffs(_ patch: String) throws(MailError) -> [FileDiff] {
  try DiffParser(index: 0, messageID: nil).parse(BodySplit.lines(of: patch)).fileDiffs
}

@Test("git extended headers: rename with similarity, mode change, new and deleted files")
func extendedHeaders() throws {
  let files = try diffs(
    """
    diff --git a/old.c b/new.c
    similarity index 90%
    rename from old.c
    rename to new.c
    diff --git a/run.sh b/run.sh
    old mode 100644
    new mode 100755
    diff --git a/added.c b/added.c
    new file mode 100644
    index 0000000..1234567
    --- /dev/null
    +++ b/added.c
    @@ -0,0 +1 @@
    +int x;
    diff --git a/gone.c b/gone.c
    deleted file mode 100644
    index 1234567..0000000
    --- a/gone.c
    +++ /dev/null
    @@ -1 +0,0 @@
    -int x;
    diff --git a/a.c b/b.c
    copy from a.c
    copy to b.c
    """)
  #expect(files.map(\.status) == [.renamed, .modified, .added, .deleted, .copied])
  #expect(files[0].oldPath == "old.c" && files[0].newPath == "new.c" && files[0].similarity == 90)
  #expect(files[1].oldMode == "100644" && files[1].newMode == "100755")
  #expect(files[2].oldPath == nil && files[2].newPath == "added.c" && files[2].newMode == "100644")
  #expect(files[3].oldPath == "gone.c" && files[3].newPath == nil)
  #expect(files[4].oldPath == "a.c" && files[4].newPath == "b.c")
  #expect(files.map(\.line) == [1, 5, 8, 15, 22])
}

@Test("plain unified diffs strip one leading component and timestamps")
func plainUnified() throws {
  let files = try diffs(
    """
    --- linux-orig/drivers/x.c\t2009-02-19 18:04:00.000000000 -0800
    +++ linux/drivers/x.c\t2009-02-19 18:05:00.000000000 -0800
    @@ -10,3 +10,4 @@ static int f(void)
     a
    +b

     c
    """)
  #expect(files.count == 1)
  #expect(files[0].path == "drivers/x.c")
  let hunk = try #require(files[0].hunks.first)
  #expect(hunk.section == "static int f(void)")
  #expect((hunk.oldStart, hunk.oldCount, hunk.newStart, hunk.newCount) == (10, 3, 10, 4))
  #expect(hunk.lines.map(\.kind) == [.context, .added, .context, .context])
  #expect(hunk.lines[2].text == "")
}

@Test("binary patches are marked binary and their data skipped")
func binaryPatches() throws {
  let files = try diffs(
    """
    diff --git a/logo.png b/logo.png
    index 1111111..2222222 100644
    GIT binary patch
    literal 12
    TcmZ?wbhEHbRA5kGU|?VX

    literal 0
    HcmV?d00001

    diff --git a/blob.bin b/blob.bin
    index 1111111..2222222 100644
    Binary files a/blob.bin and b/blob.bin differ
    diff --git a/f.c b/f.c
    --- a/f.c
    +++ b/f.c
    @@ -1 +1 @@
    -a
    +b
    """)
  #expect(files.map(\.isBinary) == [true, true, false])
  #expect(files.map { $0.hunks.count } == [0, 0, 1])
}

@Test("No newline at end of file marks the line before it")
func noNewlineMarker() throws {
  let files = try diffs(
    """
    --- a/f
    +++ b/f
    @@ -1 +1 @@
    -a
    \\ No newline at end of file
    +b
    \\ No newline at end of file
    """)
  #expect(files[0].hunks[0].lines.map(\.missingNewline) == [true, true])
}

@Test("a hunk shorter than its header says is an error naming the @@ line")
func lyingHunkCounts() {
  #expect(
    throws: MailError.hunkCountMismatch(
      index: 0, messageID: nil, patchLine: 3, line: nil, expectedOld: 3, expectedNew: 3,
      foundOld: 1, foundNew: 1)
  ) {
    try diffs("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\ndiff --git a/g b/g\n")
  }
}

@Test("combined diffs are rejected with a clear error")
func combinedDiff() {
  #expect(throws: MailError.combinedDiff(index: 0, messageID: nil, patchLine: 2, line: nil)) {
    try diffs("x\ndiff --cc f.c\n@@@ -1,1 -1,1 +1,1 @@@\n")
  }
}

@Test("quoted paths with spaces and octal escapes are read back")
func quotedPaths() throws {
  let files = try diffs(
    """
    diff --git "a/t\\303\\251st file.c" "b/t\\303\\251st file.c"
    --- "a/t\\303\\251st file.c"
    +++ "b/t\\303\\251st file.c"
    @@ -1 +1 @@
    -a
    +b
    """)
  #expect(files.map(\.path) == ["tést file.c"])
}

@Test("a diff error in a plain mbox message names the input line too")
func diffErrorNamesInputLine() {
  let mbox = """
    From a@example.com Thu Feb 19 18:04:00 2009
    Subject: [PATCH] x

    msg
    ---
    --- a/f
    +++ b/f
    @@ -1,2 +1,2 @@
    -a

    """
  let raw = split(mbox)[0]
  #expect(
    throws: MailError.hunkCountMismatch(
      index: 0, messageID: nil, patchLine: 4, line: 8, expectedOld: 2, expectedNew: 2,
      foundOld: 1, foundNew: 0)
  ) {
    try parseMessage(raw)
  }
  #expect(
    MailError.hunkCountMismatch(
      index: 0, messageID: nil, patchLine: 4, line: 8, expectedOld: 2, expectedNew: 2,
      foundOld: 1, foundNew: 0
    ).description == "line 8 (patch line 4): hunk header counts -2 +2 but the hunk has -1 +0 lines")
}
