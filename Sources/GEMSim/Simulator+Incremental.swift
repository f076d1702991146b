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
  ///   - moved: those of `known` whose models only moved within their file, as `shift`
  ///     says: their edges are the base graph's, moved, instead of being built again.
  ///   - shift: where the lines of the changed files went.
  public func graph(
    of patched: TreeModel, updating base: DependencyGraph, from baseModel: TreeModel,
    changed known: Set<String>? = nil, moved: Set<String> = [], shift: LineShift? = nil
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
    // An entered function's places are in every world path's edges: one that only moved
    // moves them with it below, one that changed needs every edge built again.
    var rebuilt = shift == nil ? changed : changed.subtracting(moved)
    guard rebuilt.isDisjoint(with: enteredFunctions) else { return graph(of: patched) }
    let called = GraphBuilder.calledFunctions(patched, FunctionTable(patched.functions))
    guard called == GraphBuilder.calledFunctions(baseModel, FunctionTable(baseModel.functions))
    else { return graph(of: patched) }
    var kept = (edges: base.edges, recursions: base.recursions, usages: base.usages)
    if let shift {
      // Places in changed files move; an edge with a place that cannot (inside an edited
      // function) belongs to a function that is built again.
      var failed: Set<String> = []
      func relocate(_ edges: [DependencyEdge]) -> [DependencyEdge] {
        var result: [DependencyEdge] = []
        result.reserveCapacity(edges.count)
        for edge in edges where !rebuilt.contains(edge.function) {
          guard let moved = shift.map(edge) else {
            failed.insert(edge.function)
            continue
          }
          result.append(moved)
        }
        return result
      }
      kept = (relocate(base.edges), relocate(base.recursions), relocate(base.usages))
      guard failed.isDisjoint(with: enteredFunctions) else { return graph(of: patched) }
      if !failed.isEmpty {
        rebuilt.formUnion(failed)
        kept.edges.removeAll { failed.contains($0.function) }
        kept.recursions.removeAll { failed.contains($0.function) }
        kept.usages.removeAll { failed.contains($0.function) }
      }
      // Moving places keeps each file's order but may reorder edges of different files.
      kept.edges = kept.edges.sortedInGraphOrder()
      kept.recursions = kept.recursions.sortedInGraphOrder()
    } else {
      kept.edges.removeAll { rebuilt.contains($0.function) }
      kept.recursions.removeAll { rebuilt.contains($0.function) }
      kept.usages.removeAll { rebuilt.contains($0.function) }
    }
    var builder = GraphBuilder(knowledge: knowledge, model: patched, reclaimLocks: reclaimLocks)
    let part = builder.build(only: rebuilt, called: called)
    return DependencyGraph(
      edges: Self.merge(kept.edges, part.edges),
      recursions: Self.merge(kept.recursions, part.recursions),
      usages: kept.usages + part.usages, spins: part.spins, imbalances: part.imbalances)
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
