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
    update(
      base, from: baseModel, to: patched, changed: known, moved: moved, shift: shift
    ).graph
  }

  /// `graph(of:updating:from:changed:moved:shift:)`, also saying which functions' edges
  /// may differ from the base graph's: `nil` when the graph was built whole (every edge
  /// may differ then). `movedAll` says an entered function moved, so every edge's places
  /// may have moved although only `changed` functions' edges differ otherwise.
  public func update(
    _ base: DependencyGraph, from baseModel: TreeModel, to patched: TreeModel,
    changed known: Set<String>? = nil, moved: Set<String> = [], shift: LineShift? = nil
  ) -> (graph: DependencyGraph, changed: Set<String>?, movedAll: Bool) {
    func whole() -> (graph: DependencyGraph, changed: Set<String>?, movedAll: Bool) {
      (self.graph(of: patched), nil, true)
    }
    var movedAll = false
    // An edit above an ops table moves its registration: the same entry points.
    guard Self.sameEntries(patched.entries, baseModel.entries) else { return whole() }
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
    if changed.isEmpty { return (base, [], false) }
    let entered = Set(
      knowledge.primitives.values.compactMap(\.enters))
    let enteredFunctions = Set(
      patched.entries.filter { entered.contains($0.context) }.map(\.function))
    // An entered function's places are in every world path's edges: one that only moved
    // moves them with it below, one that changed needs every edge built again.
    var rebuilt = shift == nil ? changed : changed.subtracting(moved)
    if moved.isEmpty { rebuilt = changed }
    guard rebuilt.isDisjoint(with: enteredFunctions) else { return whole() }
    let filter = NameFilter(changed)
    guard let found = Self.calledIfSame(changed: filter, base: baseModel, patched: patched)
    else { return whole() }
    // Of the set, building the changed functions' edges needs only whether each of them
    // is in it.
    let called = found.intersection(rebuilt)
    // One pass per list: an edge of an unchanged function is kept, one of a function that
    // only moved is moved below, the others are built again.
    let movedOnly = shift == nil ? [] : moved.subtracting(rebuilt)
    func split(_ edges: [DependencyEdge]) -> (kept: [DependencyEdge], moved: [DependencyEdge]) {
      var kept: [DependencyEdge] = []
      var moved: [DependencyEdge] = []
      kept.reserveCapacity(edges.count)
      for edge in edges {
        if !filter.contains(edge.function) {
          kept.append(edge)
        } else if movedOnly.contains(edge.function) {
          moved.append(edge)
        }
      }
      return (kept, moved)
    }
    let edgeParts = split(base.edges)
    let recursionParts = split(base.recursions)
    let usageParts = split(base.usages)
    var kept = (edges: edgeParts.kept, recursions: recursionParts.kept, usages: usageParts.kept)
    if let shift, !moved.isEmpty {
      // A moved function's edges move with it; a moved entered function's places are in
      // world-path edges of every function, which then all move. An edge with a place
      // that cannot move (inside an edited function) belongs to a function built again.
      let everywhere = !moved.isDisjoint(with: enteredFunctions)
      movedAll = everywhere
      var failed: Set<String> = []
      func relocate(_ edges: inout [DependencyEdge]) {
        for index in edges.indices where shift.touches(edges[index]) {
          if let moved = shift.map(edges[index]) {
            edges[index] = moved
          } else {
            failed.insert(edges[index].function)
          }
        }
      }
      var relocated = (
        edges: edgeParts.moved, recursions: recursionParts.moved, usages: usageParts.moved
      )
      relocate(&relocated.edges)
      relocate(&relocated.recursions)
      relocate(&relocated.usages)
      if everywhere {
        relocate(&kept.edges)
        relocate(&kept.recursions)
        relocate(&kept.usages)
        // Moving places keeps each file's order, rarely the order across files.
        if !kept.edges.isInGraphOrder { kept.edges = kept.edges.sortedInGraphOrder() }
        if !kept.recursions.isInGraphOrder {
          kept.recursions = kept.recursions.sortedInGraphOrder()
        }
      }
      guard failed.isDisjoint(with: enteredFunctions) else { return whole() }
      if !failed.isEmpty {
        rebuilt.formUnion(failed)
        relocated.edges.removeAll { failed.contains($0.function) }
        relocated.recursions.removeAll { failed.contains($0.function) }
        relocated.usages.removeAll { failed.contains($0.function) }
        kept.edges.removeAll { failed.contains($0.function) }
        kept.recursions.removeAll { failed.contains($0.function) }
        kept.usages.removeAll { failed.contains($0.function) }
      }
      kept.edges = Self.merge(kept.edges, relocated.edges.sortedInGraphOrder())
      kept.recursions = Self.merge(kept.recursions, relocated.recursions.sortedInGraphOrder())
      kept.usages += relocated.usages
    } else {
      rebuilt = changed
    }
    let builder = GraphBuilder(knowledge: knowledge, model: patched, reclaimLocks: reclaimLocks)
    let part = builder.build(only: rebuilt, called: called)
    let graph = DependencyGraph(
      edges: Self.merge(kept.edges, part.edges),
      recursions: Self.merge(kept.recursions, part.recursions),
      usages: kept.usages + part.usages, spins: part.spins, imbalances: part.imbalances)
    return (graph, changed, movedAll)
  }

  /// The functions of `changed` that are someone's callee (the first hop of an
  /// acquisition's call chain) in `patched`, when which functions are someone's callee is
  /// the same in both trees; nil when it differs. Every other function's acquisitions are
  /// the same in both trees, so only the changed functions and the first hops they make on
  /// either side can differ: those names are looked up in one pass over each tree.
  static func calledIfSame(
    changed: NameFilter, base: TreeModel, patched: TreeModel
  ) -> Set<String>? {
    var hops = changed.names
    for model in [base, patched] {
      // By index: a loop over the values would copy every function and acquisition.
      let functions = model.functions
      for f in functions.indices where changed.contains(functions[f].name) {
        for a in functions[f].acquisitions.indices {
          if let first = functions[f].acquisitions[a].via.first { hops.insert(first) }
        }
      }
    }
    let names = NameFilter(hops)
    func called(_ model: TreeModel) -> Set<String> {
      var defined: Set<String> = []
      var reached: Set<String> = []
      let functions = model.functions
      for f in functions.indices {
        if names.contains(functions[f].name) { defined.insert(functions[f].name) }
        for a in functions[f].acquisitions.indices {
          if let first = functions[f].acquisitions[a].via.first, names.contains(first) {
            reached.insert(first)
          }
        }
      }
      return defined.intersection(reached)
    }
    let after = called(patched)
    return called(base) == after ? after.intersection(changed.names) : nil
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
  static func merge(_ a: [DependencyEdge], _ b: [DependencyEdge]) -> [DependencyEdge] {
    merged(a, b, by: DependencyEdge.precedes)
  }
}

