import Foundation
import PatchParse
import Testing

@testable import ReviewCore

// `swift test` runs in the package root, where the samples are.
private let sampleDirectory = "samples/gem-2009"
private let badSample = "pwrite-copy-under-lock"
private let cleanSample = "pwrite-inatomic"
private let badSubject = "Subject: Re: [PATCH] drm/i915: pwrite straight into the GTT"
private let splatHeader = "WARNING: possible circular locking dependency detected"
private let rejection = "rejected by sendemail-validate hook"

/// The reviewbot binary `swift test` built beside the test bundle; `nil` when the build
/// left it elsewhere (then the interop tests skip).
private func reviewbotBinary() -> String? {
  let places = [
    Bundle.main.executableURL?.deletingLastPathComponent(),
    Bundle(for: TestRepository.self).bundleURL.deletingLastPathComponent(),
  ]
  return places.compactMap { $0?.appendingPathComponent("reviewbot").path }.first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
}

/// The sample's `[PATCH]` message (message 1 of each thread) as the bytes a patch file
/// holds, split out of the mbox by PatchParse.
private func samplePatchMessage(_ name: String) throws -> [UInt8] {
  let mbox = try Data(contentsOf: URL(fileURLWithPath: "\(sampleDirectory)/\(name).mbox"))
  var splitter = MailboxSplitter()
  let messages = splitter.feed([UInt8](mbox)) + splitter.finish()
  return try #require(messages.count == 3 ? messages[1].bytes : nil)
}

/// The sample's base tree, path → text.
private func baseFiles() throws -> [String: String] {
  let snapshot = try SourceSnapshot(directory: sampleDirectory + "/tree")
  var files: [String: String] = [:]
  for path in snapshot.paths { files[path] = try snapshot.read(path) }
  return files
}

/// The base tree with the sample's patch applied by ReviewCore, path → text.
private func patchedFiles(_ name: String) throws -> [String: String] {
  let (mails, errors) = InputReader.standard().readAll("\(sampleDirectory)/\(name).mbox")
  #expect(errors.isEmpty)
  let mail = try #require(mails.first { !$0.fileDiffs.isEmpty })
  let snapshot = try SourceSnapshot(directory: sampleDirectory + "/tree").applying(mail)
  var files: [String: String] = [:]
  for path in snapshot.paths { files[path] = try snapshot.read(path) }
  return files
}

/// A repository holding the sample base tree on HEAD, its sendemail-validate hook
/// calling the real reviewbot, and a scratch directory for patch files.
private struct SendEmailRepository {
  var test: TestRepository
  var binary: String
  var base: String

  /// `nil`, after saying why, when git or the reviewbot binary is missing.
  static func make() throws -> SendEmailRepository? {
    guard let binary = reviewbotBinary() else {
      print("reviewbot binary not beside the test bundle: send-email hook checks skipped")
      return nil
    }
    let test = try TestRepository()
    let base = try test.commit("drm/i915: the 2009 GEM model", files: try baseFiles())
    guard let status = try runGit(["status", "--porcelain"], in: test.path), status.status == 0
    else {
      print("git not installed: send-email hook checks skipped")
      return nil
    }
    return SendEmailRepository(test: test, binary: binary, base: base)
  }

  func install(strict: Bool) throws {
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    try HookInstaller(hooksDirectory: hooks, binaryPath: binary)
      .install(.sendemailValidate, strict: strict)
  }

  /// Writes `bytes` to a patch file outside the work tree and returns its path.
  func patchFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = test.gitDirectory + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// `git send-email --dry-run` of `patch`: validates (hooks included), sends nothing.
  func sendEmail(_ patch: String) throws -> (status: Int32, output: String) {
    try #require(
      try runGit(
        [
          "send-email", "--dry-run", "--to=x@example.org", "--confirm=never",
          "--no-smtp-auth", "--smtp-server=/bin/true", "--suppress-cc=all", patch,
        ], in: test.path))
  }

  /// Whether `git send-email` itself works here, tried with no hook installed; says why
  /// not (git-email absent, its perl modules missing) when it does not.
  func sendEmailWorks(_ patch: String) throws -> Bool {
    let hooks = try GitRepository(discoveringFrom: test.path).hooksDirectory()
    #expect(!FileManager.default.fileExists(atPath: hooks + "/sendemail-validate"))
    let probe = try sendEmail(patch)
    if probe.status == 0 && probe.output.contains("Result: OK") { return true }
    let why = probe.output.split(separator: "\n").first ?? "no output"
    print("git send-email does not work here (\(why)): send-email hook checks skipped")
    return false
  }
}

