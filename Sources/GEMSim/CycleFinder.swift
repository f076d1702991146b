import LockModelExtract

/// Finds the shortest cycles of a dependency graph through chosen edges, picks one edge per
/// hop, and confirms each cycle by exploration.
struct CycleFinder {
  let graph: DependencyGraph
  let classes: ClassGraph
  let witness: Witness
  let reclaimLocks: Set<LockClass>
  private let reentries: [Reentry: DependencyEdge]
  /// Explorations per search, so a tangled tree cannot make a review slow.
  var explorationBudget = 2_000

  /// Primitives that take locks the source does not name (a user copy, an allocation, a
  /// flush): the edge they make is the one a review leads with.
  let entering: Set<String>

  init(
    graph: DependencyGraph, witness: Witness, reclaimLocks: Set<LockClass>,
    entering: Set<String> = [], classes: ClassGraph? = nil
  ) {
    self.graph = graph
    self.entering = entering
    self.classes = classes ?? ClassGraph(graph.edges)
    self.witness = witness
    self.reclaimLocks = reclaimLocks
    var reentries: [Reentry: DependencyEdge] = [:]
    for edge in graph.recursions where edge.entered != nil && reentries[Reentry(edge)] == nil {
      reentries[Reentry(edge)] = edge
    }
    self.reentries = reentries
  }

  /// The shortest cycle through each of `edges` (indices into `graph.edges`), one finding
  /// per distinct set of edges, explored.
  mutating func cycles(through edges: [Int]) -> [Finding] {
    let components = classes.components()
    var byTarget: [Int: [(from: Int, index: Int)]] = [:]
    for index in edges {
      let edge = graph.edges[index]
      guard let from = classes.id(of: edge.from), let to = classes.id(of: edge.to),
        components[from] == components[to]
      else { continue }
      byTarget[to, default: []].append((from, index))
    }
    var seen: Set<Set<EdgeKey>> = []
    var plans: [Plan] = []
    for target in byTarget.keys.sorted() {
      let paths = ClassGraph.ShortestPaths(classes, from: target)
      for (from, index) in byTarget[target] ?? [] {
        guard let back = paths.path(to: from) else { continue }
        let cycle = [from] + back.dropLast()
        if let plan = plan(cycle, pinned: index, seen: &seen) { plans.append(plan) }
      }
    }
    return explored(plans)
  }

  /// One shortest cycle per set of lock classes, over the whole graph; hops prefer edges
  /// that `prefer` accepts.
  mutating func allCycles(prefer: (DependencyEdge) -> Bool = { _ in true }) -> [Finding] {
    let components = classes.components()
    var canonical: Set<[Int]> = []
    var seen: Set<Set<EdgeKey>> = []
    var plans: [Plan] = []
    var byTarget: [Int: [Int]] = [:]
    for pair in classes.edgesByPair.keys where components[pair.from] == components[pair.to] {
      byTarget[pair.to, default: []].append(pair.from)
    }
    for target in byTarget.keys.sorted() {
      let paths = ClassGraph.ShortestPaths(classes, from: target)
      for from in (byTarget[target] ?? []).sorted() {
        guard let back = paths.path(to: from) else { continue }
        let cycle = [from] + back.dropLast()
        let start = cycle.indices.min { cycle[$0] < cycle[$1] } ?? 0
        let rotated = Array(cycle[start...] + cycle[..<start])
        guard canonical.insert(rotated).inserted else { continue }
        if let plan = plan(rotated, pinned: nil, seen: &seen, prefer: prefer) {
          plans.append(plan)
        }
      }
    }
    return explored(plans)
  }

  /// Candidate edges per hop, best first: a sure path before a guessed one (only a sure one
  /// can confirm), a direct path before a re-entered one, the shortest call chain (where
  /// the dependency is made, not a caller inheriting it), fewer held locks, then graph
  /// order.
  func candidates(
    _ cycle: [Int], prefer: (DependencyEdge) -> Bool = { _ in true }
  ) -> [[Int]] {
    cycle.indices.map { hop in
      let pair = ClassGraph.Pair(from: cycle[hop], to: cycle[(hop + 1) % cycle.count])
      let indices = classes.edgesByPair[pair] ?? []
      // Ranked once per edge: a hop between busy classes has thousands of edges.
      let ranked = indices.map { index in
        let edge = graph.edges[index]
        return (
          rank: (
            prefer(edge) ? 0 : 1, edge.guessed ? 1 : 0, edge.entered == nil ? 0 : 1,
            edge.via.count, edge.held.count, index
          ),
          index: index
        )
      }
      return ranked.sorted { $0.rank < $1.rank }.map(\.index)
    }
  }

  /// A cycle's candidate edges per hop, the leading hop first, and the first choice.
  private struct Plan {
    var options: [[Int]]
    var choice: [Int]
  }

  /// The explorations a search makes of one plan with budget to spare, in order, up to
  /// the first that confirms: the first choice, then a few other edges per hop.
  private struct Attempts {
    var trials: [(choice: [Int], outcome: Witness.Outcome)]
    /// The same-task re-entry of the last trial's edges, explored alone.
    var reentry: (edge: DependencyEdge, outcome: Witness.Outcome)?
  }

  /// The plan for `cycle`, nil when a hop has no edge or the first choice's edges were
  /// already explored (`seen`).
  private func plan(
    _ cycle: [Int], pinned: Int?, seen: inout Set<Set<EdgeKey>>,
    prefer: (DependencyEdge) -> Bool = { _ in true }
  ) -> Plan? {
    var options = candidates(cycle, prefer: prefer)
    if let pinned { options[0] = [pinned] }
    guard options.allSatisfy({ !$0.isEmpty }) else { return nil }
    // Told (and explored, so CPU0 runs it) from the leading edge.
    let lead = leadingEdge(options.map { graph.edges[$0[0]] }, options.map { $0[0] })
    options = Array(options[lead...] + options[..<lead])
    let choice = options.map { $0[0] }
    guard seen.insert(Set(choice.map { graph.edges[$0].key })).inserted else { return nil }
    return Plan(options: options, choice: choice)
  }

