import GEMSim
import LockModelExtract

/// The `dot` format: lock classes as nodes, dependencies as edges labelled with the
/// function that creates them, edges on a reported cycle in red.
public enum DotWriter {
  /// - Parameters:
  ///   - edges: every dependency to draw (a tree's graph, or the findings' edges).
  ///   - cycles: findings whose edges are drawn red.
  public static func write(edges: [DependencyEdge], cycles: [Finding]) -> String {
    struct Arc: Hashable, Comparable {
      var from: String
      var to: String
      var label: String
      static func < (a: Arc, b: Arc) -> Bool { (a.from, a.to, a.label) < (b.from, b.to, b.label) }
    }
    func arc(_ edge: DependencyEdge) -> Arc {
      Arc(from: edge.from.name, to: edge.to.name, label: edge.function)
    }
    let red = Set(cycles.flatMap(\.edges).map(arc))
    let arcs = Set(edges.map(arc)).union(red).sorted()
    let nodes = Set(arcs.flatMap { [$0.from, $0.to] } + cycles.flatMap { $0.locks.map(\.name) })
      .sorted()
    var out = "digraph \(ToolInfo.name) {\n  rankdir=LR;\n  node [shape=box];\n"
    for node in nodes { out += "  \(quote(node));\n" }
    for arc in arcs {
      let color = red.contains(arc) ? ", color=red, fontcolor=red" : ""
      out += "  \(quote(arc.from)) -> \(quote(arc.to)) [label=\(quote(arc.label))\(color)];\n"
    }
    return out + "}\n"
  }

  /// The findings of a run drawn with the base-tree edges that already formed them.
  public static func write(_ run: ReviewRun) -> String {
    let findings = run.reviews.flatMap(\.findings)
    return write(
      edges: findings.flatMap(\.alreadyBrokenAt), cycles: findings.filter { $0.origin != .removed })
  }

  private static func quote(_ text: String) -> String {
    "\""
      + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
      .replacingAll("\n", with: "\\n") + "\""
  }
}
