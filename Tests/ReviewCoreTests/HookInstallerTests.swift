import Foundation
import Testing

@testable import ReviewCore

@Suite("git hooks")
struct HookInstallerTests {
  @Test("install writes an executable sh script that calls hook run with its arguments")
  func installsScript() throws {
    let test = try TestRepository()
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    let installer = HookInstaller(hooksDirectory: hooks, binaryPath: "/opt/it's here/reviewbot")
    let path = try installer.install(.prePush)
    #expect(path == (hooks as NSString).appendingPathComponent("pre-push"))
    let script = try String(contentsOfFile: path, encoding: .utf8)
    #expect(script.hasPrefix("#!/bin/sh\n" + HookInstaller.marker + "\n"))
    #expect(script.contains("reviewbot='/opt/it'\\''s here/reviewbot'\n"))
    #expect(script.contains("\"$reviewbot\" hook run pre-push \"$@\"\nexit 0\n"))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o755)
    let strictPath = try installer.install(.preCommit, strict: true)
    let strict = try String(contentsOfFile: strictPath, encoding: .utf8)
    #expect(strict.contains("exec \"$reviewbot\" hook run --strict pre-commit \"$@\"\n"))
    #expect(strict.contains("  exit 1\n"))
  }

  @Test("a foreign hook is refused, force replaces it, and our own is replaced silently")
  func foreignHookRefused() throws {
    let test = try TestRepository()
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
    let path = (hooks as NSString).appendingPathComponent("post-commit")
    try "#!/bin/sh\nmake check\n".write(toFile: path, atomically: false, encoding: .utf8)
    let installer = HookInstaller(hooksDirectory: hooks, binaryPath: "/usr/bin/reviewbot")
    #expect(throws: HookError.foreignHook(path: installer.hooksDirectory + "/post-commit")) {
      try installer.install(.postCommit)
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "#!/bin/sh\nmake check\n")
    try installer.install(.postCommit, force: true)
    #expect(HookInstaller.isManaged(try String(contentsOfFile: path, encoding: .utf8)))
    try installer.install(.postCommit, strict: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("--strict"))
  }

  @Test("each hook type says what to review")
  func runPlans() {
    #expect(HookRunPlan(type: .postCommit, arguments: []) == .commit(rev: "HEAD"))
    #expect(HookRunPlan(type: .preCommit, arguments: []) == .stagedChanges)
    #expect(
      HookRunPlan(type: .sendemailValidate, arguments: ["/tmp/0001-x.patch"])
        == .patchFile(path: "/tmp/0001-x.patch"))
    let zeros = String(repeating: "0", count: 40)
    let a = String(repeating: "a", count: 40)
    let b = String(repeating: "b", count: 40)
    let stdin = """
      refs/heads/topic \(a) refs/heads/topic \(b)
      refs/heads/new \(a) refs/heads/new \(zeros)
      (delete) \(zeros) refs/heads/old \(b)

      """
    #expect(
      HookRunPlan(type: .prePush, arguments: ["origin", "url"], standardInput: stdin)
        == .push([
          PushUpdate(
            localRef: "refs/heads/topic", localID: a, remoteRef: "refs/heads/topic",
            remoteID: b),
          PushUpdate(
            localRef: "refs/heads/new", localID: a, remoteRef: "refs/heads/new", remoteID: nil),
        ]))
    guard
      case .nothing = HookRunPlan(
        type: .prePush, arguments: [], standardInput: "(delete) \(zeros) refs/heads/x \(b)\n")
    else {
      Issue.record("a push of deletions only should review nothing")
      return
    }
  }

  @Test("a push sends the commits the remote lacks, oldest first")
  func commitsToPush() throws {
    let test = try TestRepository()
    let base = try test.commit("base", files: ["a.c": "1\n"])
    let c2 = try test.commit("c2", files: ["a.c": "2\n"])
    let c3 = try test.commit("c3", files: ["a.c": "3\n"])
    try test.setReference("refs/remotes/origin/master", to: base)
    let repo = try GitRepository(discoveringFrom: test.path)
    let known = PushUpdate(localRef: "HEAD", localID: c3, remoteRef: "x", remoteID: c2)
    #expect(try repo.commits(toPush: known) == [c3])
    let newBranch = PushUpdate(localRef: "HEAD", localID: c3, remoteRef: "x", remoteID: nil)
    #expect(try repo.commits(toPush: newBranch) == [c2, c3])
    let unknown = PushUpdate(
      localRef: "HEAD", localID: c3, remoteRef: "x", remoteID: String(repeating: "c", count: 40))
    #expect(try repo.commits(toPush: unknown) == [c2, c3])
  }
}

