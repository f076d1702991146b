import Foundation
import GEMSim
import LockModelExtract

extension FileModelCache: TreeModelCaching {
  /// Version of the tree entries' binary form; another version reads as a miss.
  static let treeFormat: UInt64 = 1
  private static let treeMagic = Array("reviewbot-tree\n".utf8)

  /// The tree stored for commit `id` under `trees/`, or `nil` on any miss.
  public func loadTree(id: String) -> CachedTree? {
    guard let path = treePath(id),
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    var reader = BinaryReader(Array(data))
    do {
      for byte in Self.treeMagic where try reader.readUInt() != UInt64(byte) { return nil }
      guard try reader.readUInt() == Self.treeFormat, try reader.readString() == id else {
        return nil
      }
      let linked: LinkedTree = try reader.read()
      let graph: DependencyGraph = try reader.read()
      guard reader.isAtEnd else { return nil }
      return CachedTree(linked: linked, graph: graph)
    } catch {
      return nil
    }
  }

  /// Stores `tree` for commit `id`; best effort, like `store(_:id:)`.
  public func storeTree(_ tree: CachedTree, id: String) {
    guard let path = treePath(id) else { return }
    var writer = BinaryWriter()
    for byte in Self.treeMagic { writer.write(UInt64(byte)) }
    writer.write(Self.treeFormat)
    writer.write(id)
    writer.write(tree.linked)
    writer.write(tree.graph)
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try AtomicFile.write(Data(writer.bytes), to: path)
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
