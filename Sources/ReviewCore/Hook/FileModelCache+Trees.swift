import Dispatch
import Foundation
import GEMSim
import LockModelExtract

extension FileModelCache: TreeModelCaching {
  /// Version of the tree entries' binary form; another version reads as a miss.
  static let treeFormat: UInt64 = 4
  private static let treeMagic = Array("reviewbot-tree\n".utf8)

  /// The tree stored for commit `id` under `trees/`, or `nil` on any miss.
  public func loadTree(id: String) -> CachedTree? {
    guard let path = treePath(id),
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    let bytes = Array(data)
    var reader = BinaryReader(bytes)
    let sections: [ArraySlice<UInt8>]
    do {
      for byte in Self.treeMagic where try reader.readUInt() != UInt64(byte) { return nil }
      guard try reader.readUInt() == Self.treeFormat, try reader.readString() == id else {
        return nil
      }
      let first = try reader.readCount()
      let second = try reader.readCount()
      let checksum = try reader.readUInt()
      let start = bytes.count - first - second
      guard start >= 0 else { return nil }
      sections = [bytes[start..<start + first], bytes[(start + first)...]]
      guard archiveChecksum(bytes[start...]) == checksum else { return nil }
    } catch {
      return nil
    }
    // The model and the graph were written with their own string tables, so they are read
    // at once, one per core.
    let linked = WorkerResult<LinkedTree>()
    let graph = WorkerResult<DependencyGraph>()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      var reader = BinaryReader(Array(sections[part]))
      if part == 0 {
        if let value = try? LinkedTree(from: &reader), reader.isAtEnd { linked.value = value }
      } else {
        if let value = try? DependencyGraph(from: &reader), reader.isAtEnd { graph.value = value }
      }
    }
    guard let linked = linked.value, let graph = graph.value else { return nil }
    return CachedTree(linked: linked, graph: graph)
  }

  /// Stores `tree` for commit `id`; best effort, like `store(_:id:)`.
  public func storeTree(_ tree: CachedTree, id: String) {
    guard let path = treePath(id) else { return }
    let parts = WorkerResult<[UInt8]>()
    let other = WorkerResult<[UInt8]>()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      var writer = BinaryWriter()
      if part == 0 {
        writer.write(tree.linked)
        parts.value = writer.bytes
      } else {
        writer.write(tree.graph)
        other.value = writer.bytes
      }
    }
    guard let first = parts.value, let second = other.value else { return }
    var header = BinaryWriter()
    for byte in Self.treeMagic { header.write(UInt64(byte)) }
    header.write(Self.treeFormat)
    header.write(id)
    header.write(UInt64(first.count))
    header.write(UInt64(second.count))
    header.write(archiveChecksum(first[...] + second[...]))
    var data = Data(capacity: header.bytes.count + first.count + second.count)
    data.append(contentsOf: header.bytes)
    data.append(contentsOf: first)
    data.append(contentsOf: second)
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try AtomicFile.write(data, to: path)
    } catch {
      return
    }
  }

  /// Only full hex object ids name tree entries.
  func treePath(_ id: String) -> String? {
    let hex = id.utf8.allSatisfy {
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
    }
    guard hex, id.utf8.count == 40 || id.utf8.count == 64 else { return nil }
    return directory + "/trees/" + id + ".bin"
  }
}

/// One value written by one of two parallel workers and read after both finished
/// (`concurrentPerform` returns only then); `@unchecked` because that ordering, not the
/// type system, keeps it race-free.
private final class WorkerResult<Value>: @unchecked Sendable {
  var value: Value?
}