@Suite("hooks run by the git binary")
struct HookGitInteropTests {
  /// A repository with one commit, ready for `git commit`, and a stand-in for reviewbot
  /// that records how it was called.
  private func prepare() throws -> (TestRepository, String, String)? {
    let test = try TestRepository()
    guard let added = try runGit(["commit", "--allow-empty", "-qm", "base"], in: test.path),
      added.status == 0
    else {
      print("git not installed: hook interop checks skipped")
      return nil
    }
    let standIn = test.path + "/.git/stand-in"
    let log = test.path + "/.git/stand-in.log"
    try "#!/bin/sh\necho \"$@\" >> '\(log)'\nexit 1\n".write(
      toFile: standIn, atomically: false, encoding: .utf8)
    chmod(standIn, 0o755)
    return (test, standIn, log)
  }

  @Test("git commit runs the post-commit hook, which calls through to hook run")
  func postCommitCallsThrough() throws {
    guard let (test, standIn, log) = try prepare() else { return }
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    try HookInstaller(hooksDirectory: hooks, binaryPath: standIn).install(.postCommit)
    let commit = try #require(try runGit(["commit", "--allow-empty", "-qm", "two"], in: test.path))
    #expect(commit.status == 0)
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "hook run post-commit\n")
  }

  @Test("a missing binary or a failing one never blocks git commit unless strict")
  func failsOpen() throws {
    guard let (test, standIn, log) = try prepare() else { return }
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    let installer = HookInstaller(hooksDirectory: hooks, binaryPath: standIn)
    try installer.install(.preCommit)
    let failing = try #require(try runGit(["commit", "--allow-empty", "-qm", "2"], in: test.path))
    #expect(failing.status == 0)
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "hook run pre-commit\n")

    try installer.install(.preCommit, strict: true)
    let blocked = try #require(try runGit(["commit", "--allow-empty", "-qm", "3"], in: test.path))
    #expect(blocked.status != 0)

    try FileManager.default.removeItem(atPath: standIn)
    try installer.install(.preCommit)
    let missing = try #require(try runGit(["commit", "--allow-empty", "-qm", "4"], in: test.path))
    #expect(missing.status == 0)
    #expect(missing.output.contains("review skipped"))
    try installer.install(.preCommit, strict: true)
    let strict = try #require(try runGit(["commit", "--allow-empty", "-qm", "5"], in: test.path))
    #expect(strict.status != 0)
  }

  @Test("pre-push gets git's ref lines on stdin")
  func prePushStdin() throws {
    guard let (test, standIn, _) = try prepare() else { return }
    let capture = test.path + "/.git/stdin.log"
    try "#!/bin/sh\ncat > '\(capture)'\n".write(toFile: standIn, atomically: false, encoding: .utf8)
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    try HookInstaller(hooksDirectory: hooks, binaryPath: standIn).install(.prePush)
    let remote = try TestRepository(bare: true)
    let push = try #require(
      try runGit(["push", "-q", remote.path, "HEAD:refs/heads/x"], in: test.path))
    #expect(push.status == 0)
    let lines = try String(contentsOfFile: capture, encoding: .utf8)
    let head = try GitRepository(discoveringFrom: test.path).resolveCommit("HEAD")
    guard case .push(let updates) = HookRunPlan(type: .prePush, arguments: [], standardInput: lines)
    else {
      Issue.record("no push read from \(lines)")
      return
    }
    #expect(updates.map(\.localID) == [head])
    #expect(updates.map(\.remoteID) == [nil])
  }
}
