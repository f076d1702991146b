import LockModelExtract

/// All findings of one graph whose edges are already marked new or not.
struct FindingSearch {
  let simulator: Simulator
  let graph: DependencyGraph
  let base: DependencyGraph?
  private var finder: CycleFinder
  private let witness: Witness

  init(
    simulator: Simulator, graph: DependencyGraph, base: DependencyGraph?,
    classes: ClassGraph? = nil
  ) {
    self.simulator = simulator
    self.graph = graph
    self.base = base
    witness = Witness(writers: simulator.writerNames)
    finder = CycleFinder(
      graph: graph, witness: witness, reclaimLocks: simulator.reclaimLocks,
      entering: simulator.enteringPrimitives, classes: classes)
  }

  /// The shortest cycle through each new edge. An edge a caller inherits from a new
  /// callee edge (the same chain one call further out) adds no cycle of its own.
  mutating func introducedCycles() -> [Finding] {
    let fresh = graph.edges.indices.filter { graph.edges[$0].isNew }
    return CycleFinder.mergingSameTask(
      finder.cycles(through: Self.outermost(fresh, in: graph.edges)))
  }

  /// One cycle per set of lock classes made only of edges the base tree had.
  mutating func existingCycles() -> [Finding] {
    CycleFinder.mergingSameTask(
      finder.allCycles(prefer: { !$0.isNew }).filter { $0.origin == .existing })
  }

  /// Recursive locking, irq inversions, livelocks and imbalances; recursions the base tree
  /// had already are explored only when `existing` asks for them.
  mutating func otherFindings(existing: Bool = true) -> [Finding] {
    recursions(existing: existing)
      + IRQInversion(graph: graph, classes: finder.classes)
      .findings() + livelocks() + imbalances()
  }

  /// Drops edges whose chain goes through the function of another edge of the list with
  /// the same locks and the rest of the chain (a caller re-rooting its callee's path).
  static func outermost(_ indices: [Int], in edges: [DependencyEdge]) -> [Int] {
    struct Place: Hashable {
      var from: LockClass
      var to: LockClass
      var function: String
      var via: ArraySlice<String>
    }
    let places = Set(
      indices.map {
        Place(
          from: edges[$0].from, to: edges[$0].to, function: edges[$0].function,
          via: edges[$0].via[...])
      })
    return indices.filter { index in
      let edge = edges[index]
      for split in edge.via.indices.dropLast() {
        let inner = Place(
          from: edge.from, to: edge.to, function: edge.via[split],
          via: edge.via[(split + 1)...])
        if places.contains(inner) { return false }
      }
      return true
    }
  }

  private func recursions(existing: Bool) -> [Finding] {
    let components = finder.classes.components()
    let candidates = graph.recursions.indices.filter { existing || graph.recursions[$0].isNew }
    let kept = Self.outermost(candidates, in: graph.recursions)
    return kept.compactMap { index in
      let edge = graph.recursions[index]
      // A re-entry (through a fault) that a cycle of the graph explains is reported there,
      // as the cycle with `sameTask`.
      if edge.entered != nil, let own = finder.classes.id(of: edge.from) {
        let explained = edge.held.contains {
          $0.lock != edge.from
            && finder.classes.id(of: $0.lock).map { components[$0] == components[own] } == true
        }
        if explained { return nil }
      }
      let outcome = witness.explore([edge])
      let annotation = edge.entered == nil && edge.from.name.contains(".")
      return Finding(
        kind: .recursiveLocking, locks: [edge.from], edges: [edge], scenario: outcome.scenario,
        confirmed: outcome.confirmed, statesExplored: outcome.statesExplored,
        origin: edge.isNew ? .introduced : .existing, sameTask: true,
        missingNestingAnnotation: annotation)
    }
  }

  private func livelocks() -> [Finding] {
    let before = Set((base?.spins ?? []).map(SpinIdentity.init))
    return graph.spins.compactMap { spin in
      let outcome = LivelockExploration(spin: spin).run()
      guard outcome.livelocks else { return nil }
      let isNew = base == nil || !before.contains(SpinIdentity(spin))
      return Finding(
        kind: .livelock, locks: [spin.retry.lock], edges: [spin.holder],
        scenario: outcome.scenario, confirmed: true, statesExplored: outcome.statesExplored,
        origin: isNew ? .introduced : .existing, retry: spin.retry, retryContext: spin.context)
    }
  }

  private func imbalances() -> [Finding] {
    let before = Set((base?.imbalances ?? []).map(ImbalanceIdentity.init))
    return graph.imbalances.map { imbalance in
      let isNew = base == nil || !before.contains(ImbalanceIdentity(imbalance))
      return Finding(
        kind: .imbalance, locks: [imbalance.lock], edges: [], confirmed: true,
        origin: isNew ? .introduced : .existing, imbalance: imbalance)
    }
  }
}

/// A retry across trees, lines aside.
struct SpinIdentity: Hashable {
  var lock: LockClass
  var function: String
  var code: String?
  var context: String?

  init(_ spin: SpinningRetry) {
    lock = spin.retry.lock
    function = spin.retry.function
    context = spin.context
    if case .returns(let returned, _) = spin.retry.retry { code = returned }
  }
}

/// An imbalance across trees, lines aside.
struct ImbalanceIdentity: Hashable {
  var lock: LockClass
  var function: String
  var problem: Imbalance.Problem

  init(_ imbalance: Imbalance) {
    lock = imbalance.lock
    function = imbalance.function
    problem = imbalance.problem
  }
}
