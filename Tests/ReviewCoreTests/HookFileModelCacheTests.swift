import Foundation
import LockModelExtract
import Testing

@testable import ReviewCore

@Suite("per-file model cache")
struct HookFileModelCacheTests {
  private func model(_ path: String) -> FileModel {
    FileModel(extracting: SourceFile(path: path, text: ""), knowledge: KnowledgeBase())
  }

  private func ids(_ count: Int) -> [String] {
    (0..<count).map { index in
      let hex = String(index, radix: 16)
      return String(repeating: "0", count: 40 - hex.count) + hex
    }
  }

  @Test("a stored model loads back by content id, and another fingerprint does not see it")
  func roundTrip() throws {
    let root = try makeTemporaryDirectory("reviewbot-cache")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fingerprint = FileModelCache.fingerprint(version: "1.0", knowledgeSources: ["kb: 1"])
    let cache = FileModelCache(directory: root, fingerprint: fingerprint)
    let id = "9daeafb9864cf43055ae93beb0afd6c7d144bfa4"
    #expect(cache.load(id: id) == nil)
    #expect(cache.write(model("gem.c"), id: id))
    #expect(cache.load(id: id) == model("gem.c"))
    let changedKB = FileModelCache.fingerprint(version: "1.0", knowledgeSources: ["kb: 2"])
    #expect(changedKB != fingerprint)
    #expect(FileModelCache(directory: root, fingerprint: changedKB).load(id: id) == nil)
    #expect(!cache.write(model("x.c"), id: "../../escape"))
    #expect(cache.load(id: "../../escape") == nil)
  }

  @Test("the fingerprint changes with the knowledge base and the version, and only then")
  func fingerprintOfKnowledge() {
    let empty = KnowledgeBase()
    let aliased = KnowledgeBase(aliases: ["mm_struct.mmap_sem": "mm_struct.mmap_lock"])
    let base = FileModelCache.fingerprint(version: "1", knowledge: empty)
    #expect(FileModelCache.fingerprint(version: "1", knowledge: KnowledgeBase()) == base)
    #expect(FileModelCache.fingerprint(version: "1", knowledge: aliased) != base)
    #expect(FileModelCache.fingerprint(version: "2", knowledge: empty) != base)
  }

  @Test("a corrupt entry reads as a miss and is rebuilt by the next store")
  func corruptEntryIgnored() throws {
    let root = try makeTemporaryDirectory("reviewbot-cache")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let cache = FileModelCache(directory: root, fingerprint: "kb")
    let id = ids(1)[0]
    #expect(cache.write(model("a.c"), id: id))
    let path = try #require(cache.entryPath(id))
    try Data("{\"format\":1,\"id\":".utf8).write(to: URL(fileURLWithPath: path))
    #expect(cache.load(id: id) == nil)
    try Data([0xff, 0x00, 0x13]).write(to: URL(fileURLWithPath: path))
    #expect(cache.load(id: id) == nil)
    #expect(cache.write(model("a.c"), id: id))
    var damaged = try Data(contentsOf: URL(fileURLWithPath: path))
    damaged[damaged.count - 2] ^= 0x01
    try damaged.write(to: URL(fileURLWithPath: path))
    #expect(cache.load(id: id) == nil, "a damaged byte must read as a miss")
    #expect(cache.write(model("a.c"), id: id))
    #expect(cache.load(id: id) == model("a.c"))
  }

  @Test("readers never see a torn entry while two writers replace the same ids")
  func concurrentWriters() async throws {
    let root = try makeTemporaryDirectory("reviewbot-cache")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let cache = FileModelCache(directory: root, fingerprint: "kb")
    let keys = ids(16)
    // Large entries widen the window in which a non-atomic write would be seen half done.
    let padding = String(repeating: "x", count: 256 * 1024)
    let name: @Sendable (Int) -> String = { index in "f\(index)-\(padding).c" }
    for (index, id) in keys.enumerated() { cache.store(model(name(index)), id: id) }
    let torn = await withTaskGroup(of: Int.self) { group in
      for role in 0..<4 {
        group.addTask {
          var misses = 0
          for _ in 0..<6 {
            for (index, id) in keys.enumerated() {
              if role < 2 {
                cache.store(
                  FileModel(
                    extracting: SourceFile(path: name(index), text: ""),
                    knowledge: KnowledgeBase()),
                  id: id)
              } else if cache.load(id: id)?.path != name(index) {
                misses += 1
              }
            }
          }
          return misses
        }
      }
      return await group.reduce(0, +)
    }
    #expect(torn == 0)
    for (index, id) in keys.enumerated() {
      #expect(cache.load(id: id)?.path == name(index))
    }
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root)
      .filter { $0.contains(".reviewbot-tmp-") }
    #expect(leftovers.isEmpty)
  }

  @Test("the cache lives under the repository's git directory")
  func cacheUnderGitDirectory() throws {
    let test = try TestRepository()
    let repo = try GitRepository(discoveringFrom: test.path)
    let cache = FileModelCache(directory: repo.cacheDirectory, fingerprint: "kb")
    #expect(cache.directory.hasPrefix(test.gitDirectory + "reviewbot/cache/kb-"))
    #expect(cache.write(model("a.c"), id: ids(1)[0]))
  }
}