@Suite("the sendemail-validate hook run by git send-email")
struct SendEmailHookTests {
  @Test("git send-email prints the review of a bad patch and still sends it unless strict")
  func failOpenThenStrict() throws {
    guard let repo = try SendEmailRepository.make() else { return }
    let bad = try repo.patchFile("bad.patch", try samplePatchMessage(badSample))
    let clean = try repo.patchFile("clean.patch", try samplePatchMessage(cleanSample))
    guard try repo.sendEmailWorks(clean) else { return }

    try repo.install(strict: false)
    let open = try repo.sendEmail(bad)
    #expect(open.status == 0)
    #expect(open.output.contains(badSubject))
    #expect(open.output.contains(splatHeader))
    #expect(open.output.contains("Reviewed against HEAD (\(repo.base.prefix(12)))."))
    #expect(open.output.contains("Result: OK"))

    try repo.install(strict: true)
    let refused = try repo.sendEmail(bad)
    #expect(refused.status != 0)
    #expect(refused.output.contains("\(bad): \(rejection)"))
    #expect(refused.output.contains(splatHeader))
    #expect(!refused.output.contains("Result: OK"))

    let passed = try repo.sendEmail(clean)
    #expect(passed.status == 0)
    #expect(passed.output.contains("Result: OK"))
    #expect(!passed.output.contains(rejection))
    #expect(!passed.output.contains("reviewbot:"))
  }

  @Test("a format-patch file of a commit git has is reviewed against that commit's parent")
  func formatPatchOfCommittedChange() throws {
    guard let repo = try SendEmailRepository.make() else { return }
    // HEAD holds the clean change, as after `git commit`; the bad one sits on a side branch.
    let cleanCommit = try repo.test.commit(
      "drm/i915: pwrite fast path with page faults disabled", files: try patchedFiles(cleanSample))
    let badCommit = try repo.test.commit(
      "drm/i915: pwrite straight into the GTT", files: try patchedFiles(badSample),
      parents: [repo.base], updateHead: false)
    let out = repo.test.gitDirectory + "outgoing"
    var files: [String] = []
    for commit in [cleanCommit, badCommit] {
      let formatted = try #require(
        try runGit(["format-patch", "-1", "-o", out, commit], in: repo.test.path))
      #expect(formatted.status == 0)
      files.append(try #require(formatted.output.split(separator: "\n").last.map(String.init)))
    }
    guard try repo.sendEmailWorks(files[0]) else { return }

    try repo.install(strict: true)
    // HEAD already holds this change: reviewed against HEAD it would not apply, and strict
    // would refuse a clean patch for want of a base.
    let passed = try repo.sendEmail(files[0])
    #expect(passed.status == 0)
    #expect(!passed.output.contains("does not apply"))
    #expect(passed.output.contains("Result: OK"))

    let refused = try repo.sendEmail(files[1])
    #expect(refused.status != 0)
    #expect(refused.output.contains(rejection))
    #expect(refused.output.contains(splatHeader))
    #expect(refused.output.contains("Reviewed against the parent of \(badCommit.prefix(12))."))
  }

  @Test("the hook reviews $1 when git also passes the SMTP header file as $2")
  func headerFileArgument() throws {
    guard let repo = try SendEmailRepository.make() else { return }
    let bad = try repo.patchFile("bad.patch", try samplePatchMessage(badSample))
    let clean = try repo.patchFile("clean.patch", try samplePatchMessage(cleanSample))
    let headers = try repo.patchFile(
      "headers", Array("To: x@example.org\nSubject: [PATCH] drm/i915: pwrite\n".utf8))
    try repo.install(strict: true)
    // What git >= 2.41's send-email runs; git 2.39 passes only the patch.
    let refused = try #require(
      try runGit(["hook", "run", "sendemail-validate", "--", bad, headers], in: repo.test.path))
    #expect(refused.status != 0)
    #expect(refused.output.contains(splatHeader))
    let passed = try #require(
      try runGit(["hook", "run", "sendemail-validate", "--", clean, headers], in: repo.test.path))
    #expect(passed.status == 0)
    #expect(passed.output.isEmpty)
  }

  @Test("hook run reads the patch file git passes first, with or without the header file")
  func planTakesFirstArgument() {
    #expect(
      HookRunPlan(type: .sendemailValidate, arguments: ["/tmp/p.patch", "/tmp/headers"])
        == .patchFile(path: "/tmp/p.patch"))
    guard case .nothing = HookRunPlan(type: .sendemailValidate, arguments: []) else {
      Issue.record("no patch file should review nothing")
      return
    }
  }

  @Test("only format-patch's first line names the commit a patch file came from")
  func formatPatchFirstLine() {
    let id = "158c8f7a3e150c1a21ac6e8f001b909db8d85d7a"
    let wide = String(repeating: "0123456789abcdef", count: 4)
    #expect(HookRunPlan.formatPatchCommit(firstLine: "From \(id) Mon Sep 17 00:00:00 2001") == id)
    #expect(
      HookRunPlan.formatPatchCommit(firstLine: "From \(wide) Mon Sep 17 00:00:00 2001") == wide)
    #expect(
      HookRunPlan.formatPatchCommit(firstLine: "From mboxrd@z Thu Jan  1 00:00:00 1970") == nil)
    #expect(
      HookRunPlan.formatPatchCommit(firstLine: "From \(id) Thu Feb 19 14:12:37 2009") == nil)
    #expect(
      HookRunPlan.formatPatchCommit(firstLine: "From 158c8f7a3e15 Mon Sep 17 00:00:00 2001")
        == nil)
    #expect(HookRunPlan.formatPatchCommit(firstLine: "From: Ines Marwood <i@example.org>") == nil)
  }
}
