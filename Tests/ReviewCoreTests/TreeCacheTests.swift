import Foundation
import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

private let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// Every file of a sample tree, by path relative to it.
private func files(under root: String) throws -> [String: String] {
  let snapshot = try SourceSnapshot(directory: root)
  var result: [String: String] = [:]
  for path in snapshot.paths { result[path] = try snapshot.read(path) }
  return result
}

@Suite("whole-tree model cache")
struct TreeCacheTests {
  @Test(
    "commits reviewed with a warm tree cache get the findings of a run without caches, and each reviewed commit is kept for its child"
  )
  func warmCommitReviewsMatchCold() throws {
    let sample = packageDirectory.appendingPathComponent("samples/gem-2009").path
    let tree = try files(under: sample + "/tree")
    let base = try openDirectoryTree(sample + "/tree")
    let mails = InputReader().readAll(sample + "/pwrite-copy-under-lock.mbox").mails
    let patch = try #require(mails.first { !$0.fileDiffs.isEmpty })
    let patched = try makePatchApplier().apply(patch.fileDiffs, to: base.source)
    var bad = tree
    for diff in patch.fileDiffs { if let path = diff.newPath { bad[path] = try patched.read(path) } }
    #expect(bad != tree)
    // A child that only moves every function of the file down by two lines.
    var moved = bad
    let gem = try #require(bad.keys.first { $0.hasSuffix("i915_gem.c") })
    moved[gem] = "/* moved */\n/* down */\n" + (bad[gem] ?? "")

    let test = try TestRepository()
    let first = try test.commit("base", files: tree)
    let second = try test.commit("pwrite: copy under the lock", files: bad)
    let third = try test.commit("gem: two comment lines", files: moved)
    let knowledge = try KnowledgeBase.bundled()
    let cold = try reviewCommits(
      "\(first)..\(third)", repository: test.path, reviewer: Reviewer(knowledge: knowledge))

    let directory = try makeTemporaryDirectory("reviewbot-trees")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = FileModelCache(directory: directory, fingerprint: "test")
    let cached = Reviewer(knowledge: knowledge, cache: cache, trees: cache)
    let filling = try reviewCommits("\(first)..\(third)", repository: test.path, reviewer: cached)
    for id in [first, second, third] { #expect(cache.loadTree(id: id) != nil, "\(id)") }
    // A child whose change moves no entered function keeps only its graph's difference
    // from the nearest commit kept whole (here the third: it moved the fault handler).
    var appended = moved
    appended[gem] = (moved[gem] ?? "") + "\nstatic int reviewbot_added(void)\n{\n\treturn 0;\n}\n"
    let fourth = try test.commit("gem: a helper at the end", files: appended)
    let extended = try reviewCommits("\(third)..\(fourth)", repository: test.path, reviewer: cached)
    let plain = try reviewCommits(
      "\(third)..\(fourth)", repository: test.path, reviewer: Reviewer(knowledge: knowledge))
    #expect(extended.reviews.map(\.findings) == plain.reviews.map(\.findings))
    #expect(cache.loadTree(id: third)?.ancestor == nil)
    #expect(cache.loadTree(id: fourth)?.ancestor?.id == third)
    let kept = try #require(cache.loadTree(id: fourth))
    let whole = try #require(cache.loadTree(id: third))
    try FileManager.default.removeItem(atPath: try #require(cache.treePath(third)))
    #expect(cache.loadTree(id: fourth) == nil, "a part without its ancestor is a miss")
    cache.storeTree(whole, id: third)
    #expect(cache.loadTree(id: fourth)?.graph.edges == kept.graph.edges)
    let warm = try reviewCommits("\(first)..\(third)", repository: test.path, reviewer: cached)

    let introduced = cold.reviews.first { $0.commit == second }?.findings ?? []
    #expect(introduced.contains { $0.kind == .circularDependency })
    #expect(cold.reviews.first { $0.commit == third }?.findings.isEmpty == true)
    for run in [filling, warm] {
      #expect(run.reviews.map(\.commit) == cold.reviews.map(\.commit))
      #expect(run.reviews.map(\.findings) == cold.reviews.map(\.findings))
      #expect(run.errors == cold.errors)
    }
  }

  @Test("installing a hook can model HEAD beforehand, so the first commit's base is cached")
  func headModelledForHooks() throws {
    let sample = packageDirectory.appendingPathComponent("samples/gem-2009").path
    let test = try TestRepository()
    let head = try test.commit("base", files: try files(under: sample + "/tree"))
    let directory = try makeTemporaryDirectory("reviewbot-trees")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = FileModelCache(directory: directory, fingerprint: "test")
    let knowledge = try KnowledgeBase.bundled()
    #expect(cache.loadTree(id: head) == nil)
    #expect(
      try modelHEADForHooks(
        repository: test.path, reviewer: Reviewer(knowledge: knowledge, cache: cache, trees: cache)))
    #expect(cache.loadTree(id: head)?.linked.tree.functions.isEmpty == false)
    #expect(
      try !modelHEADForHooks(repository: test.path, reviewer: Reviewer(knowledge: knowledge)),
      "without a cache there is nothing to fill")
  }

