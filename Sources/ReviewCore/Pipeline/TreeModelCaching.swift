import GEMSim
import LockModelExtract

/// A whole tree's linked model and dependency graph, as a cache keeps them.
public struct CachedTree: Sendable {
  /// The linked model, with what a relink needs.
  public var linked: LinkedTree
  /// The dependency graph of `linked.tree`.
  public var graph: DependencyGraph
  /// When `graph` equals the graph of an earlier commit's entry with the edges of
  /// `changed` functions replaced: that commit and those functions. A cache then keeps only
  /// the replaced part (the rest of a kernel tree's graph rarely changes between commits).
  public var ancestor: GraphAncestor?

  /// A model and its graph.
  public init(linked: LinkedTree, graph: DependencyGraph, ancestor: GraphAncestor? = nil) {
    self.linked = linked
    self.graph = graph
    self.ancestor = ancestor
  }
}

/// An earlier commit whose stored graph a later one's differs from only in some functions.
public struct GraphAncestor: Sendable, Hashable {
  public var id: String
  public var changed: Set<String>

  public init(id: String, changed: Set<String>) {
    self.id = id
    self.changed = changed
  }
}

/// The linked model's part of a tree entry, encoded before the graph is known: a review
/// encodes it on the other core while it builds the graph and searches for findings.
public struct EncodedTreeModel: Sendable {
  var sections: [[UInt8]]
}

/// A store of whole-tree models keyed by commit id: a warm review reads its base's model
/// in one piece instead of modelling and linking every file, and a hook stores the model
/// of the commit it reviewed, the next commit's base.
public protocol TreeModelCaching: Sendable {
  /// The tree stored for commit `id`, or `nil` (absent or unreadable: a miss, never an
  /// error).
  func loadTree(id: String) -> CachedTree?
  /// Stores `tree` for commit `id`; failures are ignored, a cache is an optimisation.
  func storeTree(_ tree: CachedTree, id: String)
  /// The model's part of an entry, for `storeTree(_:graph:ancestor:id:)`.
  func encodeModel(_ linked: LinkedTree) -> EncodedTreeModel
  /// Stores an entry made of a model encoded beforehand and its graph (see `CachedTree`
  /// for `ancestor`); failures are ignored.
  func storeTree(
    _ model: EncodedTreeModel, graph: DependencyGraph, ancestor: GraphAncestor?, id: String)
}
