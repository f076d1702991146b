import Foundation
import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

@Suite("review pipeline")
struct ReviewerTests {
  static let file = "drivers/gpu/drm/i915/i915_gem.c"

  static let baseText = """
    static int pwrite(struct drm_device *dev)
    {
    \tint ret;

    \tret = copy_from_user(buf, ptr, len);
    \tmutex_lock(&dev->struct_mutex);
    \tdo_write(buf);
    \tmutex_unlock(&dev->struct_mutex);
    \treturn ret;
    }

    """

  static let base = BaseTree(
    id: "literal", source: MemoryTree(files: [file: baseText, "README": "not C\n"]),
    description: "the literal tree")

  /// Moves the copy under the lock (lines 5…7 of the base).
  static let moveCopy = FileDiff(
    oldPath: file, newPath: file,
    hunks: [
      Hunk(
        oldStart: 5, oldCount: 3, newStart: 5, newCount: 3, section: "static int pwrite(",
        lines: [
          .init(kind: .removed, text: "\tret = copy_from_user(buf, ptr, len);"),
          .init(kind: .context, text: "\tmutex_lock(&dev->struct_mutex);"),
          .init(kind: .added, text: "\tret = copy_from_user(buf, ptr, len);"),
          .init(kind: .context, text: "\tdo_write(buf);"),
        ])
    ])

  /// Applies only after `moveCopy`: its context has the copy under the lock.
  static let addComment = FileDiff(
    oldPath: file, newPath: file,
    hunks: [
      Hunk(
        oldStart: 6, oldCount: 1, newStart: 6, newCount: 2, section: "static int pwrite(",
        lines: [
          .init(kind: .context, text: "\tret = copy_from_user(buf, ptr, len);"),
          .init(kind: .added, text: "\t/* may fault */"),
        ])
    ])

  static func patch(_ index: Int, _ number: Int, of total: Int, _ diffs: [FileDiff]) -> Mail {
    Mail(
      index: index, messageID: "p\(index)@example.com", references: ["cover@example.com"],
      from: Address(name: "A", email: "a@example.com"),
      rawSubject: "[PATCH \(number)/\(total)] drm/i915: step \(number)",
      subject: "drm/i915: step \(number)", series: SeriesTag(number: number, total: total),
      fileDiffs: diffs)
  }

  let reviewer = Reviewer(knowledge: KnowledgeBase())

  @Test("cover letters and replies are read but not reviewed; patches come out in input order")
  func skipsMailsWithoutPatch() {
    let cover = Mail(index: 0, messageID: "cover@example.com", rawSubject: "[PATCH 0/2] x")
    let reply = Mail(index: 3, messageID: "r@example.com", rawSubject: "Re: [PATCH 1/2] x")
    let mails = [
      cover, Self.patch(1, 1, of: 2, [Self.moveCopy]), Self.patch(2, 2, of: 2, [Self.addComment]),
      reply,
    ]
    let run = reviewer.review(
      mails, input: "t.mbox", bases: FixedBase(Self.base), applier: TestPatchApplier())
    #expect(run.errors == [])
    #expect(run.reviews.map(\.mail.index) == [1, 2])
    #expect(run.messagesRead == 4)
    #expect(run.reviews.allSatisfy { $0.input == "t.mbox" && $0.hadBaseTree })
  }