  @Test("a truncated or foreign tree entry reads as a miss")
  func corruptTreeEntry() throws {
    let directory = try makeTemporaryDirectory("reviewbot-trees")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = FileModelCache(directory: directory, fingerprint: "test")
    let knowledge = try KnowledgeBase.bundled()
    let files = [
      FileModel(
        extracting: SourceFile(
          path: "a.c", text: "void f(struct mutex *m)\n{\n\tmutex_lock(m);\n\tmutex_unlock(m);\n}\n"),
        knowledge: knowledge)
    ]
    let linked = LinkedTree(files: files, knowledge: knowledge)
    let id = String(repeating: "ab", count: 20)
    cache.storeTree(CachedTree(linked: linked, graph: DependencyGraph(edges: [])), id: id)
    #expect(cache.loadTree(id: id)?.linked.tree.functions == linked.tree.functions)
    let path = try #require(cache.treePath(id))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    var flipped = bytes
    flipped[flipped.count - 20] ^= 0x40
    try flipped.write(to: URL(fileURLWithPath: path))
    #expect(cache.loadTree(id: id) == nil, "a damaged byte must read as a miss")
    try bytes.dropLast(3).write(to: URL(fileURLWithPath: path))
    #expect(cache.loadTree(id: id) == nil)
    #expect(cache.loadTree(id: String(repeating: "cd", count: 20)) == nil)
    #expect(cache.treePath("HEAD") == nil)
  }

  @Test(
    "on the corpus, the graph updated for a relinked patch equals the graph built from scratch",
    .enabled(if: corpusBase != nil, "corpus not unpacked"),
    arguments: [
      // Moves the fault handler: every world path's places move.
      ("drivers/gpu/drm/i915/i915_gem.c", "i915_gem_madvise_ioctl"),
      // Moves no entered function: only this file's functions' edges move.
      ("drivers/gpu/drm/i915/i915_gem_execbuffer.c", "i915_gem_do_execbuffer"),
    ])
  func corpusIncrementalGraph(path: String, function: String) throws {
    let (snapshot, before, knowledge) = try #require(corpusBase)
    let extractor = ModelExtractor(knowledge: knowledge)
    let simulator = Simulator(knowledge: knowledge)
    var text = try snapshot.read(path)
    text = "/* moved */\n" + text
    let head = try #require(text.range(of: "\n" + function + "("))
    let open = try #require(text.range(of: "\n{\n", range: head.upperBound..<text.endIndex))
    text.insert(contentsOf: "\tmight_fault();\n", at: open.upperBound)
    let patched = try snapshot.overlaying([path: text])
    let after = extractor.remodel(before, as: patched, changed: [path], deleted: [])
    let moved = after.movedFunctions
    #expect(moved.count > 20)
    #expect(after.changedFunctions?.contains(function) == true)
    let updated = simulator.update(
      try #require(before.graph), from: before.tree, to: after.tree,
      changed: after.changedFunctions, moved: moved, shift: after.shift)
    #expect(updated.changed != nil, "the update fell back to a whole build")
    let full = simulator.graph(of: after.tree)
    #expect(updated.graph.edges == full.edges)
    #expect(updated.graph.recursions == full.recursions)
    #expect(Set(updated.graph.usages) == Set(full.usages))
    #expect(updated.graph.spins == full.spins)
    #expect(updated.graph.imbalances == full.imbalances)
    let cold = simulator.findings(base: before.graph, patched: full)
    let warm = simulator.findings(
      base: before.graph, patched: updated.graph, changed: updated.changed)
    #expect(warm == cold)
  }
}

/// The corpus tree as a snapshot, modelled with its graph, once for every test that needs it.
private let corpusBase: (SourceSnapshot, ModelledTree, KnowledgeBase)? = {
  let root = packageDirectory.appendingPathComponent(".build-corpus/drm-2018").path
  guard FileManager.default.fileExists(atPath: root),
    let snapshot = try? SourceSnapshot(directory: root),
    let knowledge = try? KnowledgeBase.bundled()
  else { return nil }
  var before = ModelExtractor(knowledge: knowledge).model(snapshot)
  before.graph = Simulator(knowledge: knowledge).graph(of: before.tree)
  return (snapshot, before, knowledge)
}()
