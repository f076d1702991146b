import GEMSim
import LockModelExtract

/// A whole tree's linked model and dependency graph, as a cache keeps them.
public struct CachedTree: Sendable {
  /// The linked model, with what a relink needs.
  public var linked: LinkedTree
  /// The dependency graph of `linked.tree`.
  public var graph: DependencyGraph

  /// A model and its graph.
  public init(linked: LinkedTree, graph: DependencyGraph) {
    self.linked = linked
    self.graph = graph
  }
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
}