  @Test("a series is applied in order: patch 2 is reviewed on top of patch 1")
  func seriesStacks() {
    // Patch 2 comes first in the mailbox; it applies only after patch 1.
    let mails = [
      Self.patch(0, 2, of: 2, [Self.addComment]), Self.patch(1, 1, of: 2, [Self.moveCopy]),
    ]
    let run = reviewer.review(
      mails, input: "t.mbox", bases: FixedBase(Self.base), applier: TestPatchApplier())
    #expect(run.errors == [])
    #expect(run.reviews.map(\.mail.index) == [0, 1])
    #expect(
      run.reviews[0].baseDescription == "the literal tree with the series' previous patch applied")
    #expect(run.reviews[1].baseDescription == "the literal tree")
  }

  @Test("a patch that does not apply is an error naming the file and hunk, not a silent skip")
  func rejectedPatchIsReported() {
    let lone = Mail(
      index: 4, messageID: "lone@example.com", rawSubject: "[PATCH] drm/i915: comment",
      fileDiffs: [Self.addComment])
    let run = reviewer.review(
      [lone], input: "t.mbox", bases: FixedBase(Self.base), applier: TestPatchApplier())
    #expect(run.reviews.isEmpty)
    #expect(
      run.errors == [
        InputError(
          input: "t.mbox", index: 4, messageID: "lone@example.com",
          message: "patch does not apply: \(Self.file) hunk #1 (@@ -6 +6,2 @@ static int pwrite():"
            + " context differs at line 6")
      ])
    #expect(!run.readNothing)
  }

  @Test("without a base tree the hunks are reviewed alone and the review says so")
  func noBaseTree() {
    let run = reviewer.review(
      [Self.patch(0, 1, of: 1, [Self.moveCopy])], input: "-", bases: FixedBase(nil),
      applier: TestPatchApplier())
    #expect(run.reviews.count == 1)
    #expect(run.reviews[0].hadBaseTree == false)
    #expect(run.reviews[0].baseDescription.hasPrefix("no base tree"))
  }

  @Test("a base that cannot be read is an error for that patch only")
  func unreadableBase() {
    struct Failing: BaseTreeProviding {
      func baseTree(for mail: Mail) throws -> BaseTree? {
        if mail.index == 0 { throw ReviewError.unsupported("unknown revision") }
        return ReviewerTests.base
      }
    }
    let mails = [
      Self.patch(0, 1, of: 1, [Self.moveCopy]),
      Mail(index: 1, rawSubject: "[PATCH] other", fileDiffs: [Self.moveCopy]),
    ]
    let run = reviewer.review(mails, input: "x", bases: Failing(), applier: TestPatchApplier())
    #expect(run.errors.map(\.index) == [0])
    #expect(run.errors.first?.message.hasPrefix("base tree: ") == true)
    #expect(run.reviews.map(\.mail.index) == [1])
  }

  static let fault = DependencyEdge(
    from: LockClass("B"), to: LockClass("A"), function: "fault_handler",
    location: Loc(file: "f.c", line: 30), heldSince: Loc(file: "f.c", line: 1))

  static func finding(_ origin: Finding.Origin, in function: String) -> Finding {
    Finding(
      kind: .circularDependency, locks: [LockClass("A"), LockClass("B")],
      edges: [
        DependencyEdge(
          from: LockClass("A"), to: LockClass("B"), function: function,
          location: Loc(file: "f.c", line: 10), heldSince: Loc(file: "f.c", line: 9)),
        fault,
      ], confirmed: true, origin: origin)
  }

  @Test(
    "existing problems are listed only with --include-existing and only where the patch touches")
  func existingOnlyWhenAsked() {
    let findings = [
      Self.finding(.existing, in: "changed_fn"), Self.finding(.existing, in: "elsewhere"),
      Self.finding(.introduced, in: "elsewhere"), Self.finding(.removed, in: "changed_fn"),
    ]
    let plain = reviewer.select(findings, changedFunctions: ["changed_fn"]).kept
    #expect(plain.map(\.origin) == [.introduced, .removed])
    var asking = reviewer
    asking.options.includeExisting = true
    let listed = asking.select(findings, changedFunctions: ["changed_fn"]).kept
    #expect(listed.map(\.origin) == [.introduced, .existing, .removed])
    #expect(listed[1].edges[0].function == "changed_fn")
  }

  @Test("suppressions by lock pair, function and fingerprint drop findings and are counted")
  func suppressions() {
    let finding = Self.finding(.introduced, in: "writer")
    for match in [
      Suppression.Match.lockPair("B", "A"), .function("fault_handler"),
      .fingerprint(finding.fingerprint.uppercased()),
    ] {
      var suppressing = reviewer
      suppressing.options.suppressions = [Suppression(match, reason: "known, fixed upstream")]
      let (kept, suppressed) = suppressing.select([finding], changedFunctions: [])
      #expect(kept.isEmpty, "\(match)")
      #expect(suppressed == 1, "\(match)")
    }
    var other = reviewer
    other.options.suppressions = [Suppression(.lockPair("A", "C"), reason: "other pair")]
    #expect(other.select([finding], changedFunctions: []).kept == [finding])
  }

  @Test("a finding's fingerprint ignores line numbers but not the functions involved")
  func fingerprintStable() {
    var moved = Self.finding(.introduced, in: "writer")
    moved.edges[0].location.line += 40
    #expect(moved.fingerprint == Self.finding(.introduced, in: "writer").fingerprint)
    #expect(moved.fingerprint != Self.finding(.introduced, in: "reader").fingerprint)
  }
}

