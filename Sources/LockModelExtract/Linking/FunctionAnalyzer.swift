/// Runs one function's control-flow graph to a fixpoint of lock states and reads off its
/// summary: acquisitions with held sets, locks left held per return value, releases of
/// the caller's locks, trylock retries and imbalances.
struct FunctionAnalyzer {
  let body: FunctionBody
  let file: String
  let knowledge: KnowledgeBase
  let resolver: TypeResolver
  let limits: AnalysisLimits
  /// Work item class name → the work function `INIT_WORK` bound to it.
  let workFunctions: [String: String]
  /// The summary of a called tree function, when the call resolves to one.
  let callee: (String) -> FunctionSummary?
  /// The summary of a called tree function analysed for these constant arguments, when it
  /// tests a parameter that receives one; nil to use the general summary.
  var specialized: (String, [ValueFact.Predicate?]) -> FunctionSummary? = { _, _ in nil }
  /// Facts known on entry (constant arguments of the call being specialised for).
  var initialFacts: [String: ValueFact.Predicate] = [:]
  /// The acquisitions of the functions an ops-table call may reach (`via` already naming
  /// each target); nil when the member resolves to no table in the tree.
  var indirect: (String, String) -> FunctionSummary? = { _, _ in nil }
  private var classes: [[LockClass?]] = []
  private var summaries: [[FunctionSummary?]] = []

  init(
    body: FunctionBody, file: String, knowledge: KnowledgeBase, resolver: TypeResolver,
    limits: AnalysisLimits, workFunctions: [String: String],
    callee: @escaping (String) -> FunctionSummary?
  ) {
    self.body = body
    self.file = file
    self.knowledge = knowledge
    self.resolver = resolver
    self.limits = limits
    self.workFunctions = workFunctions
    self.callee = callee
  }

  private struct Sink {
    var acquisitions: [(Acquisition, Int, [LockClass])] = []
    var keys: Set<AcquisitionKey> = []
    var sequence = 0
    var releases: [LockClass] = []
    var imbalances: [Imbalance] = []
    var trylocks: [(block: Int, value: String, lock: LockClass, at: SourceLocation)] = []
  }

  private struct HeldKey: Hashable {
    var lock: LockClass
    var mode: LockMode
  }

  private struct AcquisitionKey: Hashable {
    var lock: LockClass
    var mode: LockMode
    var subclass: Int
    var isTrylock: Bool
    var held: [HeldKey]
    var line: Int
    var column: Int
  }

