import LockModelExtract

/// The patched tree's graph against the base tree's: which edges are new, where a cycle
/// was already broken, and what the patch removed.
struct PatchComparison {
  let simulator: Simulator
  let base: DependencyGraph?
  let patched: DependencyGraph
  /// The only functions whose edges differ between the graphs, when known.
  var changed: Set<String>? = nil
  let baseClasses: ClassGraph?
  let patchedClasses: ClassGraph

  /// Marks every edge, recursion and usage of `graph` that `base` lacks (all of them
  /// when there is no base tree).
  /// With `changed`, the other functions' edges are known to be the base's: an edge's key
  /// names its function, so only the changed functions' edges are looked up.
  static func mark(
    _ graph: inout DependencyGraph, against base: DependencyGraph?, changed: Set<String>? = nil
  ) {
    guard let base else {
      for index in graph.edges.indices { graph.edges[index].isNew = true }
      for index in graph.recursions.indices { graph.recursions[index].isNew = true }
      for index in graph.usages.indices { graph.usages[index].isNew = true }
      return
    }
    let filter = changed.map(NameFilter.init)
    func relevant(_ function: String) -> Bool { filter?.contains(function) ?? true }
    var known: Set<EdgeKey> = []
    // By index, reading the function's name first: a loop over the values would copy
    // every edge of the tree, and most are not the changed functions'.
    for list in [base.edges, base.recursions, base.usages] {
      for index in list.indices where relevant(list[index].function) {
        known.insert(list[index].key)
      }
    }
    // Only what differs is written: the patched graph shares its storage with the
    // caller's, and a write copies a whole list.
    func mark(_ list: inout [DependencyEdge]) {
      for index in list.indices {
        let isNew = relevant(list[index].function) && !known.contains(list[index].key)
        if list[index].isNew != isNew { list[index].isNew = isNew }
      }
    }
    mark(&graph.edges)
    mark(&graph.recursions)
    mark(&graph.usages)
  }

  /// An introduced cycle whose lock classes the base tree already chained the same way
  /// gets the base tree's edges: this patch adds another instance of a known inversion.
  func withAlreadyBroken(_ finding: Finding) -> Finding {
    guard let base, let classes = baseClasses, finding.origin == .introduced,
      finding.edges.count > 1,
      finding.kind == .circularDependency || finding.kind == .reclaimInversion
    else { return finding }
    var edges: [DependencyEdge] = []
    for edge in finding.edges {
      guard let from = classes.id(of: edge.from), let to = classes.id(of: edge.to),
        let first = classes.edgesByPair[ClassGraph.Pair(from: from, to: to)]?.first
      else { return finding }
      edges.append(base.edges[first])
    }
    var copy = finding
    copy.alreadyBrokenAt = edges
    return copy
  }

  /// Problems of the base tree that the patched tree no longer has: cycles through an
  /// edge the patch removed whose lock classes no longer chain, and other findings whose
  /// kind and locks are gone.
  func removed(patchedOthers: [Finding]) -> [Finding] {
    guard let base, let baseClasses else { return [] }
    let unmarked = base
    let filter = changed.map(NameFilter.init)
    func relevant(_ function: String) -> Bool { filter?.contains(function) ?? true }
    func keys(_ edges: [DependencyEdge]) -> Set<EdgeKey> {
      Set(edges.indices.lazy.filter { relevant(edges[$0].function) }.map { edges[$0].key })
    }
    let remaining = keys(patched.edges)
    let gone = unmarked.edges.indices.filter {
      relevant(unmarked.edges[$0].function) && !remaining.contains(unmarked.edges[$0].key)
    }
    var finder = CycleFinder(
      graph: unmarked, witness: Witness(writers: simulator.writerNames),
      reclaimLocks: simulator.reclaimLocks,
      entering: simulator.enteringPrimitives, classes: baseClasses)
    let after = patchedClasses
    let cycles = finder.cycles(through: FindingSearch.outermost(gone, in: unmarked.edges))
      .filter { cycle in
        cycle.edges.contains { !after.hasEdge(from: $0.from, to: $0.to) }
      }
    // Only what the patched tree lacks can have been removed: the base tree's recursions,
    // retries and imbalances that are gone, and its irq findings when a usage or an edge
    // went away.
    let patchedRecursions = Set(patched.recursions.map(\.key))
    let patchedSpins = Set(patched.spins.map(SpinIdentity.init))
    let patchedImbalances = Set(patched.imbalances.map(ImbalanceIdentity.init))
    let patchedUsages = keys(patched.usages)
    var lost = unmarked
    lost.recursions = unmarked.recursions.filter { !patchedRecursions.contains($0.key) }
    lost.spins = unmarked.spins.filter { !patchedSpins.contains(SpinIdentity($0)) }
    lost.imbalances = unmarked.imbalances.filter {
      !patchedImbalances.contains(ImbalanceIdentity($0))
    }
    if gone.isEmpty,
      unmarked.usages.indices.allSatisfy({
        !relevant(unmarked.usages[$0].function) || patchedUsages.contains(unmarked.usages[$0].key)
      })
    {
      lost.usages = []
    }
    var search = FindingSearch(
      simulator: simulator, graph: lost, base: nil, classes: baseClasses)
    let recursionLocks = Set(patched.recursions.map(\.from))
    let spinLocks = Set(patched.spins.map(\.retry.lock))
    let still = Set(patchedOthers.map { [$0.kind.rawValue] + $0.locks.map(\.name) })
    let others = search.otherFindings().filter { finding in
      switch finding.kind {
      case .recursiveLocking: !finding.locks.contains(where: recursionLocks.contains)
      case .livelock: !finding.locks.contains(where: spinLocks.contains)
      case .imbalance: true
      default: !still.contains([finding.kind.rawValue] + finding.locks.map(\.name))
      }
    }
    var seen: Set<[String]> = []
    return (cycles + others).compactMap { finding in
      var copy = finding
      copy.origin = .removed
      let key = [finding.kind.rawValue] + finding.locks.map(\.name)
      return seen.insert(key).inserted ? copy : nil
    }
  }
}
