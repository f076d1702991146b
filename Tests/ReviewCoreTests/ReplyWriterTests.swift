import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

@Suite("reply mail")
struct ReplyWriterTests {
  let writer = ReplyWriter(settings: WriterFixtures.settings)

  func reply(_ review: Review) throws -> [String] {
    let text = try #require(writer.reply(to: review))
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test("every line of the reply outside quoted code fits in 72 columns")
  func wrappedAt72() throws {
    for review in WriterFixtures.run.reviews where !review.findings.isEmpty {
      let lines = try reply(review)
      let body = lines.drop { !$0.isEmpty }
      for line in body where !line.hasPrefix("> ") {
        #expect(line.count <= 72, "\(line.count) columns: \(line)")
      }
    }
  }

  @Test("the reply threads under the patch: In-Reply-To and References end with its id")
  func threads() throws {
    let lines = try reply(WriterFixtures.run.reviews[1])
    #expect(lines.contains("In-Reply-To: <20090219180400.1234-1-author@example.com>"))
    let references = try #require(lines.firstIndex { $0.hasPrefix("References:") })
    let folded = ([lines[references]] + lines[(references + 1)...].prefix { $0.hasPrefix(" ") })
      .joined()
    #expect(
      folded == "References: <20090219170000.999@example.com>"
        + " <20090219180400.1234-1-author@example.com>")
  }

  @Test("the reply goes to the author, copies the original recipients once, author excluded")
  func addressing() throws {
    let lines = try reply(WriterFixtures.run.reviews[1])
    #expect(lines.contains("To: A U Thor <author@example.com>"))
    let cc = try #require(lines.firstIndex { $0.hasPrefix("Cc:") })
    let folded = ([lines[cc]] + lines[(cc + 1)...].prefix { $0.hasPrefix(" ") }).joined()
    #expect(folded.components(separatedBy: "dri-devel@lists.example.org").count == 2)
    #expect(!folded.lowercased().contains("author@example.com"))
    #expect(folded.hasPrefix("Cc: \"Maintainer, Drm\" <maint@example.org>,"))
  }

