import Foundation
import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

// `swift test` runs in the package root; the goldens were written by `make golden` with the
// same relative paths, which the reply and the JSON print.
private let sampleDirectory = "samples/gem-2009"
private let sampleTree = sampleDirectory + "/tree"
private let gemFile = "drivers/gpu/drm/i915/i915_gem.c"

private func golden(_ name: String) throws -> String {
  try String(contentsOfFile: "\(sampleDirectory)/\(name)", encoding: .utf8)
}

private func reviewSample(_ name: String) throws -> (ReviewRun, WriterSettings) {
  let knowledge = try KnowledgeBase.bundled()
  let request = ReviewRequest(inputs: ["\(sampleDirectory)/\(name).mbox"], tree: sampleTree)
  let run = try request.run(reviewer: Reviewer(knowledge: knowledge), reader: .standard())
  return (run, WriterSettings(knowledge: knowledge))
}

/// The sample's `[PATCH]` mail (message 1 of each thread).
private func patchMail(_ name: String) throws -> Mail {
  let (mails, errors) = InputReader.standard().readAll("\(sampleDirectory)/\(name).mbox")
  #expect(errors.isEmpty)
  return try #require(mails.first { !$0.fileDiffs.isEmpty })
}

/// Reviews the pwrite patch against the sample base, with the patched i915_gem.c edited by
/// `edit` and the base's files edited by `editBase` before the review.
private func reviewEditedPwrite(
  editBase: (String, String) -> String = { _, text in text },
  edit: (String) -> String
) throws -> [Finding] {
  let knowledge = try KnowledgeBase.bundled()
  let snapshot = try SourceSnapshot(directory: sampleTree)
  var baseEdits: [String: String?] = [:]
  for path in snapshot.paths {
    let text = try snapshot.read(path)
    let edited = editBase(path, text)
    if edited != text { baseEdits[path] = edited }
  }
  let base = try snapshot.overlaying(baseEdits)
  let mail = try patchMail("pwrite-copy-under-lock")
  let patched = try base.applying(mail.fileDiffs)
  let edited = try patched.overlaying([gemFile: edit(try patched.read(gemFile))])
  let run = Reviewer(knowledge: knowledge).review(
    commit: "edited", mail: mail, parent: BaseTree(id: "edited", source: base, description: ""),
    tree: edited, input: "edited")
  #expect(run.errors.isEmpty)
  return try #require(run.reviews.first).findings
}

/// Moves the `count` lines starting at the first line containing `marker` to just after
/// the first line containing `after` that follows them.
private func moveLines(
  _ text: String, startingAt marker: String, count: Int, after: String
) -> String {
  var lines = text.components(separatedBy: "\n")
  guard let start = lines.firstIndex(where: { $0.contains(marker) }) else { return text }
  let moved = Array(lines[start..<start + count])
  lines.removeSubrange(start..<start + count)
  guard let anchor = lines[start...].firstIndex(where: { $0.contains(after) }) else { return text }
  lines.insert(contentsOf: moved, at: anchor + 1)
  return lines.joined(separator: "\n")
}

/// Replaces `old` by `new` on the lines of the function whose head contains `function`.
private func replacing(_ old: String, with new: String, inFunction function: String, of text: String)
  -> String
{
  var lines = text.components(separatedBy: "\n")
  guard let head = lines.firstIndex(where: { $0.hasPrefix(function + "(") }) else { return text }
  var index = head
  while index < lines.count, lines[index] != "}" {
    lines[index] = lines[index].replacingOccurrences(of: old, with: new)
    index += 1
  }
  return lines.joined(separator: "\n")
}

@Suite("the 2009 GEM samples, end to end")
struct GemSampleTests {
  static let cases = [
    "pwrite-copy-under-lock", "unbind-unmap-under-lock", "fault-trylock-retry", "pwrite-inatomic",
  ]

  @Test("each sample's reply mail matches its golden byte for byte", arguments: cases)
  func replyGolden(name: String) throws {
    let (run, settings) = try reviewSample(name)
    #expect(OutputFormat.text.render(run, settings: settings) == (try golden("\(name).reply.txt")))
  }