/// Counts loads and stores; a class only because the cache protocol is shared by reference
/// in the pipeline and the test must see what it did.
final class CountingCache: FileModelCaching, @unchecked Sendable {
  private let lock = NSLock()
  private var models: [String: FileModel] = [:]
  private(set) var stores = 0
  private(set) var hits = 0

  func load(id: String) -> FileModel? {
    lock.lock()
    defer { lock.unlock() }
    let model = models[id]
    if model != nil { hits += 1 }
    return model
  }

  func store(_ model: FileModel, id: String) {
    lock.lock()
    defer { lock.unlock() }
    stores += 1
    models[id] = model
  }
}

@Suite("review runs")
struct ReviewRunTests {
  static func inputs(_ count: Int) -> [ReviewInput] {
    (0..<count).map { number in
      ReviewInput(
        name: "in\(number).eml",
        mails: [
          Mail(
            index: 0, messageID: "m\(number)@example.com", rawSubject: "[PATCH] \(number)",
            subject: "\(number)", fileDiffs: [ReviewerTests.moveCopy])
        ])
    }
  }

  @Test("many inputs reviewed at once come out in input order, the same on every run")
  func parallelRunsAreStable() {
    let reviewer = Reviewer(knowledge: KnowledgeBase())
    let inputs = Self.inputs(24)
    let first = reviewer.review(
      inputs, bases: FixedBase(ReviewerTests.base), applier: TestPatchApplier())
    let second = reviewer.review(
      inputs, bases: FixedBase(ReviewerTests.base), applier: TestPatchApplier())
    #expect(first.reviews.map(\.input) == inputs.map(\.name))
    #expect(first == second)
    let settings = WriterFixtures.settings
    #expect(
      JSONWriter(settings: settings).write(first) == JSONWriter(settings: settings).write(second))
  }

  @Test("a base's files are modelled once per run and then come from the cache by content id")
  func cacheByContentID() {
    let cache = CountingCache()
    let base = BaseTree(
      id: "ids",
      source: MemoryTree(
        files: [ReviewerTests.file: ReviewerTests.baseText, "b.h": "int b;\n", "README": "x\n"],
        contentIDs: [ReviewerTests.file: "blob1", "b.h": "blob2", "README": "blob3"]),
      description: "ids")
    let reviewer = Reviewer(knowledge: KnowledgeBase(), cache: cache)
    _ = reviewer.review(Self.inputs(3), bases: FixedBase(base), applier: TestPatchApplier())
    #expect(cache.stores == 2)
    #expect(cache.hits == 0)
    _ = reviewer.review(Self.inputs(1), bases: FixedBase(base), applier: TestPatchApplier())
    #expect(cache.stores == 2)
    #expect(cache.hits == 2)
  }
}

@Suite("commits")
struct CommitReviewTests {
  @Test("a commit is reviewed against its parent with its own tree, and carries its id")
  func commitReview() throws {
    let after = try TestPatchApplier().apply(
      [ReviewerTests.moveCopy], to: ReviewerTests.base.source)
    let mail = Mail(
      index: 0, from: Address(name: "A", email: "a@example.com"),
      rawSubject: "drm/i915: move the copy", subject: "drm/i915: move the copy",
      fileDiffs: [ReviewerTests.moveCopy])
    let run = Reviewer(knowledge: KnowledgeBase()).review(
      commit: "1a2b3c4d", mail: mail, parent: ReviewerTests.base, tree: after, input: "HEAD")
    #expect(run.errors == [])
    #expect(run.reviews.map(\.commit) == ["1a2b3c4d"])
    #expect(run.reviews.first?.input == "HEAD")
  }
}
