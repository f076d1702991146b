import LockModelExtract

extension GraphBuilder {
  /// Trylock retries that spin: a loop back to the trylock, or a returned code the entry
  /// context re-executes on (a fault handler's `VM_FAULT_NOPAGE`), on a lock that some
  /// path holds while it may sleep. A code nobody retries on (a shrinker returning 0 to
  /// reclaim) gives up instead, so it is no spin.
  func spins(functions: FunctionTable, variants: [Int: [Variant]]) -> [SpinningRetry] {
    let retries = model.functions.flatMap(\.trylockRetries)
    guard !retries.isEmpty else { return [] }
    let holders = self.holders(of: Set(retries.map(\.lock)))
    var result: [SpinningRetry] = []
    for function in model.functions {
      for retry in function.trylockRetries {
        guard let holder = holders[retry.lock], holder.toKind.sleeps else { continue }
        switch retry.retry {
        case .loop:
          let context = variants[functions.id(of: function)]?.first?.context
          result.append(SpinningRetry(retry: retry, context: context, holder: holder))
        case .returns(let code, _):
          let retrying = (variants[functions.id(of: function)] ?? []).filter {
            $0.retriedOn.contains(code)
          }
          for variant in retrying {
            result.append(
              SpinningRetry(retry: retry, context: variant.context, holder: holder))
          }
        }
      }
    }
    return result.sorted {
      ($0.retry.location, $0.retry.function, $0.context ?? "")
        < ($1.retry.location, $1.retry.function, $1.context ?? "")
    }
  }

  /// For each lock, the path that best shows it held by someone else: a blocking
  /// acquisition first, then one outside the retrying functions, then by name and place.
  private func holders(of locks: Set<LockClass>) -> [LockClass: DependencyEdge] {
    let functions = model.functions
    let retrying = Set(
      functions.indices.lazy.filter { !functions[$0].trylockRetries.isEmpty }
        .map { functions[$0].name })
    // A holder userspace can start directly (an ioctl) makes the clearest scenario.
    var handles: [String: EntryPoint] = [:]
    for entry in model.entries where entry.userHandle != nil && handles[entry.function] == nil {
      handles[entry.function] = entry
    }
    var best: [LockClass: (rank: [Int], edge: DependencyEdge)] = [:]
    // By index: a loop over the values would copy every function and acquisition.
    for f in functions.indices {
      for a in functions[f].acquisitions.indices
      where locks.contains(functions[f].acquisitions[a].lock) {
        let function = functions[f]
        let acquisition = function.acquisitions[a]
        let entry = handles[function.name]
        let rank = [
          acquisition.isTrylock ? 1 : 0, retrying.contains(function.name) ? 1 : 0,
          entry == nil ? 1 : 0, acquisition.via.count,
        ]
        let edge = DependencyEdge(
          from: acquisition.lock, to: acquisition.lock, fromMode: acquisition.mode,
          toMode: acquisition.mode, function: function.name, location: acquisition.location,
          heldSince: acquisition.location, via: acquisition.via, context: entry?.context,
          userHandle: entry?.userHandle, held: acquisition.held,
          toKind: acquisition.kind, toSubclass: acquisition.subclass, irq: acquisition.irq)
        if let current = best[acquisition.lock] {
          if current.rank.lexicographicallyPrecedes(rank) { continue }
          if current.rank == rank, !DependencyEdge.holderPrecedes(edge, current.edge) {
            continue
          }
        }
        best[acquisition.lock] = (rank, edge)
      }
    }
    return best.mapValues(\.edge)
  }
}

extension DependencyEdge {
  static func holderPrecedes(_ a: DependencyEdge, _ b: DependencyEdge) -> Bool {
    (a.function, a.location) < (b.function, b.location)
  }
}