  private func location(_ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  private func lockClass(_ ref: LockRef?) -> LockClass {
    guard let ref else { return LockClass("?", isResolved: false) }
    return resolver.lockClass(ref, file: file)
  }

  func analyze() -> FunctionSummary {
    var analyzer = self
    analyzer.prepare()
    guard analyzer.mayDoAnything else { return FunctionSummary() }
    return analyzer.run()
  }

  /// False for the many functions that touch no lock, directly or through a callee: they
  /// need no fixpoint.
  private var mayDoAnything: Bool {
    if !body.heldOnEntry.isEmpty { return true }
    for (b, block) in body.blocks.enumerated() {
      for (n, event) in block.events.enumerated() {
        switch event.kind {
        case .primitive, .assertHeld: return true
        case .call, .indirectCall:
          if let s = summaries[b][n],
            !(s.acquisitions.isEmpty && s.exits.isEmpty && s.releases.isEmpty)
          {
            return true
          }
        case .assign: break
        }
      }
    }
    return false
  }

  /// Resolves each event's lock class and callee once, not on every fixpoint visit.
  private mutating func prepare() {
    classes = body.blocks.map { block in
      block.events.map { event in event.lock.map { resolver.lockClass($0, file: file) } }
    }
    summaries = body.blocks.map { block in
      block.events.map { event in
        if event.kind == .indirectCall, let ref = event.lock,
          let type = resolver.structType(of: ref, file: file)
        {
          return indirect(type, event.name)
        }
        guard event.kind == .call else { return nil }
        if !event.constantArguments.isEmpty,
          let summary = specialized(event.name, event.constantArguments)
        {
          return summary
        }
        return callee(event.name)
      }
    }
  }

  private func run() -> FunctionSummary {
    let blocks = body.blocks
    var initial = PathState()
    initial.known = initialFacts
    for ref in body.heldOnEntry {
      let held = HeldLock(lock: lockClass(ref), kind: .mutex,
        location: location(body.line, body.column))
      initial.held.append(HeldEntry(held: held, fromEntry: true))
    }
    let acquiredHere = explicitlyAcquired()
    var entry = [PathState?](repeating: nil, count: blocks.count)
    var visits = [Int](repeating: 0, count: blocks.count)
    entry[0] = initial
    var work = [0]
    var discard: Sink?
    while let b = work.popLast() {
      visits[b] += 1
      guard visits[b] <= limits.visitsPerBlock, let start = entry[b] else { continue }
      let out = transfer(blocks[b], block: b, state: start, sink: &discard, acquired: [])
      for (next, state) in successors(blocks[b].terminator, out) {
        guard next >= 0 && next < blocks.count else { continue }
        if let old = entry[next] {
          let merged = old.joined(with: state)
          if merged != old {
            entry[next] = merged
            work.append(next)
          }
        } else {
          entry[next] = state
          work.append(next)
        }
      }
    }
    var sink: Sink? = Sink()
    var exits: [(PathState, ReturnValue, Int)] = []
    for (b, block) in blocks.enumerated() {
      guard let start = entry[b] else { continue }
      let out = transfer(block, block: b, state: start, sink: &sink, acquired: acquiredHere)
      if case .returns(let value, let line) = block.terminator {
        exits.append((out, value, line))
      }
    }
    var result = FunctionSummary()
    let collected = sink ?? Sink()
    let ordered = collected.acquisitions.sorted {
      ($0.0.location.line, $0.0.location.column, $0.1)
        < ($1.0.location.line, $1.0.location.column, $1.1)
    }
    result.acquisitions = ordered.map(\.0)
    result.releasedBefore = ordered.map(\.2)
    result.releases = Array(Set(collected.releases)).sorted()
    result.imbalances = collected.imbalances
    summarizeExits(exits, acquiredHere: acquiredHere, into: &result)
    result.trylockRetries = collected.trylocks.compactMap { retry(for: $0, blocks: blocks) }
    return result
  }

  /// Classes taken in this function by a blocking primitive (imbalance candidates).
  private func explicitlyAcquired() -> Set<LockClass> {
    var result: Set<LockClass> = []
    for (b, block) in body.blocks.enumerated() {
      for (n, event) in block.events.enumerated() where event.kind == .primitive {
        if let p = knowledge.primitives[event.name], p.action == .acquire, !p.transient,
          p.heldWhen == nil, let lock = classes[b][n]
        {
          result.insert(lock)
        }
      }
    }
    return result
  }

  private func successors(_ terminator: Terminator, _ state: PathState) -> [(Int, PathState)] {
    switch terminator {
    case .jump(let next): return [(next, state)]
    case .multi(let targets): return targets.map { ($0, state) }
    case .returns: return []
    case .branch(let whenTrue, let whenFalse, let then, let otherwise):
      var result: [(Int, PathState)] = []
      if let s = state.refined(by: whenTrue) { result.append((then, s)) }
      if let s = state.refined(by: whenFalse) { result.append((otherwise, s)) }
      return result
    }
  }

  private func emit(
    _ original: Acquisition, released: Set<LockClass> = [], into sink: inout Sink?
  ) {
    guard sink != nil, sink!.acquisitions.count < limits.acquisitionsPerFunction else { return }
    var acquisition = original
    // A lock only maybe held here (a trylock's other branch, a switch on its result) is not
    // a recursion lockdep could see on one path: leave it out of this acquisition's stack.
    acquisition.held.removeAll { $0.lock == original.lock && $0.maybe }
    let key = AcquisitionKey(lock: acquisition.lock, mode: acquisition.mode,
      subclass: acquisition.subclass, isTrylock: acquisition.isTrylock,
      held: acquisition.held.map { HeldKey(lock: $0.lock, mode: $0.mode) },
      line: acquisition.location.line, column: acquisition.location.column)
    guard sink!.keys.insert(key).inserted else { return }
    sink!.sequence += 1
    sink!.acquisitions.append((acquisition, sink!.sequence, released.sorted()))
  }

  private func transfer(
    _ block: Block, block index: Int, state start: PathState, sink: inout Sink?,
    acquired: Set<LockClass>
  ) -> PathState {
    var state = start
    for (n, event) in block.events.enumerated() {
      let lock = classes[index][n] ?? LockClass("?", isResolved: false)
      let at = location(event.line, event.column)
      switch event.kind {
      case .assign:
        state.assign(event.name, from: event.source)
      case .assertHeld:
        if state.index(of: lock) == nil {
          let kind = knowledge.primitives[event.name]?.kind ?? .mutex
          state.held.append(HeldEntry(held: HeldLock(lock: lock, kind: kind, location: at),
            fromEntry: true))
        }
      case .call:
        guard let summary = summaries[index][n] else { continue }
        applyCall(summary, name: event.name, event: event, at: at, state: &state, sink: &sink)
      case .indirectCall:
        guard let summary = summaries[index][n] else { continue }
        applyCall(summary, name: nil, event: event, at: at, state: &state, sink: &sink)
      case .primitive:
        guard let p = knowledge.primitives[event.name] else { continue }
        primitive(p, event: event, lock: lock, at: at, block: index, state: &state,
          sink: &sink, acquired: acquired)
      }
    }
    return state
  }

  private func primitive(
    _ p: Primitive, event: Event, lock: LockClass, at: SourceLocation, block: Int,
    state: inout PathState, sink: inout Sink?, acquired: Set<LockClass>
  ) {
    switch p.action {
    case .acquire, .tryAcquire:
      let isTry = p.action == .tryAcquire
      var irq = state.irq
      irq.hardirqsDisabled = irq.hardirqsDisabled || p.disablesHardirqs
      irq.softirqsDisabled = irq.softirqsDisabled || p.disablesSoftirqs
      emit(Acquisition(lock: lock, kind: p.kind ?? .mutex, mode: p.mode ?? .write,
        subclass: event.subclass, isTrylock: isTry, acquireContext: event.acquireContext,
        irq: irq, held: state.heldLocks, function: body.name, location: at),
        released: state.released, into: &sink)
      if !p.transient { state.released.remove(lock) }
      guard !p.transient, state.index(of: lock, subclass: event.subclass) == nil else {
        return
      }
      var entry = HeldEntry(held: HeldLock(lock: lock, kind: p.kind ?? .mutex,
        mode: p.mode ?? .write, subclass: event.subclass, location: at))
      let when = p.heldWhen ?? (isTry ? .nonzero : nil)
      if let when, let value = event.value {
        entry.heldWhen = when
        entry.conditions = [value]
      }
      entry.disablesHardirqs = p.disablesHardirqs
      entry.disablesSoftirqs = p.disablesSoftirqs
      state.held.append(entry)
      if isTry, let value = event.value {
        sink?.trylocks.append((block, value, lock, at))
      }
    case .release:
      if let i = state.held.lastIndex(where: { $0.held.lock == lock }) {
        // Dropping a lock the caller passed in held (`drm_gem_handle_create_tail`): the
        // caller must not think it still holds it.
        if state.held[i].fromEntry {
          state.released.insert(lock)
          sink?.releases.append(lock)
        }
        state.held.remove(at: i)
      } else {
        state.released.insert(lock)
        sink?.releases.append(lock)
        if acquired.contains(lock) && lock.isResolved {
          sink?.imbalances.append(Imbalance(lock: lock, function: body.name, location: at,
            problem: .releaseNotHeld))
        }
      }
      if p.disablesHardirqs { state.hardirqsOff = false }
    case .assertHeld:
      if state.index(of: lock) == nil {
        state.held.append(HeldEntry(held: HeldLock(lock: lock, kind: p.kind ?? .mutex,
          mode: p.mode ?? .write, location: at), fromEntry: true))
      }
    case .implicit:
      if p.faults && state.pagefaultDisabled { return }
      var locks = p.implicitLocks
      if let prefix = p.completion {
        let item = lock
        var name = prefix + item.name
        if let fn = workFunction(for: event.lock) { name = prefix + fn }
        locks = [ImplicitLock(lock: LockClass(name, isResolved: item.isResolved),
          kind: .pseudo)]
      }
      implicit(locks, via: [p.name] + p.through, at: at, state: state, sink: &sink)
    case .allocation:
      implicit(reclaimLocks(event.gfp ?? []), via: [p.name] + p.through, at: at,
        state: state, sink: &sink)
    case .pagefaultDisable: state.pagefaultDisabled = true
    case .pagefaultEnable: state.pagefaultDisabled = false
    case .irqDisable: state.hardirqsOff = true
    case .irqEnable: state.hardirqsOff = false
    }
  }

  private func workFunction(for ref: LockRef?) -> String? {
    guard var ref else { return nil }
    for _ in 0..<2 {
      if let fn = workFunctions[lockClass(ref).name] { return fn }
      guard !ref.path.isEmpty else { return nil }
      ref.path.removeLast()
    }
    return nil
  }

  /// Pseudo-locks an allocation takes for its GFP mask; an unreadable mask takes none.
  private func reclaimLocks(_ flags: [String]) -> [ImplicitLock] {
    var bits: Set<String> = []
    var removed: Set<String> = []
    for flag in flags {
      if flag.hasPrefix("~") {
        removed.formUnion(knowledge.gfpFlags[String(flag.dropFirst())] ?? [])
      } else if let set = knowledge.gfpFlags[flag] {
        bits.formUnion(set)
      }
    }
    bits.subtract(removed)
    return knowledge.reclaimRules.filter { $0.requires.allSatisfy(bits.contains) }.map(\.lock)
  }

  private func implicit(
    _ locks: [ImplicitLock], via: [String], at: SourceLocation, state: PathState,
    sink: inout Sink?
  ) {
    guard sink != nil else { return }
    var held = state.heldLocks
    for il in locks {
      let lock = LockClass(knowledge.canonical(il.lock.name), isResolved: il.lock.isResolved)
      emit(Acquisition(lock: lock, kind: il.kind, mode: il.mode, irq: state.irq, held: held,
        function: body.name, location: at, via: via), released: state.released, into: &sink)
      held.append(HeldLock(lock: lock, kind: il.kind, mode: il.mode, location: at,
        via: via))
    }
  }

  private func applyCall(
    _ summary: FunctionSummary, name: String?, event: Event, at: SourceLocation,
    state: inout PathState, sink: inout Sink?
  ) {
    if sink != nil {
      let outer = state.heldLocks
      let irq = state.irq
      for (k, a) in summary.acquisitions.enumerated() where a.via.count < limits.depth {
        let dropped = k < summary.releasedBefore.count ? summary.releasedBefore[k] : []
        var held = outer.filter { h in !dropped.contains(h.lock) }
        var released = state.released
        for lock in dropped where !outer.contains(where: { $0.lock == lock }) {
          released.insert(lock)
        }
        for h in a.held where !held.contains(where: { $0.lock == h.lock }) {
          var moved = h
          moved.location = at
          moved.via = (name.map { [$0] } ?? []) + h.via
          held.append(moved)
        }
        var copy = a
        copy.held = held
        copy.function = body.name
        copy.location = at
        copy.via = (name.map { [$0] } ?? []) + a.via
        copy.irq.hardirqsDisabled = a.irq.hardirqsDisabled || irq.hardirqsDisabled
        copy.irq.softirqsDisabled = a.irq.softirqsDisabled || irq.softirqsDisabled
        emit(copy, released: released, into: &sink)
      }
    }
    for lock in summary.releases {
      if let i = state.index(of: lock) {
        state.held.remove(at: i)
      } else {
        state.released.insert(lock)
      }
    }
    for exit in summary.exits where state.index(of: exit.lock.lock) == nil {
      var held = exit.lock
      held.location = at
      held.via = (name.map { [$0] } ?? []) + held.via
      var entry = HeldEntry(held: held)
      if let when = exit.heldWhen, let value = event.value {
        entry.heldWhen = when
        entry.conditions = [value]
      }
      entry.disablesHardirqs = exit.disablesHardirqs
      entry.disablesSoftirqs = exit.disablesSoftirqs
      state.held.append(entry)
    }
  }
}
