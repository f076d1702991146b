import GEMSim
import LockModelExtract

/// What `reviewbot graph` and `explain` show: a tree's lock dependencies and cycles.
public struct LockGraphReport: Sendable {
  public var treeName: String
  public var model: TreeModel
  /// Sorted by from, to, file, line.
  public var edges: [DependencyEdge]
  public var cycles: [Finding]

  /// Models `tree` and builds its dependency graph.
  /// - Parameters:
  ///   - tree: the source tree.
  ///   - paths: when not empty, only edges whose site is under one of these paths are kept
  ///     (the whole tree is still modelled, so calls resolve).
  ///   - knowledge: the knowledge base.
  ///   - cache: a per-file model cache, or `nil`.
  public init(
    tree: BaseTree, paths: [String] = [], knowledge: KnowledgeBase,
    cache: (any FileModelCaching)? = nil
  ) {
    let modelled = ModelExtractor(knowledge: knowledge, cache: cache).model(tree.source)
    let simulator = Simulator(knowledge: knowledge)
    let graph = simulator.graph(of: modelled.tree)
    treeName = tree.description
    model = modelled.tree
    cycles = simulator.cycles(in: graph).sorted(by: Finding.reviewOrder)
    let prefixes = paths.map {
      $0.hasSuffix("/") || $0.hasSuffix(".c") || $0.hasSuffix(".h") ? $0 : $0 + "/"
    }
    edges = graph.edges.filter { edge in
      prefixes.isEmpty
        || prefixes.contains { edge.location.file.hasPrefix($0) || edge.location.file == $0 }
    }.sorted { ($0.from, $0.to, $0.location) < ($1.from, $1.to, $1.location) }
  }

  /// Every known path that takes `b` while holding `a` (aliases resolved).
  public func paths(from a: String, to b: String, knowledge: KnowledgeBase) -> [DependencyEdge] {
    let from = knowledge.aliases[a] ?? a
    let to = knowledge.aliases[b] ?? b
    return edges.filter { $0.from.name == from && $0.to.name == to }
  }

  /// DESIGN.md "Lock graph" JSON.
  public func json() -> String {
    let locks = Set(edges.flatMap { [$0.from.name, $0.to.name] }).sorted()
    return jsonObject(
      ("tree", .string(treeName)),
      ("files", .int(model.fileCount)),
      ("functions", .int(model.functions.count)),
      ("functions_skipped", .int(model.functionsSkipped)),
      ("locks", .array(locks.map { .string($0) })),
      (
        "edges",
        .array(
          edges.map { edge in
            .object(
              JSONWriter.edgeFields(edge) + [
                JSONValue.Field(key: "context", value: .string(edge.context))
              ])
          })
      ),
      (
        "cycles",
        .array(
          cycles.map { cycle in
            jsonObject(
              ("kind", .string(cycle.kind.rawValue)),
              ("locks", .array(cycle.locks.map { .string($0.name) })),
              ("confirmed", .bool(cycle.confirmed))
            )
          })
      )
    ).rendered()
  }

  /// The graph in Graphviz `dot`, cycles in red.
  public func dot() -> String { DotWriter.write(edges: edges, cycles: cycles) }

  /// One line per path for `explain`: `function at file:line via a -> b [context]`.
  public static func describe(_ edges: [DependencyEdge]) -> String {
    edges.map { edge in
      var line = "\(edge.function) at \(edge.location.description)"
      if !edge.via.isEmpty { line += " via " + edge.via.joined(separator: " -> ") }
      if let context = edge.context { line += " [\(context)]" }
      return line + "\n"
    }.joined()
  }
}
