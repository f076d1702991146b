import Dispatch
import Foundation
import GEMSim
import LockModelExtract

extension FileModelCache: TreeModelCaching {
  /// The tree entries' layout; another format reads as a miss.
  static let treeEntry = CacheEntry(magic: "reviewbot-tree\n", format: 8)

  /// The tree stored for commit `id` under `trees/`, or `nil` on any miss.
  public func loadTree(id: String) -> CachedTree? {
    guard let parts = sections(id) else { return nil }
    // Each section has its own string table, so they are read at once: the graph on one
    // core, the model (whose summary halves split again) on the other.
    let linked = SlotStore<LinkedTree>(count: 1)
    let graph = SlotStore<(DependencyGraph, GraphAncestor?)>(count: 1)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      if index == 1 {
        graph[0] = self.graph(from: parts[3])
      } else {
        linked[0] = try? LinkedTree.decode(
          structure: BinaryReader(Array(parts[0])),
          summaries: [BinaryReader(Array(parts[1])), BinaryReader(Array(parts[2]))])
      }
    }
    guard let tree = linked[0], let (graphValue, ancestor) = graph[0] else { return nil }
    return CachedTree(linked: tree, graph: graphValue, ancestor: ancestor)
  }

  /// The sections of the entry for `id`, checked whole.
  private func sections(_ id: String) -> [ArraySlice<UInt8>]? {
    guard let path = treePath(id), let data = FileManager.default.contents(atPath: path) else {
      return nil
    }
    return Self.treeEntry.decode(data, id: id, sections: Self.treeSections)
  }

  /// The graph section: a whole graph, or the changed functions' part of one to lay over
  /// an ancestor's whole graph (only one step: an ancestor is always stored whole).
  private func graph(from section: ArraySlice<UInt8>) -> (DependencyGraph, GraphAncestor?)? {
    var reader = BinaryReader(Array(section))
    do {
      if try reader.readBool() {
        let ancestor = GraphAncestor(
          id: try reader.readString(), changed: Set(try reader.readStrings()))
        let part = try DependencyGraph(from: &reader)
        guard reader.isAtEnd, let parts = sections(ancestor.id) else { return nil }
        var whole = BinaryReader(Array(parts[3]))
        guard try !whole.readBool() else { return nil }
        let base = try DependencyGraph(from: &whole)
        guard whole.isAtEnd else { return nil }
        return (base.replacing(ancestor.changed, with: part), ancestor)
      }
      let graph = try DependencyGraph(from: &reader)
      return reader.isAtEnd ? (graph, nil) : nil
    } catch {
      return nil
    }
  }

  /// Stores `tree` for commit `id`; best effort, like `store(_:id:)`.
  public func storeTree(_ tree: CachedTree, id: String) {
    guard treePath(id) != nil else { return }
    // Every section at once: the model's three and the graph.
    let sections = parallelMap(count: Self.treeSections, chunk: 1) { index in
      index < Self.treeSections - 1
        ? Self.modelSection(index, of: tree.linked)
        : Self.encodeGraph(tree.graph, ancestor: tree.ancestor, id: id)
    }
    write(sections, id: id)
  }

  public func encodeModel(_ linked: LinkedTree) -> EncodedTreeModel {
    EncodedTreeModel(
      sections: parallelMap(count: Self.treeSections - 1, chunk: 1) { index in
        Self.modelSection(index, of: linked)
      })
  }

  /// The model's sections: its structure, then its summaries in two halves.
  private static func modelSection(_ index: Int, of linked: LinkedTree) -> [UInt8] {
    let count = linked.summaryCount
    var writer = BinaryWriter()
    switch index {
    case 0: linked.writeStructure(to: &writer)
    case 1: linked.writeSummaries(0..<count / 2, to: &writer)
    default: linked.writeSummaries(count / 2..<count, to: &writer)
    }
    return writer.bytes
  }

  public func storeTree(
    _ model: EncodedTreeModel, graph: DependencyGraph, ancestor: GraphAncestor?, id: String
  ) {
    write(model.sections + [Self.encodeGraph(graph, ancestor: ancestor, id: id)], id: id)
  }

  /// The graph section: whole, or the part that differs from `ancestor`'s whole graph.
  private static func encodeGraph(
    _ graph: DependencyGraph, ancestor: GraphAncestor?, id: String
  ) -> [UInt8] {
    var writer = BinaryWriter()
    if let ancestor, ancestor.id != id {
      writer.write(true)
      writer.write(ancestor.id)
      writer.write(ancestor.changed.sorted())
      writer.write(graph.part(for: ancestor.changed))
    } else {
      writer.write(false)
      writer.write(graph)
    }
    return writer.bytes
  }

  private func write(_ sections: [[UInt8]], id: String) {
    guard let path = treePath(id), sections.count == Self.treeSections else { return }
    do {
      try CacheEntry.write(Self.treeEntry.encode(id: id, sections: sections), to: path)
    } catch {
      return
    }
  }

  /// The model's structure, its summaries in two halves, and the graph.
  private static let treeSections = 4

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