  private func attempts(_ plan: Plan) -> Attempts {
    let first = witness.explore(plan.choice.map { graph.edges[$0] })
    var trials = [(choice: plan.choice, outcome: first)]
    search: for hop in plan.options.indices where !trials[0].outcome.confirmed {
      for alternative in plan.options[hop].dropFirst().prefix(3) {
        var trial = plan.choice
        trial[hop] = alternative
        trials.append((trial, witness.explore(trial.map { graph.edges[$0] })))
        if trials[trials.count - 1].outcome.confirmed { break search }
      }
    }
    return Attempts(trials: trials, reentry: reentryExplored(trials[trials.count - 1].choice))
  }

  private func reentryExplored(_ choice: [Int]) -> (DependencyEdge, Witness.Outcome)? {
    reentry(choice.map { graph.edges[$0] }).map { ($0, witness.explore([$0])) }
  }

  /// The findings of `plans`, in order. Plans are explored on every core, a window at a
  /// time; the budget is then charged in order as one search would have charged it, so
  /// the findings do not depend on the cores, and exploring stops once it is spent.
  private mutating func explored(_ plans: [Plan]) -> [Finding] {
    var result: [Finding] = []
    var start = 0
    while start < plans.count, explorationBudget > 0 {
      let window = plans[start..<min(plans.count, start + 64)]
      start = window.endIndex
      let finder = self
      let explored = parallelMap(count: window.count, chunk: 1) { n in
        finder.attempts(window[window.startIndex + n])
      }
      for attempts in explored {
        guard explorationBudget > 0 else { break }
        result.append(finding(from: attempts))
      }
    }
    return result
  }

  /// What one search would have found with the budget left, which it charges.
  private mutating func finding(from attempts: Attempts) -> Finding {
    let used = min(attempts.trials.count, explorationBudget)
    explorationBudget -= used
    let trials = attempts.trials[..<used]
    // Past the first, a trial is kept only when it confirmed (it is then the last).
    let kept = trials.count > 1 && trials[trials.count - 1].outcome.confirmed
      ? trials[trials.count - 1] : trials[0]
    let edges = kept.choice.map { graph.edges[$0] }
    let locks = edges.map(\.from)
    let kind: Finding.Kind =
      locks.contains(where: reclaimLocks.contains) ? .reclaimInversion : .circularDependency
    var finding = Finding(
      kind: kind, locks: locks, edges: edges, scenario: kept.outcome.scenario,
      confirmed: kept.outcome.confirmed,
      statesExplored: trials.reduce(0) { $0 + $1.outcome.statesExplored },
      origin: edges.contains(where: \.isNew) ? .introduced : .existing)
    let reentry =
      kept.choice == attempts.trials[attempts.trials.count - 1].choice
      ? attempts.reentry : reentryExplored(kept.choice)
    if let (path, alone) = reentry {
      finding.sameTask = true
      finding.sameTaskPath = path
      finding.sameTaskScenario = alone.scenario
      finding.statesExplored += alone.statesExplored
    }
    return finding
  }

  /// Cycles that one same-task re-entry explains are one problem: the one told with the
  /// fewest re-entered edges, then the fewest edges, stays.
  static func mergingSameTask(_ findings: [Finding]) -> [Finding] {
    var best: [EdgeKey: Int] = [:]
    func rank(_ finding: Finding) -> [Int] {
      [finding.edges.filter { $0.entered != nil }.count, finding.edges.count]
    }
    for (index, finding) in findings.enumerated() {
      guard let key = finding.sameTaskPath?.key else { continue }
      if let kept = best[key], !rank(finding).lexicographicallyPrecedes(rank(findings[kept])) {
        continue
      }
      best[key] = index
    }
    return findings.indices.compactMap { index in
      guard let key = findings[index].sameTaskPath?.key else { return findings[index] }
      return best[key] == index ? findings[index] : nil
    }
  }

  /// Where the cycle is told from: a new edge, preferably one made by an implicit
  /// primitive (the copy under the lock), then the first in graph order.
  private func leadingEdge(_ edges: [DependencyEdge], _ indices: [Int]) -> Int {
    let ranked = edges.indices.map { position in
      let edge = edges[position]
      let enters = edge.via.last.map(entering.contains) ?? false
      // Two locks one primitive takes in a row are the primitive's business, not the patch's.
      let outer = edge.held.last { $0.lock == edge.from }
      let inside = edge.heldSince == edge.location && outer?.via == edge.via ? 1 : 0
      return ([edge.isNew ? 0 : 1, inside, enters ? 0 : 1, indices[position]], position)
    }
    return ranked.min { $0.0.lexicographicallyPrecedes($1.0) }?.1 ?? 0
  }

  /// The path of `edges` that re-enters its own lock on one task, if any.
  func reentry(_ edges: [DependencyEdge]) -> DependencyEdge? {
    edges.lazy.compactMap { reentries[Reentry($0)] }.first
  }
}

/// Where a path holding a lock enters a context: its function, call site and outer lock.
private struct Reentry: Hashable {
  var lock: LockClass
  var function: String
  var location: SourceLocation

  init(_ edge: DependencyEdge) {
    lock = edge.from
    function = edge.function
    location = edge.location
  }
}
