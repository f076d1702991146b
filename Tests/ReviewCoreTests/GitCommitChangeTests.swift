import Foundation
import Testing

@testable import ReviewCore

@Suite("commits reviewed through libgit2")
struct GitCommitChangeTests {
  static let before = """
    static int pwrite(struct drm_device *dev)
    {
    \tmutex_lock(&dev->struct_mutex);
    \tret = do_pwrite(obj);
    \tmutex_unlock(&dev->struct_mutex);
    \treturn ret;
    }

    """
  static let after = """
    static int pwrite(struct drm_device *dev)
    {
    \tmutex_lock(&dev->struct_mutex);
    \tret = copy_from_user(dst, src, len);
    \tret = do_pwrite(obj);
    \tmutex_unlock(&dev->struct_mutex);
    \treturn ret;
    }

    """

  @Test("a commit's diff against its first parent is the patch git prints")
  func commitDiffIsPatchText() throws {
    let test = try TestRepository()
    try test.commit("base", files: ["i915_gem.c": Self.before, "README": "r\n"])
    let id = try test.commit(
      "drm/i915: copy under the lock\n", files: ["i915_gem.c": Self.after, "README": "r\n"])
    let repo = try GitRepository(discoveringFrom: test.path)
    let change = try repo.change(ofCommit: id)
    let old = try String(test.blobID(Self.before).prefix(7))
    let new = try String(test.blobID(Self.after).prefix(7))
    let expected = """
      diff --git a/i915_gem.c b/i915_gem.c
      index \(old)..\(new) 100644
      --- a/i915_gem.c
      +++ b/i915_gem.c
      @@ -1,6 +1,7 @@
       static int pwrite(struct drm_device *dev)
       {
       \tmutex_lock(&dev->struct_mutex);
      +\tret = copy_from_user(dst, src, len);
       \tret = do_pwrite(obj);
       \tmutex_unlock(&dev->struct_mutex);
       \treturn ret;

      """
    #expect(change.patchText == expected)
    #expect(change.id == id)
    #expect(change.subject == "drm/i915: copy under the lock")
    #expect(change.authorEmail == "author@example.com")
    #expect(try change.base.read("i915_gem.c") == Self.before)
    #expect(try change.patched.read("i915_gem.c") == Self.after)
    #expect(change.patched.paths == ["i915_gem.c"])
    #expect(change.patched.changedPaths(since: change.base) == ["i915_gem.c"])
    #expect(change.patched.contentID(of: "i915_gem.c") == (try test.blobID(Self.after)))
    #expect(
      change.formatPatch
        == "From \(id) Mon Sep 17 00:00:00 2001\nFrom: A U Thor <author@example.com>\n"
        + "Date: Fri, 13 Feb 2009 15:33:30 -0800\n"
        + "Subject: [PATCH] drm/i915: copy under the lock\n\n---\n" + expected)
  }

  @Test("the patch text matches what the git binary prints for the same commit")
  func patchTextMatchesGit() throws {
    let test = try TestRepository()
    try test.commit("base", files: ["a.c": Self.before, "gone.h": "#define X 1\n"])
    let id = try test.commit("change", files: ["a.c": Self.after, "new.h": "#define Y 2\n"])
    guard let shown = try runGit(["show", "--format=", "--no-renames", id], in: test.path) else {
      print("git not installed: interop check skipped")
      return
    }
    let repo = try GitRepository(discoveringFrom: test.path)
    #expect(shown.status == 0)
    #expect(try repo.change(ofCommit: id).patchText == shown.output)
  }

  @Test("a root commit is diffed against the empty tree")
  func rootCommit() throws {
    let test = try TestRepository()
    let id = try test.commit("root", files: ["a.c": "int a;\n"])
    let change = try GitRepository(discoveringFrom: test.path).change(ofCommit: id)
    #expect(change.patchText.contains("new file mode 100644"))
    #expect(change.base.paths.isEmpty)
    #expect(throws: SnapshotError.notFound(path: "a.c")) { try change.base.read("a.c") }
    #expect(try change.patched.read("a.c") == "int a;\n")
  }

  @Test("applying a commit's own patch text to its parent gives the commit's tree")
  func commitPatchRoundTrips() throws {
    let test = try TestRepository()
    try test.commit("base", files: ["a.c": Self.before, "b.h": "int b;\n"])
    let id = try test.commit(
      "change", files: ["a.c": Self.after, "c.h": "int c;\n"])
    let change = try GitRepository(discoveringFrom: test.path).change(ofCommit: id)
    let viaGit = try change.base.applying(
      patchText: change.patchText, fileDiffs: testFileDiffs(change.patchText))
    let viaSwift = try TextPatchApplier.apply(testFileDiffs(change.patchText), to: change.base)
    for snapshot in [viaGit, viaSwift] {
      #expect(snapshot.paths == change.patched.paths)
      for path in snapshot.paths {
        #expect(snapshot.contentID(of: path) == change.patched.contentID(of: path))
      }
    }
  }

  @Test("staged changes are the index against HEAD, for the pre-commit hook")
  func stagedChange() throws {
    let test = try TestRepository()
    try test.commit("base", files: ["a.c": Self.before, "old.c": "int o;\n"])
    try test.stage(files: ["a.c": Self.after, "new.c": "int n;\n"])
    let staged = try GitRepository(discoveringFrom: test.path).stagedChange()
    #expect(staged.patchText.contains("+\tret = copy_from_user(dst, src, len);"))
    #expect(staged.patchText.contains("deleted file mode"))
    #expect(try staged.base.read("a.c") == Self.before)
    #expect(try staged.patched.read("a.c") == Self.after)
    #expect(try staged.patched.read("new.c") == "int n;\n")
    #expect(throws: SnapshotError.notFound(path: "old.c")) { try staged.patched.read("old.c") }
    #expect(staged.patched.paths == ["a.c", "new.c"])
  }
}
