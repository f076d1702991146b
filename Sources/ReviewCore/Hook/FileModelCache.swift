import Foundation
import LockModelExtract

/// Per-file lock models on disk, keyed by content id (git blob id) and knowledge-base
/// fingerprint, under `<gitdir>/reviewbot/cache/` (`GitRepository.cacheDirectory`).
///
/// Safe against concurrent hooks: entries are written whole through a temporary file and
/// `rename(2)`. Never fatal: a missing, unreadable or corrupt entry reads as a miss and is
/// rebuilt by the next `store`; a failed store is ignored.
public struct FileModelCache: Hashable, Sendable {
  /// The directory holding the entries for this fingerprint.
  public let directory: String

  /// - Parameters:
  ///   - directory: the cache root, e.g. `GitRepository.cacheDirectory`.
  ///   - fingerprint: identifies what a model depends on besides the file (reviewbot's
  ///     version, the knowledge base); a different fingerprint never sees these entries.
  ///     `FileModelCache.fingerprint(version:knowledgeSources:)` makes one.
  public init(directory: String, fingerprint: String) {
    let key = (try? gitBlobID(of: fingerprint)).map { String($0.prefix(16)) } ?? "default"
    self.directory = directory + "/kb-" + key
  }

  /// A fingerprint from the tool version and every knowledge-base text loaded (bundled
  /// first, then `.reviewbot.yml` and `--config`), in load order.
  public static func fingerprint(version: String, knowledgeSources: [String]) -> String {
    let joined = ([version] + knowledgeSources).map { "\($0.utf8.count):\($0)" }.joined()
    return (try? gitBlobID(of: joined)) ?? version
  }

  /// A fingerprint from the tool version and the knowledge base in use (bundled merged with
  /// the configuration's), so any change to either invalidates every entry.
  public static func fingerprint(version: String, knowledge: KnowledgeBase) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Everything linking reads too, since whole-tree entries live under the same key.
    let parts = [
      try? encoder.encode(knowledge.primitives), try? encoder.encode(knowledge.contexts),
      try? encoder.encode(knowledge.aliases), try? encoder.encode(knowledge.registrations),
      try? encoder.encode(knowledge.types), try? encoder.encode(knowledge.globals),
      try? encoder.encode(knowledge.conditionWrappers.sorted()),
      try? encoder.encode(knowledge.assertionWrappers.sorted()),
      try? encoder.encode(knowledge.yieldCalls.sorted()), try? encoder.encode(knowledge.gfpFlags),
      try? encoder.encode(knowledge.reclaimRules), try? encoder.encode(knowledge.constants),
      try? encoder.encode(knowledge.containerMacros.sorted()),
      try? encoder.encode(knowledge.errorReturns.sorted()),
      try? encoder.encode(knowledge.heldOnEntryAnnotations.sorted()),
    ].map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "?" }
    return fingerprint(version: version, knowledgeSources: parts)
  }

  /// The cached model of the file with content id `id`, or `nil` on any miss.
  public func load(id: String) -> FileModel? {
    guard let path = entryPath(id),
      let data = FileManager.default.contents(atPath: path),
      let sections = Self.fileEntry.decode(data, id: id, sections: 1)
    else { return nil }
    var reader = BinaryReader(Array(sections[0]))
    guard let model = try? FileModel(from: &reader), reader.isAtEnd else { return nil }
    return model
  }

  /// Stores `model` for content id `id`; best effort, failures are ignored (a cache is an
  /// optimisation and must never fail a hook).
  public func store(_ model: FileModel, id: String) {
    _ = write(model, id: id)
  }

  /// Stores `model`; whether the entry was written.
  func write(_ model: FileModel, id: String) -> Bool {
    guard let path = entryPath(id) else { return false }
    var body = BinaryWriter()
    body.write(model)
    do {
      try CacheEntry.write(Self.fileEntry.encode(id: id, sections: [body.bytes]), to: path)
      return true
    } catch {
      return false
    }
  }

  /// Format 5; another format reads as a miss (format 2 was JSON, in `.json` files this
  /// version never opens).
  static let fileEntry = CacheEntry(magic: "reviewbot-file\n", format: 5)

  /// Only hex ids name entries: an id is never allowed to become a path elsewhere.
  func entryPath(_ id: String) -> String? {
    let hex = id.utf8.allSatisfy {
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
    }
    guard hex, id.utf8.count >= 4, id.utf8.count <= 64 else { return nil }
    return directory + "/" + id.prefix(2) + "/" + id.dropFirst(2) + ".bin"
  }
}
