import LockModelExtract

extension Simulator {
  /// The patched tree's graph, rebuilt only for the functions the patch changed: the other
  /// functions' edges are the base graph's. Falls back to `graph(of:)` when the change
  /// reaches further (entry points changed, or an entered function such as a fault
  /// handler changed, whose acquisitions every world path replays).
  ///
  /// - Parameters:
  ///   - patched: the tree with the patch applied.
  ///   - base: `graph(of: baseModel)`.
  ///   - baseModel: the tree `base` was built from.
  /// - Returns: the same graph `graph(of: patched)` gives.
  public func graph(
    of patched: TreeModel, updating base: DependencyGraph, from baseModel: TreeModel
  ) -> DependencyGraph {
    guard patched.entries == baseModel.entries else { return graph(of: patched) }
    var before: [String: [FunctionModel]] = [:]
    for function in baseModel.functions { before[function.name, default: []].append(function) }
    var after: [String: [FunctionModel]] = [:]
    for function in patched.functions { after[function.name, default: []].append(function) }
    var changed: Set<String> = []
    for (name, functions) in after where before[name] != functions { changed.insert(name) }
    for name in before.keys where after[name] == nil { changed.insert(name) }
    if changed.isEmpty { return base }
    let entered = Set(
      knowledge.primitives.values.compactMap(\.enters))
    let enteredFunctions = Set(
      patched.entries.filter { entered.contains($0.context) }.map(\.function))
    guard changed.isDisjoint(with: enteredFunctions) else { return graph(of: patched) }
    let called = GraphBuilder.calledFunctions(patched, FunctionTable(patched.functions))
    guard called == GraphBuilder.calledFunctions(baseModel, FunctionTable(baseModel.functions))
    else { return graph(of: patched) }
    var builder = GraphBuilder(knowledge: knowledge, model: patched, reclaimLocks: reclaimLocks)
    let part = builder.build(only: changed, called: called)
    func kept(_ edges: [DependencyEdge]) -> [DependencyEdge] {
      edges.filter { !changed.contains($0.function) }
    }
    return DependencyGraph(
      edges: Self.merge(kept(base.edges), part.edges),
      recursions: Self.merge(kept(base.recursions), part.recursions),
      usages: kept(base.usages) + part.usages, spins: part.spins, imbalances: part.imbalances)
  }

  /// Two lists in graph order as one.
  private static func merge(_ a: [DependencyEdge], _ b: [DependencyEdge]) -> [DependencyEdge] {
    var result: [DependencyEdge] = []
    result.reserveCapacity(a.count + b.count)
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      if DependencyEdge.precedes(b[j], a[i]) {
        result.append(b[j])
        j += 1
      } else {
        result.append(a[i])
        i += 1
      }
    }
    result += a[i...]
    result += b[j...]
    return result
  }
}
