extension FunctionAnalyzer {
  private enum Status { case held, absent, maybe, conditional(ValueFact.Predicate) }

  private static func category(
    _ value: ReturnValue, state: PathState
  ) -> ValueFact.Predicate? {
    switch value {
    case .zero: return .zero
    case .nonzero, .error: return .nonzero
    case .value(let v): return state.known[v]
    case .none, .unknown, .code: return nil
    }
  }

  /// Which locks the function returns holding, and on which return value.
  ///
  /// A wrapper that returns 0 with the lock held and an error without it (the
  /// `mutex_lock_interruptible` contract) gets `heldWhen: zero`; a trylock-like helper
  /// `nonzero`; a lock held on every return is left held; anything else is "maybe".
  func summarizeExits(
    _ exits: [(PathState, ReturnValue, Int)], acquiredHere: Set<LockClass>,
    releasedHere: Set<LockClass>,
    into result: inout FunctionSummary
  ) {
    var order: [LockClass] = []
    var sample: [LockClass: HeldEntry] = [:]
    for (state, _, _) in exits {
      for entry in state.held where !entry.fromEntry && sample[entry.held.lock] == nil {
        order.append(entry.held.lock)
        sample[entry.held.lock] = entry
      }
    }
    for lock in order {
      guard let entry = sample[lock] else { continue }
      var statuses: [(Status, ValueFact.Predicate?, Int)] = []
      var returnsErrorHolding = false
      for (state, value, line) in exits {
        var status = Status.absent
        if let i = state.index(of: lock) {
          let e = state.held[i]
          if let when = e.heldWhen {
            if case .value(let v) = value, e.conditions.contains(v) {
              status = .conditional(when)
            } else {
              status = .maybe
            }
          } else {
            status = e.held.maybe ? .maybe : .held
          }
        }
        statuses.append((status, Self.category(value, state: state), line))
        if case .held = status, value == .error { returnsErrorHolding = true }
      }
      var exit = ExitLock(lock: entry.held, heldWhen: nil,
        disablesHardirqs: entry.disablesHardirqs, disablesSoftirqs: entry.disablesSoftirqs)
      exit.lock.maybe = false
      if statuses.allSatisfy({ if case .held = $0.0 { return true } else { return false } }) {
        result.exits.append(exit)
        continue
      }
      if !returnsErrorHolding, let (when, always) = explaining(statuses) {
        exit.heldWhen = when
        exit.lock.maybe = !always
        result.exits.append(exit)
        continue
      }
      exit.lock.maybe = true
      result.exits.append(exit)
      let heldLine = statuses.first { if case .held = $0.0 { return true }; return false }
      let absent = statuses.contains { if case .absent = $0.0 { return true }; return false }
      if let heldLine, absent, acquiredHere.contains(lock), releasedHere.contains(lock),
        lock.isResolved
      {
        result.imbalances.append(Imbalance(lock: lock, function: body.name,
          location: SourceLocation(file: file, line: heldLine.2), problem: .heldOnSomeExits))
      }
    }
  }

  /// The return value on which the lock is held, and whether it is held on every return
  /// with that value. A lock held only on some zero returns and on no error return (a
  /// helper with a lockless fast path, `return 0` before `mutex_lock_interruptible`) is
  /// maybe held on zero and surely not on an error: a caller's error path must not keep it.
  /// Likewise a trylock helper whose definite returns say "held when true" and whose other
  /// returns give an untracked value: its callers' `if (!helper()) return;` drops it.
  private func explaining(
    _ statuses: [(Status, ValueFact.Predicate?, Int)]
  ) -> (ValueFact.Predicate, always: Bool)? {
    var partial: ValueFact.Predicate?
    for p in [ValueFact.Predicate.zero, .nonzero] {
      let other: ValueFact.Predicate = p == .zero ? .nonzero : .zero
      var witnessed = false
      var consistent = true
      var absentOnP = false
      for (status, category, _) in statuses {
        switch status {
        case .held:
          if category == other { consistent = false }
          if category == p { witnessed = true }
        case .absent:
          if category == p { absentOnP = true }
        case .conditional(let q):
          if q != p { consistent = false } else { witnessed = true }
        case .maybe:
          // Held on some paths into a return of unknown value (`return *unlock;` after a
          // trylock loop): no evidence against `p`, so at most "maybe held on p".
          if category == other { consistent = false } else { absentOnP = true }
          if category == p { witnessed = true }
        }
      }
      guard consistent && witnessed else { continue }
      if !absentOnP { return (p, true) }
      if partial == nil { partial = p }
    }
    return partial.map { ($0, false) }
  }

