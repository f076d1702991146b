import LockModelExtract

/// Lockdep's irq-state rules over the graph's usage records: a spinning lock taken in
/// hardirq (softirq) context and elsewhere with hardirqs (softirqs) enabled, or an
/// irq-safe lock held while taking an irq-unsafe one. Rule-based, like lockdep: the
/// scenario is the one lockdep prints, not an exploration (`statesExplored` is 0).
struct IRQInversion {
  enum Level: CaseIterable {
    case hardirq, softirq

    func isSafe(_ irq: IRQUsage) -> Bool {
      switch self {
      case .hardirq: irq.inHardirq
      case .softirq: irq.inSoftirq && !irq.inHardirq
      }
    }

    func isUnsafe(_ irq: IRQUsage) -> Bool {
      switch self {
      case .hardirq: !irq.inHardirq && !irq.inSoftirq && !irq.hardirqsDisabled
      case .softirq:
        !irq.inHardirq && !irq.inSoftirq && !irq.hardirqsDisabled && !irq.softirqsDisabled
      }
    }

    var note: String {
      switch self {
      case .hardirq: "<Interrupt>"
      case .softirq: "<SoftIRQ>"
      }
    }

    var disable: String {
      switch self {
      case .hardirq: "interrupts disabled"
      case .softirq: "softirqs disabled"
      }
    }
  }

  let graph: DependencyGraph
  let classes: ClassGraph

  func findings() -> [Finding] {
    var result: [Finding] = []
    var reported: Set<LockClass> = []
    let tables = Level.allCases.map { level in
      var safe: [LockClass: [DependencyEdge]] = [:]
      var unsafe: [LockClass: [DependencyEdge]] = [:]
      for usage in graph.usages {
        if level.isSafe(usage.irq) { safe[usage.to, default: []].append(usage) }
        if level.isUnsafe(usage.irq) { unsafe[usage.to, default: []].append(usage) }
      }
      return (level: level, safe: safe, unsafe: unsafe)
    }
    for (level, safe, unsafe) in tables {
      for lock in safe.keys.sorted() where !reported.contains(lock) {
        guard let (irqUse, plainUse) = conflicting(safe[lock] ?? [], unsafe[lock] ?? [])
        else { continue }
        reported.insert(lock)
        result.append(sameLock(lock, plain: plainUse, inIRQ: irqUse, level: level))
      }
    }
    // Lockdep reports one inversion per lock: a lock already inconsistent on its own is
    // not reported again as the far end of a dependency.
    let inconsistent = reported
    for (level, safe, unsafe) in tables {
      for lock in safe.keys.sorted() where !reported.contains(lock) {
        guard let start = classes.id(of: lock), let safeUse = safe[lock]?.first,
          let path = classes.nearest(
            from: start,
            where: {
              let target = classes.classes[$0]
              return unsafe[target] != nil && !inconsistent.contains(target)
            })
        else { continue }
        reported.insert(lock)
        result.append(dependency(path, safe: safeUse, unsafe: unsafe, level: level))
      }
    }
    return result
  }

  /// A use in irq context and one with irqs enabled that can wait for each other: rwlock
  /// readers on both sides are recursive and do not.
  private func conflicting(
    _ irqUses: [DependencyEdge], _ plainUses: [DependencyEdge]
  ) -> (DependencyEdge, DependencyEdge)? {
    for irqUse in irqUses {
      for plainUse in plainUses {
        let bothRead = irqUse.toMode == .read && plainUse.toMode == .read
        if bothRead && irqUse.toKind.hasRecursiveReaders { continue }
        return (irqUse, plainUse)
      }
    }
    return nil
  }

  private func sameLock(
    _ lock: LockClass, plain: DependencyEdge, inIRQ: DependencyEdge, level: Level
  ) -> Finding {
    let scenario = [
      ScenarioStep(cpu: 0, action: action(plain), lock: lock, edge: 0),
      ScenarioStep(cpu: 0, action: .preempted, note: level.note),
      ScenarioStep(cpu: 0, action: action(inIRQ), lock: lock, note: "waits", edge: 1),
    ]
    // A guessed path (see `DependencyEdge.guessed`) leaves the inversion unconfirmed.
    let sure = !plain.guessed && !inIRQ.guessed
    return Finding(
      kind: .irqInversion, locks: [lock], edges: [plain, inIRQ], scenario: sure ? scenario : [],
      confirmed: sure, origin: plain.isNew || inIRQ.isNew ? .introduced : .existing,
      sameTask: true)
  }

  /// Safe lock A held while taking (through `path`) a lock B that is used with irqs on:
  /// CPU0 holds B with irqs on, CPU1 holds A and waits for B, the irq on CPU0 waits for A.
  private func dependency(
    _ path: [Int], safe: DependencyEdge, unsafe: [LockClass: [DependencyEdge]], level: Level
  ) -> Finding {
    let hops = zip(path, path.dropFirst()).map { pair in
      let indices = classes.edgesByPair[ClassGraph.Pair(from: pair.0, to: pair.1)] ?? []
      return graph.edges[indices[0]]
    }
    let target = classes.classes[path[path.count - 1]]
    let plain = unsafe[target]?[0] ?? safe
    let edges = hops + [plain, safe]
    var scenario = [ScenarioStep(cpu: 0, action: action(plain), lock: target, edge: hops.count)]
    for (index, hop) in hops.enumerated() {
      let note = index == 0 ? level.disable : nil
      scenario.append(
        ScenarioStep(
          cpu: 1, action: action(hop, from: true), lock: hop.from,
          note: note, edge: index))
    }
    if let last = hops.last {
      scenario.append(
        ScenarioStep(
          cpu: 1, action: action(last), lock: last.to, note: "waits",
          edge: hops.count - 1))
    }
    scenario.append(ScenarioStep(cpu: 0, action: .preempted, note: level.note))
    scenario.append(
      ScenarioStep(
        cpu: 0, action: action(safe), lock: safe.to, note: "waits",
        edge: hops.count + 1))
    let sure = !edges.contains(where: \.guessed)
    return Finding(
      kind: .irqInversion, locks: hops.map(\.from) + [target], edges: edges,
      scenario: sure ? scenario : [], confirmed: sure,
      origin: edges.contains(where: \.isNew) ? .introduced : .existing)
  }

  private func action(_ edge: DependencyEdge, from: Bool = false) -> ScenarioStep.Action {
    (from ? edge.fromMode : edge.toMode) == .read ? .rlock : .lock
  }
}
