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
  ///   - known: the names of the functions whose models differ, when the caller knows them
  ///     (a relink does); otherwise every function is compared.
  public func graph(
    of patched: TreeModel, updating base: DependencyGraph, from baseModel: TreeModel,
    changed known: Set<String>? = nil
  ) -> DependencyGraph {
    // An edit above an ops table moves its registration: the same entry points.
    guard Self.sameEntries(patched.entries, baseModel.entries) else { return graph(of: patched) }
    var changed: Set<String> = []
    if let known {
      changed = known
    } else {
      var before: [String: [FunctionModel]] = [:]
      for function in baseModel.functions { before[function.name, default: []].append(function) }
      var after: [String: [FunctionModel]] = [:]
      for function in patched.functions { after[function.name, default: []].append(function) }
      for (name, functions) in after where before[name] != functions { changed.insert(name) }
      for name in before.keys where after[name] == nil { changed.insert(name) }
    }
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

  /// Whether two entry lists register the same functions in the same contexts from the
  /// same files, wherever in those files.
  static func sameEntries(_ a: [EntryPoint], _ b: [EntryPoint]) -> Bool {
    guard a.count == b.count else { return false }
    if a == b { return true }
    func unplaced(_ list: [EntryPoint]) -> [EntryPoint] {
      list.map { entry in
        var copy = entry
        copy.registeredAt = SourceLocation(file: entry.registeredAt.file, line: 0, column: 0)
        copy.held = entry.held.map { held in
          var moved = held
          moved.location = copy.registeredAt
          return moved
        }
        return copy
      }.sorted {
        ($0.registeredAt, $0.function, $0.context, $0.userHandle ?? "")
          < ($1.registeredAt, $1.function, $1.context, $1.userHandle ?? "")
      }
    }
    return unplaced(a) == unplaced(b)
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
