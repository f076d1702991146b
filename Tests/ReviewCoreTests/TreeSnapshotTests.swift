import Foundation
import Testing

@testable import ReviewCore

/// A directory tree for one test, removed afterwards.
private final class TestTree {
  let root: String
  init() throws { root = try makeTemporaryDirectory("reviewbot-tree") }
  deinit { try? FileManager.default.removeItem(atPath: root) }

  func write(_ path: String, _ text: String) throws {
    let full = root + "/" + path
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: full))
  }

  func link(_ path: String, to target: String) throws {
    try FileManager.default.createSymbolicLink(
      atPath: root + "/" + path, withDestinationPath: target)
  }
}

@Suite("source snapshots")
struct TreeSnapshotTests {
  @Test("a directory snapshot lists every .c and .h file below it, relative and sorted")
  func listsSources() throws {
    let tree = try TestTree()
    try tree.write("drivers/gpu/drm/i915/i915_gem.c", "int gem;\n")
    try tree.write("drivers/gpu/drm/i915/i915_drv.h", "struct drm_i915_private;\n")
    try tree.write("include/linux/mm.h", "struct mm_struct;\n")
    try tree.write("Makefile", "obj-y += gem.o\n")
    try tree.write(".git/hooks/x.c", "not source\n")
    let snapshot = try SourceSnapshot(directory: tree.root)
    #expect(
      snapshot.paths == [
        "drivers/gpu/drm/i915/i915_drv.h", "drivers/gpu/drm/i915/i915_gem.c",
        "include/linux/mm.h",
      ])
    #expect(try snapshot.read("include/linux/mm.h") == "struct mm_struct;\n")
    #expect(try snapshot.read("Makefile") == "obj-y += gem.o\n")
    #expect(snapshot.notes.isEmpty)
  }

  @Test("symlink loops and links out of the tree are not followed, and are noted")
  func symlinksNotFollowed() throws {
    let tree = try TestTree()
    try tree.write("a/real.c", "int real;\n")
    try tree.link("a/loop", to: "..")
    try tree.link("a/self", to: "self")
    try tree.link("etc", to: "/etc")
    try tree.link("a/passwd.c", to: "/etc/passwd")
    try tree.link("a/alias.c", to: "real.c")
    let snapshot = try SourceSnapshot(directory: tree.root)
    #expect(snapshot.paths == ["a/real.c"])
    #expect(snapshot.symlinks == ["a/alias.c", "a/loop", "a/passwd.c", "a/self", "etc"])
    #expect(snapshot.notes.map(\.description).contains("etc: symbolic link, not followed"))
    #expect(throws: SnapshotError.symlink(path: "etc/passwd")) { try snapshot.read("etc/passwd") }
    #expect(throws: SnapshotError.symlink(path: "a/alias.c")) { try snapshot.read("a/alias.c") }
    #expect(throws: SnapshotError.outsideTree(path: "../x.c")) { try snapshot.read("../x.c") }
    #expect(throws: SnapshotError.outsideTree(path: "/etc/passwd")) {
      try snapshot.read("/etc/passwd")
    }
  }

  @Test("a binary file named .c is skipped with a note")
  func binarySkipped() throws {
    let tree = try TestTree()
    try tree.write("fw.c", "ELF\u{0}\u{1}\u{2}")
    try tree.write("ok.c", "int ok;\n")
    let snapshot = try SourceSnapshot(directory: tree.root)
    #expect(snapshot.paths == ["ok.c"])
    #expect(snapshot.notes == [SnapshotNote(path: "fw.c", kind: .binary)])
  }

  @Test("a FIFO named .c is reported as unreadable and never opened")
  func fifoReported() throws {
    let tree = try TestTree()
    try tree.write("ok.c", "int ok;\n")
    #expect(mkfifo(tree.root + "/pipe.c", 0o644) == 0)
    let snapshot = try SourceSnapshot(directory: tree.root)
    #expect(snapshot.paths == ["ok.c"])
    #expect(
      snapshot.notes == [
        SnapshotNote(path: "pipe.c", kind: .unreadable(reason: "not a regular file"))
      ])
    #expect(throws: SnapshotError.unreadable(path: "pipe.c", reason: "not a regular file")) {
      try snapshot.read("pipe.c")
    }
  }

  @Test("an unreadable file is reported and skipped")
  func unreadableSkipped() throws {
    guard geteuid() != 0 else {
      print("running as root: permissions do not stop reads, unreadable-file check skipped")
      return
    }
    let tree = try TestTree()
    try tree.write("secret.c", "int s;\n")
    try tree.write("ok.c", "int ok;\n")
    chmod(tree.root + "/secret.c", 0)
    let snapshot = try SourceSnapshot(directory: tree.root)
    #expect(snapshot.paths == ["ok.c"])
    #expect(snapshot.notes.map(\.path) == ["secret.c"])
  }

  @Test("a directory file's content id is the blob id git gives the same text")
  func contentIDsAgreeWithGit() throws {
    let text = "static DEFINE_MUTEX(lock);\n"
    let tree = try TestTree()
    try tree.write("lock.c", text)
    let repo = try TestRepository()
    let commit = try repo.commit("one", files: ["lock.c": text])
    let fromGit = try GitRepository(discoveringFrom: repo.path).snapshot(ofCommit: commit)
    let fromDirectory = try SourceSnapshot(directory: tree.root)
    #expect(fromDirectory.contentID(of: "lock.c") == (try repo.blobID(text)))
    #expect(fromGit.contentID(of: "lock.c") == fromDirectory.contentID(of: "lock.c"))
    #expect(fromGit.files["lock.c"] == .blob(id: try repo.blobID(text)))
  }

  @Test("a git snapshot lists .c/.h blobs, records links, and reads other files by path")
  func gitSnapshot() throws {
    let repo = try TestRepository()
    let commit = try repo.commit(
      "one", files: ["b.c": "int b;\n", "a/x.h": "int x;\n", "Kconfig": "config X\n"],
      links: ["a/link.c": "../b.c"])
    let reader = SnapshotReader(
      try GitRepository(discoveringFrom: repo.path).snapshot(ofCommit: commit))
    #expect(reader.snapshot.paths == ["a/x.h", "b.c"])
    #expect(reader.snapshot.symlinks == ["a/link.c"])
    #expect(try reader.read("Kconfig") == "config X\n")
    #expect(try reader.read("b.c") == "int b;\n")
    #expect(throws: SnapshotError.symlink(path: "a/link.c")) { try reader.read("a/link.c") }
    #expect(throws: SnapshotError.notFound(path: "nope.c")) { try reader.read("nope.c") }
  }

  @Test("a git snapshot read from many threads at once gives every file's text")
  func concurrentGitReads() throws {
    var files: [String: String] = [:]
    for index in 0..<64 { files["f\(index).c"] = "int v\(index);\n" }
    let repo = try TestRepository()
    let commit = try repo.commit("many", files: files)
    let snapshot = try GitRepository(discoveringFrom: repo.path).snapshot(ofCommit: commit)
    let paths = snapshot.paths
    var texts = [String?](repeating: nil, count: paths.count * 4)
    texts.withUnsafeMutableBufferPointer { buffer in
      // Each round writes only its own slot.
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: slots.count) { round in
        slots[round] = try? snapshot.read(paths[round % paths.count])
      }
    }
    for (round, text) in texts.enumerated() {
      #expect(text == files[paths[round % paths.count]])
    }
  }

  @Test("an overlay writes and deletes files over its base and lists what changed")
  func overlay() throws {
    let tree = try TestTree()
    try tree.write("a.c", "int a;\n")
    try tree.write("b.c", "int b;\n")
    let base = try SourceSnapshot(directory: tree.root)
    let changed = try base.overlaying(["a.c": "int a2;\n", "b.c": nil, "c.h": "int c;\n"])
    #expect(changed.paths == ["a.c", "c.h"])
    #expect(try changed.read("a.c") == "int a2;\n")
    #expect(throws: SnapshotError.notFound(path: "b.c")) { try changed.read("b.c") }
    #expect(changed.changedPaths(since: base) == ["a.c", "b.c", "c.h"])
    #expect(try base.read("a.c") == "int a;\n")
  }

  @Test("the drm corpus tree lists every C file once and each one reads")
  func corpusTree() throws {
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let root = package.appendingPathComponent(".build-corpus/drm-2018").path
    guard FileManager.default.fileExists(atPath: root) else {
      print("corpus not unpacked at \(root): corpus check skipped")
      return
    }
    let snapshot = try SourceSnapshot(directory: root)
    #expect(snapshot.paths.count > 1_000)
    #expect(snapshot.paths == snapshot.paths.sorted())
    let reader = SnapshotReader(snapshot)
    for path in snapshot.paths {
      #expect(try !reader.read(path).isEmpty)
    }
  }
}