  @Test("the subject gets one Re: however many the original had")
  func subject() throws {
    let lines = try reply(WriterFixtures.run.reviews[1])
    #expect(
      lines.contains("Subject: Re: [PATCH 2/3] drm/i915: copy pwrite data under struct_mutex"))
  }

  @Test("no Date header unless one is given, so output does not depend on the clock")
  func dateOnlyWhenGiven() throws {
    #expect(!(try reply(WriterFixtures.run.reviews[1])).contains { $0.hasPrefix("Date:") })
    var settings = WriterFixtures.settings
    settings.date = "Fri, 20 Feb 2009 09:00:00 +0000"
    let text = try #require(
      ReplyWriter(settings: settings).reply(to: WriterFixtures.run.reviews[1]))
    #expect(text.contains("\nDate: Fri, 20 Feb 2009 09:00:00 +0000\n"))
  }

  @Test("the quote keeps the hunk header and the lines at the new edge's site, nothing removed")
  func quotesTheSite() throws {
    let lines = try reply(WriterFixtures.run.reviews[1])
    let quoted = lines.filter { $0.hasPrefix(">") }
    #expect(quoted.first == "> diff --git a/\(WriterFixtures.gem) b/\(WriterFixtures.gem)")
    #expect(quoted.contains { $0.hasPrefix("> @@ -500,12 +500,14 @@ i915_gem_pwrite_ioctl(") })
    #expect(quoted.contains("> +\tret = copy_from_user(vaddr + args->offset, user_data,"))
    #expect(quoted.contains(">  \tmutex_lock(&dev->struct_mutex);"))
    #expect(!quoted.contains(">  \tif (obj == NULL)"))
    #expect(!quoted.contains { $0.hasPrefix("> -") })
    #expect(quoted.contains("> [...]"))
    #expect(!quoted.contains("> \treturn ret;"))
  }

  @Test("the comment names both paths with file:line and the lockdep scenario table")
  func comment() throws {
    let text = try reply(WriterFixtures.run.reviews[1]).joined(separator: "\n")
    #expect(text.contains("WARNING: possible circular locking dependency detected"))
    #expect(
      text.contains(
        "       might_fault()\n       copy_from_user()\n       i915_gem_pwrite_ioctl()"))
    #expect(text.contains("\(WriterFixtures.gem):1130 [fault]"))
    #expect(text.contains("  lock(drm_device.struct_mutex);\n"))
    #expect(text.contains(String(repeating: " ", count: 31) + "rlock(mm_struct.mmap_lock);"))
    #expect(text.contains("WARNING: possible livelock"))
    #expect(text.contains("Reproducer (run these at once, in threads of one process, until they"))
    #expect(text.contains("Possible fixes:"))
    let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("i915_gem_pread_ioctl() at \(WriterFixtures.gem):431 takes the same"))
    #expect(words.contains("this patch adds another instance of it."))
    #expect(text.hasSuffix("-- \nreviewbot 0.1.0-test\n"))
  }

  @Test("a patch without findings gets no reply")
  func noFindingNoReply() {
    #expect(writer.reply(to: WriterFixtures.run.reviews[2]) == nil)
  }

  @Test("a patch that only removes a cycle gets no reply of its own")
  func removedAloneNoReply() {
    var review = WriterFixtures.run.reviews[0]
    review.findings = [WriterFixtures.removed]
    #expect(writer.reply(to: review) == nil)
  }

  @Test("replies are written as an mbox, one message per patch with findings, From lines quoted")
  func repliesAsMbox() {
    var run = WriterFixtures.run
    run.reviews[1].mail.from = Address(name: "From here", email: "x@example.com")
    run.reviews[1].mail.date = nil
    let mbox = writer.replies(to: run)
    let separators = mbox.split(separator: "\n").filter { $0.hasPrefix("From ") }
    #expect(separators == Array(repeating: "From reviewbot Mon Sep 17 00:00:00 2001", count: 2))
    #expect(mbox.contains("\n>From here wrote:\n"))
  }

  @Test("a recursive acquisition gets lockdep's recursive headline and nesting hint")
  func recursive() throws {
    let edge = DependencyEdge(
      from: WriterFixtures.structMutex, to: WriterFixtures.structMutex, function: "f",
      location: Loc(file: "a.c", line: 9), heldSince: Loc(file: "a.c", line: 5), isNew: true)
    let finding = Finding(
      kind: .recursiveLocking, locks: [WriterFixtures.structMutex], edges: [edge],
      scenario: [
        ScenarioStep(cpu: 0, action: .lock, lock: WriterFixtures.structMutex),
        ScenarioStep(cpu: 0, action: .lock, lock: WriterFixtures.structMutex),
      ], confirmed: true)
    let text = writer.comment(finding).joined(separator: "\n")
    #expect(text.contains("WARNING: possible recursive locking detected"))
    #expect(text.contains("May be due to missing lock nesting notation"))
    #expect(!text.contains("CPU1"))
  }

  @Test("a long call chain in the splat is a stack trace, innermost first, within 72 columns")
  func longChainWraps() {
    var finding = WriterFixtures.circular
    finding.edges[0].via = [
      "i915_gem_object_pin", "i915_gem_object_bind_to_gtt", "i915_gem_evict_something",
      "i915_gem_object_unbind", "i915_gem_release_mmap", "unmap_mapping_range",
    ]
    let lines = writer.comment(finding)
    for line in lines { #expect(line.count <= 72, "\(line.count): \(line)") }
    let stack = lines.drop { $0 != "       unmap_mapping_range()" }.prefix(7)
    #expect(
      Array(stack) == [
        "       unmap_mapping_range()", "       i915_gem_release_mmap()",
        "       i915_gem_object_unbind()", "       i915_gem_evict_something()",
        "       i915_gem_object_bind_to_gtt()", "       i915_gem_object_pin()",
        "       i915_gem_pwrite_ioctl()",
      ])
    #expect(lines.contains("         at \(WriterFixtures.gem):506 [ioctl]"))
  }

  @Test("a retried trylock's reproducer comes from the context that retries on its code")
  func livelockReproducer() {
    var finding = WriterFixtures.livelock
    finding.edges = []
    let lines = writer.comment(finding)
    let words = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
    #expect(lines.contains("Reproducer:"))
    #expect(words.contains("so the page fault calls i915_gem_fault() with mmap_lock held"))
  }

  @Test("a long step in the CPU table continues under its own column")
  func longScenarioStep() {
    var finding = WriterFixtures.circular
    finding.scenario.insert(
      ScenarioStep(
        cpu: 1, action: .lock, lock: WriterFixtures.mmapLock,
        note: "a writer (e.g. mmap) queues and waits"), at: 2)
    let lines = writer.comment(finding)
    for line in lines { #expect(line.count <= 72, "\(line.count): \(line)") }
    let start = String(repeating: " ", count: 31) + "lock(mm_struct.mmap_lock) a writer"
    let at = lines.firstIndex { $0.hasPrefix(start) }
    #expect(at.map { lines[$0 + 1].hasPrefix(String(repeating: " ", count: 33) + "mmap)") } == true)
  }

  @Test("the reply leads with the new edge that goes through a function the patch changes")
  func leadsWithTouchedEdge() throws {
    var review = WriterFixtures.run.reviews[1]
    var elsewhere = WriterFixtures.pwriteEdge
    elsewhere.function = "other_ioctl"
    elsewhere.via = ["put_user", "i915_gem_fault_helper"]
    elsewhere.location = Loc(file: "other.c", line: 7)
    review.findings = [WriterFixtures.circular]
    review.findings[0].edges.insert(elsewhere, at: 0)
    let untouched = try #require(writer.reply(to: review))
    #expect(untouched.contains("\nAt other.c:7, other_ioctl() now takes"))
    review.changedFunctions = ["i915_gem_pwrite_ioctl"]
    let touched = try #require(writer.reply(to: review))
    #expect(touched.contains("\nAt \(WriterFixtures.gem):506, i915_gem_pwrite_ioctl() now"))
    #expect(touched.contains("i915_gem_pwrite_ioctl is trying to acquire lock:"))
  }

  @Test("an unconfirmed cycle through a guessed ops call says the callee is a guess, not a lock")
  func guessedEdgeExplained() throws {
    var review = WriterFixtures.run.reviews[1]
    var finding = WriterFixtures.circular
    finding.confirmed = false
    finding.edges[1].guessed = true
    review.findings = [finding]
    let text = try reply(review).joined(separator: " ")
    #expect(text.contains("ops table whose object could not be pinned"))
    #expect(!text.contains("common outer lock"))
    finding.edges[1].guessed = false
    review.findings = [finding]
    #expect(try reply(review).joined(separator: " ").contains("common outer lock"))
  }
}
