import LockModelExtract

/// What a run asks the simulator to report.
public struct AnalysisOptions: Hashable, Sendable {
  /// Also report cycles the exploration could not reach (e.g. behind a gate lock).
  public var includeUnconfirmed: Bool
  /// Also report problems already present in the base tree.
  public var includeExisting: Bool

  /// Creates options; the defaults report what the patch introduces and can be confirmed.
  public init(includeUnconfirmed: Bool = false, includeExisting: Bool = false) {
    self.includeUnconfirmed = includeUnconfirmed
    self.includeExisting = includeExisting
  }
}

/// Replays tree models in the GEM/mm world: builds lockdep's dependency graph, finds the
/// cycles, irq and reclaim inversions, livelocks and imbalances, and confirms each by
/// exploring the interleavings of the paths involved.
public struct Simulator: Sendable {
  /// Kernel facts: implicit locks, entered contexts, writers, advice.
  public var knowledge: KnowledgeBase

  /// Creates a simulator over a knowledge base (the bundled one, merged with a repository's).
  public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

  /// Every dependency the tree implies, entry contexts and core-mm paths included.
  ///
  /// - Parameter model: the extracted tree (or the functions a patch touches).
  public func graph(of model: TreeModel) -> DependencyGraph {
    let builder = GraphBuilder(knowledge: knowledge, model: model, reclaimLocks: reclaimLocks)
    return builder.build()
  }

  /// Findings in `patched`, each marked against `base` (nil: no base tree, every finding
  /// counts as introduced), sorted by kind, then first edge's file and line.
  ///
  /// - Parameters:
  ///   - base: the tree before the patch, or nil.
  ///   - patched: the tree with the patch applied.
  ///   - options: whether unconfirmed and pre-existing problems are reported too.
  /// - Returns: introduced findings, existing ones when asked, and removed ones always.
  public func findings(
    base: TreeModel?, patched: TreeModel, options: AnalysisOptions = AnalysisOptions()
  ) -> [Finding] {
    findings(base: base.map { graph(of: $0) }, patched: graph(of: patched), options: options)
  }

  /// Findings of a patched tree's graph against a base tree's graph: the same as
  /// `findings(base:patched:options:)` for callers that keep the base graph for a series.
  ///
  /// - Parameters:
  ///   - base: the base tree's graph from `graph(of:)`, or nil.
  ///   - patched: the patched tree's graph from `graph(of:)`.
  ///   - options: whether unconfirmed and pre-existing problems are reported too.
  ///   - changed: when `patched` was updated from `base` for these functions only (every
  ///     other function's edges are the base's), so only theirs need comparing.
  public func findings(
    base before: DependencyGraph?, patched: DependencyGraph,
    options: AnalysisOptions = AnalysisOptions(), changed: Set<String>? = nil
  ) -> [Finding] {
    var after = patched
    PatchComparison.mark(&after, against: before, changed: changed)
    let classes = ClassGraph(after.edges)
    var search = FindingSearch(simulator: self, graph: after, base: before, classes: classes)
    let others = search.otherFindings(existing: options.includeExisting)
    var result = search.introducedCycles() + others
    if options.includeExisting { result += search.existingCycles() }
    let comparison = PatchComparison(
      simulator: self, base: before, patched: after, changed: changed,
      baseClasses: before.map { ClassGraph($0.edges) }, patchedClasses: classes)
    result = result.map { comparison.withAlreadyBroken($0) }
    result = result.filter {
      ($0.confirmed || options.includeUnconfirmed)
        && ($0.origin == .introduced || options.includeExisting)
    }
    result += comparison.removed(patchedOthers: others).filter {
      $0.confirmed || options.includeUnconfirmed
    }
    return sorted(result.map(withAdvice))
  }

  /// Every cycle in one tree, each explored; for `reviewbot graph`. Findings carry origin
  /// `existing` (there is no patch to blame) and include unconfirmed cycles.
  ///
  /// - Parameter graph: a graph from `graph(of:)`.
  public func cycles(in graph: DependencyGraph) -> [Finding] {
    var unmarked = graph
    if unmarked.edges.contains(where: \.isNew) {
      for index in unmarked.edges.indices { unmarked.edges[index].isNew = false }
    }
    var search = FindingSearch(simulator: self, graph: unmarked, base: nil)
    return sorted(search.existingCycles().map(withAdvice))
  }

  /// For each rw_semaphore, a name the knowledge base gives its writer (an entry context
  /// that holds it for write, else a primitive that takes it for write).
  var writerNames: [LockClass: String] {
    var names: [LockClass: String] = [:]
    for name in knowledge.contexts.keys.sorted() {
      for lock in knowledge.contexts[name]?.held ?? [] where lock.mode == .write {
        if names[lock.lock] == nil { names[lock.lock] = name }
      }
    }
    for name in knowledge.primitives.keys.sorted() {
      for lock in knowledge.primitives[name]?.implicitLocks ?? [] where lock.mode == .write {
        if names[lock.lock] == nil { names[lock.lock] = name }
      }
    }
    return names
  }

  /// Primitives that take locks the source does not name (a user copy, an allocation, a
  /// flush): the dependency they make is the one a review leads with.
  var enteringPrimitives: Set<String> {
    Set(
      knowledge.primitives.filter {
        $0.value.enters != nil || $0.value.action == .implicit || $0.value.action == .allocation
      }.map(\.key))
  }

  /// The pseudo-locks that stand for memory reclaim: what an allocation that may reclaim
  /// takes, and what the context it enters (the shrinkers) holds.
  var reclaimLocks: Set<LockClass> {
    var locks: Set<LockClass> = []
    for primitive in knowledge.primitives.values where primitive.action == .allocation {
      locks.formUnion(primitive.implicitLocks.map(\.lock))
      if let context = primitive.enters {
        locks.formUnion(knowledge.contexts[context]?.held.map(\.lock) ?? [])
      }
    }
    return locks
  }

  private func withAdvice(_ finding: Finding) -> Finding {
    var copy = finding
    var advice: [String] = []
    for edge in finding.edges {
      for name in edge.via {
        for line in knowledge.primitives[name]?.advice ?? [] where !advice.contains(line) {
          advice.append(line)
        }
      }
    }
    copy.advice = advice
    return copy
  }

  private func sorted(_ findings: [Finding]) -> [Finding] {
    let kinds = Finding.Kind.allCases
    func key(_ finding: Finding) -> [String] {
      let place =
        finding.edges.first?.location ?? finding.imbalance?.location
        ?? finding.retry?.location ?? SourceLocation(file: "", line: 0)
      let kind = kinds.firstIndex(of: finding.kind) ?? 0
      return [
        "\(kind)", place.file,
        String(repeating: "0", count: max(0, 10 - "\(place.line)".count))
          + "\(place.line)", finding.locks.map(\.name).joined(separator: " "),
        finding.edges.map { "\($0.function) \($0.via.joined(separator: " "))" }
          .joined(separator: ","),
        finding.origin.rawValue,
      ]
    }
    return findings.map { (key($0), $0) }
      .sorted { $0.0.lexicographicallyPrecedes($1.0) }
      .map(\.1)
  }
}