  /// A trylock whose failure side loops back to it, or returns a named code.
  func retry(
    for trylock: (block: Int, value: String, lock: LockClass, at: SourceLocation),
    blocks: [Block]
  ) -> TrylockRetry? {
    let block = blocks[trylock.block]
    guard case .branch(let whenTrue, let whenFalse, let then, let otherwise) = block.terminator
    else { return nil }
    var aliases: Set<String> = [trylock.value]
    for event in block.events where event.kind == .assign {
      if let source = event.source, aliases.contains(source) { aliases.insert(event.name) }
    }
    func fails(_ facts: [ValueFact]) -> Bool {
      facts.contains { aliases.contains($0.value) && $0.predicate == .zero }
    }
    let failure: Int
    if fails(whenTrue) {
      failure = then
    } else if fails(whenFalse) {
      failure = otherwise
    } else {
      return nil
    }
    // Through a list walk's next step it is a skip (`if (!trylock) continue;`), not a retry.
    if let path = path(from: failure, blocks: blocks, to: { $0 == trylock.block }),
      !path.contains(where: { blocks[$0].isIteration && $0 != trylock.block })
    {
      return TrylockRetry(lock: trylock.lock, function: body.name, location: trylock.at,
        retry: .loop(backTo: trylock.at), yieldsWith: yields(on: path, blocks: blocks))
    }
    let isReturn: (Int) -> Bool = {
      if case .returns = blocks[$0].terminator { return true }
      return false
    }
    guard let path = path(from: failure, blocks: blocks, to: isReturn),
      let last = path.last, case .returns(let value, let line) = blocks[last].terminator
    else { return nil }
    var code: String?
    switch value {
    case .code(let c): code = c
    case .value(let v):
      for b in path {
        for e in blocks[b].events where e.kind == .assign && e.name == v {
          if let s = e.source, s.hasPrefix("="), Int(s.dropFirst()) == nil {
            code = String(s.dropFirst())
          } else {
            code = nil
          }
        }
      }
    default: code = nil
    }
    guard let code else { return nil }
    return TrylockRetry(lock: trylock.lock, function: body.name, location: trylock.at,
      retry: .returns(code: code, at: SourceLocation(file: file, line: line)),
      yieldsWith: yields(on: path, blocks: blocks))
  }

  private func yields(on path: [Int], blocks: [Block]) -> [String] {
    var names: [String] = []
    for b in path {
      for e in blocks[b].events where pass.linker.knowledge.yieldCalls.contains(e.name) {
        if !names.contains(e.name) { names.append(e.name) }
      }
    }
    return names
  }

  /// A shortest block path from `start` to a block satisfying `goal` (breadth first).
  private func path(from start: Int, blocks: [Block], to goal: (Int) -> Bool) -> [Int]? {
    var parent: [Int: Int] = [start: -1]
    var queue = [start]
    var head = 0
    while head < queue.count && head < 256 {
      let b = queue[head]
      head += 1
      if goal(b) {
        var path = [b]
        var p = parent[b] ?? -1
        while p >= 0 {
          path.append(p)
          p = parent[p] ?? -1
        }
        return Array(path.reversed())
      }
      let next: [Int]
      switch blocks[b].terminator {
      case .jump(let n): next = [n]
      case .multi(let ns): next = ns
      case .branch(_, _, let t, let o): next = [t, o]
      case .returns: next = []
      }
      for n in next where n >= 0 && n < blocks.count && parent[n] == nil {
        parent[n] = b
        queue.append(n)
      }
    }
    return nil
  }
}