/// Two lists each sorted by `precedes` as one sorted list; on a tie `a`'s element first.
func merged<T>(_ a: [T], _ b: [T], by precedes: (T, T) -> Bool) -> [T] {
  var result: [T] = []
  result.reserveCapacity(a.count + b.count)
  var i = 0
  var j = 0
  while i < a.count, j < b.count {
    if precedes(b[j], a[i]) {
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

extension DependencyGraph {
  /// This graph with the edges, recursions and usages of `functions` replaced by those of
  /// `part` (which holds only theirs), and `part`'s retries and imbalances: how a graph kept
  /// as a change against an earlier one is put back together.
  public func replacing(_ functions: Set<String>, with part: DependencyGraph) -> DependencyGraph {
    func kept(_ edges: [DependencyEdge]) -> [DependencyEdge] {
      edges.filter { !functions.contains($0.function) }
    }
    return DependencyGraph(
      edges: Simulator.merge(kept(edges), part.edges),
      recursions: Simulator.merge(kept(recursions), part.recursions),
      usages: kept(usages) + part.usages, spins: part.spins, imbalances: part.imbalances)
  }

  /// The edges, recursions and usages of `functions` alone, with every retry and imbalance.
  public func part(for functions: Set<String>) -> DependencyGraph {
    DependencyGraph(
      edges: edges.filter { functions.contains($0.function) },
      recursions: recursions.filter { functions.contains($0.function) },
      usages: usages.filter { functions.contains($0.function) }, spins: spins,
      imbalances: imbalances)
  }
}

/// A few function names, looked up in passes over a whole tree: most names are ruled out
/// by their length before any hashing.
struct NameFilter {
  let names: Set<String>
  private var lengths = [Bool](repeating: false, count: 256)

  init(_ names: Set<String>) {
    self.names = names
    for name in names { lengths[min(name.utf8.count, 255)] = true }
  }

  func contains(_ name: String) -> Bool {
    lengths[min(name.utf8.count, 255)] && names.contains(name)
  }
}
