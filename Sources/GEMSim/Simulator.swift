import LockModelExtract

/// What a run asks the simulator to report.
public struct AnalysisOptions: Hashable, Sendable {
  /// Also report cycles the exploration could not reach (e.g. behind a gate lock).
  public var includeUnconfirmed: Bool
  /// Also report problems already present in the base tree.
  public var includeExisting: Bool

  public init(includeUnconfirmed: Bool = false, includeExisting: Bool = false) {
    self.includeUnconfirmed = includeUnconfirmed
    self.includeExisting = includeExisting
  }
}

/// The lockdep-equivalent dependency graph of a tree model in its GEM/mm world.
public struct DependencyGraph: Sendable {
  /// Sorted by from, to, file, line.
  public var edges: [DependencyEdge]

  public init(edges: [DependencyEdge]) { self.edges = edges }
}

/// Replays tree models in the GEM/mm world. INTERFACE PLACEHOLDER: GEMSim issue fills it in.
public struct Simulator: Sendable {
  public var knowledge: KnowledgeBase

  public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

  /// Every dependency the tree implies, entry contexts and core-mm paths included.
  public func graph(of model: TreeModel) -> DependencyGraph { DependencyGraph(edges: []) }

  /// Findings in `patched`, each marked against `base` (nil: no base tree, every finding
  /// counts as introduced), sorted by kind, then first edge's file and line.
  public func findings(
    base: TreeModel?, patched: TreeModel, options: AnalysisOptions = AnalysisOptions()
  ) -> [Finding] { [] }

  /// Every cycle in one tree, each explored; for `reviewbot graph`.
  public func cycles(in graph: DependencyGraph) -> [Finding] { [] }
}