  @Test("each sample's JSON matches its golden byte for byte", arguments: cases)
  func jsonGolden(name: String) throws {
    let (run, settings) = try reviewSample(name)
    #expect(OutputFormat.json.render(run, settings: settings) == (try golden("\(name).json")))
  }

  @Test("the reply README.md shows is the one make run prints today")
  func readmeShowsTheRealReply() throws {
    let readme = try String(contentsOfFile: "README.md", encoding: .utf8)
    let reply = try golden("pwrite-copy-under-lock.reply.txt")
    #expect(readme.contains("```\n" + reply + "```\n"))
  }

  @Test("copy_from_user moved under struct_mutex is flagged against the fault path")
  func pwriteFlagged() throws {
    let (run, _) = try reviewSample("pwrite-copy-under-lock")
    let finding = try #require(run.reviews.first?.findings.first)
    #expect(finding.kind == .circularDependency)
    #expect(finding.locks.map(\.name).sorted() == ["drm_device.struct_mutex", "mm_struct.mmap_lock"])
    #expect(finding.edges.contains { $0.isNew && $0.function == "i915_gem_pwrite_ioctl" })
    #expect(finding.edges.contains { $0.function == "i915_gem_fault" && $0.context == "fault" })
  }

  @Test("the trylock-and-retry fault handler is a livelock, not a deadlock")
  func trylockIsLivelock() throws {
    let (run, _) = try reviewSample("fault-trylock-retry")
    let kinds = run.reviews.flatMap(\.findings).filter(\.introducedByPatch).map(\.kind)
    #expect(kinds == [.livelock])
  }

  @Test("the inatomic copy with a slow path that drops the lock is clean")
  func inatomicIsClean() throws {
    let (run, _) = try reviewSample("pwrite-inatomic")
    #expect(run.errors.isEmpty)
    #expect(run.reviews.count == 1)
    #expect(run.reviews.allSatisfy { $0.findings.isEmpty })
  }

  @Test("moving the copy after mutex_unlock in the patched tree makes the finding disappear")
  func copyAfterUnlockIsClean() throws {
    let unchanged = try reviewEditedPwrite { $0 }
    #expect(unchanged.contains { $0.kind == .circularDependency })
    let moved = try reviewEditedPwrite {
      moveLines($0, startingAt: "if (copy_from_user(", count: 2, after: "mutex_unlock(")
    }
    #expect(moved.isEmpty)
  }

  @Test("when the fault path takes another lock, the finding follows that lock")
  func faultLockSwapped() throws {
    let addField: (String, String) -> String = { path, text in
      guard path.hasSuffix("drmP.h") else { return text }
      return text.replacingOccurrences(
        of: "\tstruct mutex struct_mutex;", with: "\tstruct mutex struct_mutex;\n\tstruct mutex fault_lock;")
    }
    let faultOnOtherLock: (String) -> String = {
      replacing("dev->struct_mutex", with: "dev->fault_lock", inFunction: "i915_gem_fault", of: $0)
    }
    // The fault path no longer takes struct_mutex: nothing closes the pwrite edge.
    let swapped = try reviewEditedPwrite(editBase: addField) { faultOnOtherLock($0) }
    #expect(!swapped.contains { $0.locks.contains(LockClass("drm_device.struct_mutex")) })
    // pwrite copying under that other lock too: the cycle is now through fault_lock.
    let copy = "\tif (copy_from_user((char __force *) vaddr, user_data, args->size))\n"
      + "\t\tret = -EFAULT;\n"
    let both = try reviewEditedPwrite(editBase: addField) {
      faultOnOtherLock($0).replacingOccurrences(
        of: copy,
        with: "\tmutex_lock(&dev->fault_lock);\n" + copy + "\tmutex_unlock(&dev->fault_lock);\n")
    }
    let finding = try #require(both.first { $0.kind == .circularDependency })
    #expect(finding.locks.map(\.name).sorted() == ["drm_device.fault_lock", "mm_struct.mmap_lock"])
  }
}
