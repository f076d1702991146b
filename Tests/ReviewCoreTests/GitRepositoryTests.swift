import Foundation
import PatchParse
import Testing

@testable import ReviewCore

@Suite("git repository through libgit2")
struct GitRepositoryTests {
  @Test("HEAD, HEAD~1 and an abbreviated id resolve to full commit ids")
  func resolvesRevisions() throws {
    let test = try TestRepository()
    let first = try test.commit("one", files: ["a.c": "int a;\n"])
    let second = try test.commit("two", files: ["a.c": "int a;\nint b;\n"])
    let repo = try GitRepository(discoveringFrom: test.path)
    #expect(try repo.resolveCommit("HEAD") == second)
    #expect(try repo.resolveCommit("HEAD~1") == first)
    #expect(try repo.resolve(rev: String(first.prefix(8))) == [first])
  }

  @Test("a range lists every commit in B not in A, merged side branches too, oldest first")
  func resolvesRanges() throws {
    let test = try TestRepository()
    let base = try test.commit("base", files: ["a.c": "1\n"])
    let c2 = try test.commit("c2", files: ["a.c": "2\n"])
    let c3 = try test.commit("c3", files: ["a.c": "3\n"])
    let side = try test.commit("side", files: ["b.c": "s\n"], parents: [base], updateHead: false)
    let merge = try test.commit("merge", files: ["a.c": "3\n", "b.c": "s\n"], parents: [c3, side])
    let repo = try GitRepository(discoveringFrom: test.path)
    let range = try repo.resolve(rev: "\(base)..\(merge)")
    #expect(Set(range) == [c2, c3, side, merge])
    #expect(range.last == merge)
    #expect(try #require(range.firstIndex(of: c2)) < #require(range.firstIndex(of: c3)))
    #expect(try repo.resolve(rev: "\(c3)..HEAD") == [side, merge])
  }

  @Test("a revision that names nothing is a GitError naming the libgit2 call")
  func unknownRevision() throws {
    let test = try TestRepository()
    try test.commit("one", files: ["a.c": "x\n"])
    let repo = try GitRepository(discoveringFrom: test.path)
    #expect {
      try repo.resolveCommit("no-such-branch")
    } throws: { error in
      guard case .failed(let call, _, let message) = error as? GitError else { return false }
      return call == "git_revparse_single" && !message.isEmpty
    }
    #expect(throws: GitError.notACommit(rev: "HEAD^{tree}")) {
      try repo.resolveCommit("HEAD^{tree}")
    }
  }

  @Test("a repository is found from a subdirectory and a bare one opens too")
  func discovery() throws {
    let test = try TestRepository()
    try test.commit("one", files: ["a.c": "x\n"])
    let sub = test.path + "/drivers/gpu"
    try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
    let repo = try GitRepository(discoveringFrom: sub)
    #expect(repo.gitDirectory.hasSuffix("/.git/"))
    #expect(!repo.isBare)
    #expect(repo.cacheDirectory == repo.gitDirectory + "reviewbot/cache")
    let bare = try TestRepository(bare: true)
    try bare.commit("one", files: ["a.c": "x\n"])
    let opened = try GitRepository(discoveringFrom: bare.path)
    #expect(opened.isBare)
    #expect(opened.workDirectory == nil)
  }

  @Test("commit info carries author, date with offset, summary, message and parents")
  func commitInfo() throws {
    let test = try TestRepository()
    let first = try test.commit("drm/i915: one\n\nBody.\n", files: ["a.c": "x\n"])
    let second = try test.commit(
      "drm/i915: two\n\nLonger body.\n\nSigned-off-by: A U Thor <a@example.com>\n",
      files: ["a.c": "y\n"], author: ("Jane Q. Hacker", "jane@example.com"))
    let repo = try GitRepository(discoveringFrom: test.path)
    let info = try repo.commit(second)
    #expect(info.id == second)
    #expect(info.authorName == "Jane Q. Hacker")
    #expect(info.authorEmail == "jane@example.com")
    #expect(info.summary == "drm/i915: two")
    #expect(info.message.hasSuffix("Signed-off-by: A U Thor <a@example.com>\n"))
    #expect(info.parentIDs == [first])
    #expect(info.timeZoneOffsetMinutes == -480)
    #expect(info.date == Date(timeIntervalSince1970: 1_234_568_010))
    #expect(info.rfc2822Date == "Fri, 13 Feb 2009 15:33:30 -0800")
  }

  @Test("a base-commit trailer's abbreviated id is found, an unknown or non-hex one is not")
  func baseCommitLookup() throws {
    let test = try TestRepository()
    let first = try test.commit("one", files: ["a.c": "x\n"])
    let repo = try GitRepository(discoveringFrom: test.path)
    #expect(repo.hasCommit(String(first.prefix(12))))
    #expect(repo.commitID(abbreviated: String(first.prefix(7))) == first)
    #expect(repo.hasCommit(first))
    #expect(!repo.hasCommit("0123456789abcdef"))
    #expect(!repo.hasCommit("HEAD"))
    #expect(!repo.hasCommit("ab"))
  }

  @Test("the base-commit line git format-patch --base writes names the base when known")
  func baseCommitOfMail() throws {
    let test = try TestRepository()
    let first = try test.commit("one", files: ["a.c": "x\n"])
    let repo = try GitRepository(discoveringFrom: test.path)
    let trailer = Mail(index: 0, trailers: [Trailer(key: "base-commit", value: first)])
    #expect(repo.baseCommitID(for: trailer) == first)
    let inPatch = Mail(
      index: 1, patch: "diff --git a/a.c b/a.c\n--\nbase-commit: \(first.prefix(12))\n")
    #expect(repo.baseCommitID(for: inPatch) == first)
    let unknown = Mail(index: 2, trailers: [Trailer(key: "base-commit", value: "0123456789ab")])
    #expect(repo.baseCommitID(for: unknown) == nil)
    #expect(repo.baseCommitID(for: Mail(index: 3)) == nil)
  }
}
