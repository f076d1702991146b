import Dispatch
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
    model = Self.linkedTree(
      of: ModelExtractor(knowledge: knowledge, cache: cache).model(tree.source))
    treeName = tree.description
    let simulator = Simulator(knowledge: knowledge)
    let graph = simulator.graph(of: model)
    let prefixes = paths.map {
      $0.hasSuffix("/") || $0.hasSuffix(".c") || $0.hasSuffix(".h") ? $0 : $0 + "/"
    }
    // The cycle search and the edge sort need only the graph: one core each.
    let halves = [Half.cycles([]), Half.edges([])].concurrentMap { (half: Half) -> Half in
      switch half {
      case .cycles:
        return .cycles(simulator.cycles(in: graph).sorted(by: Finding.reviewOrder))
      case .edges:
        return .edges(
          graph.edges.filter { edge in
            prefixes.isEmpty
              || prefixes.contains {
                edge.location.file.hasPrefix($0) || edge.location.file == $0
              }
          }.sorted { ($0.from, $0.to, $0.location) < ($1.from, $1.to, $1.location) })
      }
    }
    (cycles, edges) = ([], [])
    for half in halves {
      switch half {
      case .cycles(let found): cycles = found
      case .edges(let kept): edges = kept
      }
    }
  }

  /// The linked model; the per-file models (every function's syntax tree) are freed on
  /// another core, because freeing them takes tens of milliseconds that would otherwise
  /// come before the serial graph building.
  private static func linkedTree(of modelled: consuming ModelledTree) -> TreeModel {
    let tree = modelled.tree
    DispatchQueue.global(qos: .utility).async { [modelled] in _ = modelled }
    return tree
  }

  /// The two independent results of building the report.
  private enum Half: Sendable {
    case cycles([Finding])
    case edges([DependencyEdge])
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
    let head: [(String, JSONValue)] = [
      ("tree", .string(treeName)),
      ("files", .int(model.fileCount)),
      ("functions", .int(model.functions.count)),
      ("functions_skipped", .int(model.functionsSkipped)),
      ("locks", .array(locks.map { .string($0) })),
    ]
    let cycles = JSONValue.array(
      cycles.map { cycle in
        jsonObject(
          ("kind", .string(cycle.kind.rawValue)),
          ("locks", .array(cycle.locks.map { .string($0.name) })),
          ("confirmed", .bool(cycle.confirmed))
        )
      })
    var out = JSONBytes(capacity: 400 * edges.count + 4096)
    out.append("{\n")
    for (key, value) in head {
      out.field(key, indent: 2)
      value.write(into: &out, indent: 2)
      out.append(",\n")
    }
    out.field("edges", indent: 2)
    if edges.isEmpty {
      out.append("[]")
    } else {
      // The edges are most of the document and independent of each other: rendered in
      // chunks on every core, then joined in order.
      let chunk = 1024
      let starts = Array(stride(from: 0, to: edges.count, by: chunk))
      let edges = edges
      let pieces = starts.concurrentMap { start in
        var piece = JSONBytes(capacity: 400 * chunk)
        for index in start..<min(start + chunk, edges.count) {
          piece.pad(4)
          LockGraphReport.edgeJSON(edges[index]).write(into: &piece, indent: 4)
          piece.append(index + 1 < edges.count ? ",\n" : "\n")
        }
        return piece
      }
      out.append("[\n")
      for piece in pieces { out.append(piece) }
      out.append("  ]")
    }
    out.append(",\n")
    out.field("cycles", indent: 2)
    cycles.write(into: &out, indent: 2)
    out.append("\n}\n")
    return out.string
  }

  private static func edgeJSON(_ edge: DependencyEdge) -> JSONValue {
    .object(
      JSONWriter.edgeFields(edge) + [
        JSONValue.Field(key: "context", value: .string(edge.context))
      ])
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
