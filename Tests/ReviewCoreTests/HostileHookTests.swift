import Foundation
import Testing

@testable import ReviewCore

@Suite("hostile hook runs")
struct HostileHookTests {
  @Test("a reviewbot that crashes (SIGSEGV) never blocks git commit unless strict")
  func crashingBinaryFailsOpen() throws {
    let test = try TestRepository()
    guard let base = try runGit(["commit", "--allow-empty", "-qm", "base"], in: test.path),
      base.status == 0
    else {
      print("git not installed: hook crash check skipped")
      return
    }
    let crasher = test.path + "/.git/crasher"
    try "#!/bin/sh\nkill -SEGV $$\n".write(toFile: crasher, atomically: false, encoding: .utf8)
    chmod(crasher, 0o755)
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    let installer = HookInstaller(hooksDirectory: hooks, binaryPath: crasher)
    for type in [HookType.preCommit, .postCommit] {
      try installer.install(type)
      let commit = try #require(try runGit(["commit", "--allow-empty", "-qm", "x"], in: test.path))
      #expect(commit.status == 0, "\(type)")
    }
    try installer.install(.preCommit, strict: true)
    let strict = try #require(try runGit(["commit", "--allow-empty", "-qm", "y"], in: test.path))
    #expect(strict.status != 0)
  }
}
