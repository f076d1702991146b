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
    self = Self.build(tree, paths, knowledge, cache, renderingEdges: false, keeper: nil).report
  }

  /// `init(tree:paths:knowledge:cache:)` then ``json()``, with the edges rendered on one core
  /// while the other searches for cycles: what `reviewbot graph --format json` prints.
  /// - Parameters:
  ///   - tree: the source tree.
  ///   - paths: when not empty, only edges whose site is under one of these paths are kept.
  ///   - knowledge: the knowledge base.
  ///   - cache: a per-file model cache, or `nil`.
  ///   - keeper: when given, the models are kept there instead of freed (the caller exits
  ///     without tearing them down, see `ModelKeeper`).
  /// - Returns: the same text as ``json()`` of the report.
  public static func json(
    tree: BaseTree, paths: [String] = [], knowledge: KnowledgeBase,
    cache: (any FileModelCaching)? = nil, keeper: ModelKeeper? = nil
  ) -> String {
    String(
      decoding: jsonBytes(
        tree: tree, paths: paths, knowledge: knowledge, cache: cache, keeper: keeper),
      as: UTF8.self)
  }

  /// ``json(tree:paths:knowledge:cache:keeper:)`` as its UTF-8 bytes, for a caller that
  /// writes them out: a whole tree's document is megabytes, better not copied into a string.
  public static func jsonBytes(
    tree: BaseTree, paths: [String] = [], knowledge: KnowledgeBase,
    cache: (any FileModelCaching)? = nil, keeper: ModelKeeper? = nil
  ) -> [UInt8] {
    let (report, document) = build(
      tree, paths, knowledge, cache, renderingEdges: true, keeper: keeper)
    var out = document ?? JSONBytes()
    report.writeTail(into: &out)
    if let keeper {
      keeper.keep(report, in: "report")
      return out.bytes
    }
    // The model of a whole tree takes tens of milliseconds to free; the caller prints and
    // exits, so another thread frees it meanwhile (or never needs to).
    DispatchQueue.global(qos: .utility).async { [report] in _ = report }
    return out.bytes
  }

  private static func build(
    _ tree: BaseTree, _ paths: [String], _ knowledge: KnowledgeBase,
    _ cache: (any FileModelCaching)?, renderingEdges: Bool, keeper: ModelKeeper?
  ) -> (report: LockGraphReport, document: JSONBytes?) {
    // The report's model is never relinked.
    var extractor = ModelExtractor(knowledge: knowledge, cache: cache)
    extractor.relinkable = false
    let model = linkedTree(of: extractor.model(tree.source), keeper: keeper)
    let simulator = Simulator(knowledge: knowledge)
    let graph = simulator.graph(of: model)
    let prefixes = paths.map {
      $0.hasSuffix("/") || $0.hasSuffix(".c") || $0.hasSuffix(".h") ? $0 : $0 + "/"
    }
    // The cycle search and the edges need only the graph: the document up to its cycles
    // is rendered on one core while the cycles are explored on every core.
    let treeName = tree.description
    let (edges, cycles) = beside({ () -> Half in
      var kept = graph.edges
      if !prefixes.isEmpty {
        kept.removeAll { edge in
          !prefixes.contains { edge.location.file.hasPrefix($0) || edge.location.file == $0 }
        }
      }
      // The graph's edges are in graph order (`DependencyEdge.precedes`): from, to, then
      // place first, the order a report keeps.
      guard renderingEdges else { return Half(edges: kept, rendered: nil) }
      var out = JSONBytes(capacity: 400 * kept.count + 4096)
      writeHead(treeName: treeName, model: model, edges: kept, into: &out)
      if !kept.isEmpty {
        // In chunks on every core, as the cycle search is: neither waits long for the other.
        appendEdges(kept, into: &out)
        out.append("  ]")
      }
      return Half(edges: kept, rendered: out)
    }) {
      simulator.cycles(in: graph).sorted(by: Finding.reviewOrder)
    }
    let report = LockGraphReport(
      treeName: treeName, model: model, edges: edges.edges, cycles: cycles)
    return (report, edges.rendered)
  }

  private init(
    treeName: String, model: TreeModel, edges: [DependencyEdge], cycles: [Finding]
  ) {
    self.treeName = treeName
    self.model = model
    self.edges = edges
    self.cycles = cycles
  }

  /// The linked model; the per-file models (every function's syntax tree) are kept by
  /// `keeper`, or else freed on another core: freeing them takes tens of milliseconds of
  /// CPU, which the graph building on both cores would otherwise wait for.
  private static func linkedTree(
    of modelled: consuming ModelledTree, keeper: ModelKeeper?
  ) -> TreeModel {
    let tree = modelled.tree
    if let keeper {
      keeper.keep(modelled, in: "modelled")
    } else {
      DispatchQueue.global(qos: .utility).async { [modelled] in _ = modelled }
    }
    return tree
  }

  /// The edges a report keeps, and the document up to its cycles when asked for.
  private struct Half: Sendable {
    var edges: [DependencyEdge]
    var rendered: JSONBytes?
  }

  /// Every known path that takes `b` while holding `a` (aliases resolved).
  public func paths(from a: String, to b: String, knowledge: KnowledgeBase) -> [DependencyEdge] {
    let from = knowledge.aliases[a] ?? a
    let to = knowledge.aliases[b] ?? b
    return edges.filter { $0.from.name == from && $0.to.name == to }
  }

  /// DESIGN.md "Lock graph" JSON.
  public func json() -> String {
    var out = JSONBytes(capacity: 400 * edges.count + 4096)
    Self.writeHead(treeName: treeName, model: model, edges: edges, into: &out)
    if !edges.isEmpty {
      Self.appendEdges(edges, into: &out)
      out.append("  ]")
    }
    writeTail(into: &out)
    return out.string
  }

  /// The document up to the `edges` array's members: `{`, the counts, the locks, and
  /// `"edges": [` (or the whole empty array).
  private static func writeHead(
    treeName: String, model: TreeModel, edges: [DependencyEdge], into out: inout JSONBytes
  ) {
    let locks = Set(edges.flatMap { [$0.from.name, $0.to.name] }).sorted()
    let head: [(String, JSONValue)] = [
      ("tree", .string(treeName)),
      ("files", .int(model.fileCount)),
      ("functions", .int(model.functions.count)),
      ("functions_skipped", .int(model.functionsSkipped)),
      ("locks", .array(locks.map { .string($0) })),
    ]
    out.append("{\n")
    for (key, value) in head {
      out.field(key, indent: 2)
      value.write(into: &out, indent: 2)
      out.append(",\n")
    }
    out.field("edges", indent: 2)
    out.append(edges.isEmpty ? "[]" : "[\n")
  }

  /// The document after the `edges` array: the cycles, and the end.
  private func writeTail(into out: inout JSONBytes) {
    let cycles = JSONValue.array(
      cycles.map { cycle in
        jsonObject(
          ("kind", .string(cycle.kind.rawValue)),
          ("locks", .array(cycle.locks.map { .string($0.name) })),
          ("confirmed", .bool(cycle.confirmed))
        )
      })
    out.append(",\n")
    out.field("cycles", indent: 2)
    cycles.write(into: &out, indent: 2)
    out.append("\n}\n")
  }

  /// The members of the `edges` array. They are most of the document and independent of
  /// each other: rendered in chunks on every core, then joined in order.
  private static func appendEdges(_ edges: [DependencyEdge], into out: inout JSONBytes) {
    let chunk = 1024
    let pieces = parallelMap(count: (edges.count + chunk - 1) / chunk, chunk: 1) { piece in
      let start = piece * chunk
      return renderedEdges(edges[start..<min(start + chunk, edges.count)], last: edges.count)
    }
    for piece in pieces { out.append(piece) }
  }

  /// Members of the `edges` array, one per line group, each followed by `,` unless its
  /// index is `last - 1`.
  private static func renderedEdges(_ edges: ArraySlice<DependencyEdge>, last: Int) -> JSONBytes {
    var out = JSONBytes(capacity: 400 * edges.count)
    for index in edges.indices {
      out.pad(4)
      out.graphEdge(of: edges, at: index, indent: 4)
      out.append(index + 1 < last ? ",\n" : "\n")
    }
    return out
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
