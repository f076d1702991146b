/// Runs one function's control-flow graph to a fixpoint of lock states and reads off its
/// summary: acquisitions with held sets, locks left held per return value, releases of
/// the caller's locks, trylock retries and imbalances.
struct FunctionAnalyzer {
  let body: FunctionBody
  let file: String
  /// The tree's tables and the callee summaries computed so far.
  let pass: SummaryPass
  /// The file's static functions, which calls resolve to first.
  let local: [String: Int]?
  /// Callee summaries are read below this call-graph level (recursion is cut there).
  let limit: Int
  /// Calls are specialised for constant arguments this many callees deep.
  let depth: Int
  /// What each event in block order calls directly (-1: nothing); empty when not known,
  /// and calls are then resolved by name.
  let calls: [Int32]
  /// Facts known on entry (constant arguments of the call being specialised for).
  var initialFacts: [String: ValueFact.Predicate] = [:]
  /// False past the specialisation depth: calls are specialised for literal arguments
  /// only, not for this function's own parameters passed on.
  var passesFactsOn = true
  /// Numbers known on entry: parameters the caller passed a constant in (a subclass).
  var initialValues: [String: Int] = [:]
  /// Member tests (`ops:` branch facts) this function's branches make that the tree
  /// decides; the others are dropped, since a member can change between two tests.
  var decidedMembers: [String: ValueFact.Predicate] = [:]
  /// Ops tables known on entry, by `variable.member` (`e.funcs`): the object an ops
  /// callback was called for, or the object the caller passed.
  var initialTables: [String: Set<String>] = [:]
  /// Per event, in block order: block `b`'s events start at `offsets[b]`. One flat list,
  /// not one per block: an analyzer is made for every function of the tree.
  var classes: [LockClass?] = []
  var summaries: [FunctionSummary?] = []
  var offsets: [Int] = []

  init(
    body: FunctionBody, file: String, pass: SummaryPass, local: [String: Int]?, limit: Int,
    depth: Int, calls: [Int32] = []
  ) {
    self.body = body
    self.file = file
    self.pass = pass
    self.local = local
    self.limit = limit
    self.depth = depth
    self.calls = calls
  }

  struct Sink {
    var acquisitions: [(Acquisition, Int, [LockClass])] = []
    var keys: Set<AcquisitionKey> = []
    var sequence = 0
    var releases: [LockClass] = []
    var imbalances: [Imbalance] = []
    var trylocks: [(block: Int, value: String, lock: LockClass, at: SourceLocation)] = []
  }

  struct HeldKey: Hashable {
    var lock: LockClass
    var mode: LockMode
  }

  struct AcquisitionKey: Hashable {
    var lock: LockClass
    var mode: LockMode
    var subclass: Int
    var isTrylock: Bool
    var guessed: Bool
    var held: [HeldKey]
    var line: Int
    var column: Int
  }

  /// The lockdep subclass of a primitive's acquisition: a name is looked up among the
  /// parameters' known values and the named constants; -1 when still unknown.
  func subclass(of event: Event) -> Int {
    guard let name = event.subclassName else { return event.subclass }
    return initialValues[name] ?? pass.linker.constants[name] ?? event.subclass
  }

  func location(_ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  func lockClass(_ ref: LockRef?) -> LockClass {
    guard let ref else { return LockClass("?", isResolved: false) }
    return pass.linker.resolver.lockClass(ref, file: file)
  }

  func analyze() -> FunctionSummary {
    var analyzer = self
    // Prepared from `self`, not in a mutating method of the copy: a non-mutating call on a
    // mutable self copies all of the analyzer's fields for every event.
    let prepared = prepared()
    analyzer.decidedMembers = prepared.decided
    analyzer.classes = prepared.classes
    analyzer.summaries = prepared.summaries
    analyzer.offsets = prepared.offsets
    guard analyzer.mayDoAnything else { return FunctionSummary() }
    return analyzer.run()
  }

  /// False for the many functions that touch no lock, directly or through a callee: they
  /// need no fixpoint.
  var mayDoAnything: Bool {
    if !body.heldOnEntry.isEmpty { return true }
    // By index: a loop over the values would copy every event.
    let blocks = body.blocks
    for b in blocks.indices {
      let events = blocks[b].events
      for n in events.indices {
        switch events[n].kind {
        case .primitive, .assertHeld: return true
        case .call, .indirectCall:
          if let s = summaries[offsets[b] + n],
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

  /// What is known of each argument of a call: literal constants, flag constants, and
  /// facts about this function's own parameters passed on.
  private func argumentFacts(of event: Event) -> [ArgumentFacts] {
    let count = max(event.constantArguments.count, event.argumentNames.count,
      event.argumentFlags.count)
    var result = [ArgumentFacts](repeating: ArgumentFacts(), count: count)
    for (i, truth) in event.constantArguments.enumerated() { result[i].truth = truth }
    for (i, flags) in event.argumentFlags.enumerated() { result[i].flags = flags }
    guard passesFactsOn, !initialFacts.isEmpty || !initialValues.isEmpty || !initialTables.isEmpty
    else { return result }
    for (i, name) in event.argumentNames.enumerated() {
      guard let name else { continue }
      result[i].tables = tables(of: name)
      result[i].known = initialValues[name]
      if result[i].truth == nil { result[i].truth = initialFacts[name] }
      let prefix = name + "&"
      for (key, value) in initialFacts where key.hasPrefix(prefix) {
        result[i].bits[String(key.dropFirst(prefix.count))] = value
      }
    }
    return result
  }

  /// The known tables of `variable`'s members, keyed by member.
  private func tables(of variable: String) -> [String: Set<String>] {
    guard !initialTables.isEmpty else { return [:] }
    var result: [String: Set<String>] = [:]
    let prefix = variable + "."
    for (key, tables) in initialTables where key.hasPrefix(prefix) {
      result[String(key.dropFirst(prefix.count))] = tables
    }
    return result
  }

  /// Resolves each event's lock class and callee once, not on every fixpoint visit.
  func prepared() -> (
    decided: [String: ValueFact.Predicate], classes: [LockClass?],
    summaries: [FunctionSummary?], offsets: [Int]
  ) {
    var decided = decidedMembers
    for block in body.blocks {
      guard case .branch(let t, let f, _, _) = block.terminator else { continue }
      for fact in t + f where fact.value.hasPrefix("ops:") {
        if let test = memberTest(fact.value) { decided[fact.value] = test }
      }
    }
    func summary(of event: Event, at index: Int) -> FunctionSummary? {
      if event.kind == .indirectCall, let ref = event.lock,
        let type = pass.linker.resolver.structType(of: ref, file: file)
      {
        var known: Set<String>?
        if let receiver = event.receiver, ref.path.count == 1 {
          known = initialTables[receiver + "." + ref.path[0]]
        }
        return pass.indirect(type, event.name, pinned: known, from: file, below: limit)
      }
      guard event.kind == .call else { return nil }
      let callee =
        calls.isEmpty
        ? pass.linker.resolve(event.name, from: file, statics: local)
        : calls[index] < 0 ? nil : Int(calls[index])
      let arguments = argumentFacts(of: event)
      if arguments.contains(where: { !$0.isEmpty }),
        let summary = pass.specialized(callee, arguments, below: limit, depth: depth)
      {
        return summary
      }
      return pass.callee(callee, below: limit)
    }
    var classes: [LockClass?] = []
    var summaries: [FunctionSummary?] = []
    var offsets: [Int] = []
    offsets.reserveCapacity(body.blocks.count)
    // By index: a loop over the values would copy every event.
    let blocks = body.blocks
    for b in blocks.indices {
      offsets.append(classes.count)
      let events = blocks[b].events
      for n in events.indices {
        classes.append(events[n].lock.map { pass.linker.resolver.lockClass($0, file: file) })
        summaries.append(summary(of: events[n], at: classes.count - 1))
      }
    }
    return (decided, classes, summaries, offsets)
  }

  func run() -> FunctionSummary {
    let blocks = body.blocks
    var initial = PathState()
    initial.known = initialFacts.merging(decidedMembers) { given, _ in given }
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
      guard visits[b] <= pass.linker.limits.visitsPerBlock, let start = entry[b] else { continue }
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
    result.acquisitions = ordered.map { entry in
      var a = entry.0
      a.releasedBefore = entry.2
      return a
    }
    result.releases = Array(Set(collected.releases)).sorted()
    result.imbalances = collected.imbalances
    summarizeExits(exits, acquiredHere: acquiredHere, releasedHere: explicitlyReleased(),
      into: &result)
    result.trylockRetries = collected.trylocks.compactMap { retry(for: $0, blocks: blocks) }
    return result
  }

  /// Classes taken in this function by a blocking primitive (imbalance candidates).
  /// Classes this function releases itself (a function that never does is a lock helper
  /// by contract, whatever its exits look like).
  func explicitlyReleased() -> Set<LockClass> {
    var result: Set<LockClass> = []
    let blocks = body.blocks
    for b in blocks.indices {
      let events = blocks[b].events
      for n in events.indices where events[n].kind == .primitive {
        if pass.linker.knowledge.primitives[events[n].name]?.action == .release,
          let lock = classes[offsets[b] + n]
        {
          result.insert(lock)
        }
      }
    }
    return result
  }

  func explicitlyAcquired() -> Set<LockClass> {
    var result: Set<LockClass> = []
    let blocks = body.blocks
    for b in blocks.indices {
      let events = blocks[b].events
      for n in events.indices where events[n].kind == .primitive {
        if let p = pass.linker.knowledge.primitives[events[n].name], p.action == .acquire,
          !p.transient, p.heldWhen == nil, let lock = classes[offsets[b] + n]
        {
          result.insert(lock)
        }
      }
    }
    return result
  }

  /// `nonzero` when the tested member (`ops:drm_device|driver.gem_free_object_unlocked`)
  /// is one every table of its struct sets; nil when the tree does not decide it.
  func memberTest(_ key: String) -> ValueFact.Predicate? {
    let parts = key.dropFirst(4).split(separator: "|", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return nil }
    var path = parts[1].split(separator: ".").map(String.init)
    guard let member = path.popLast() else { return nil }
    let owner: String?
    if path.isEmpty {
      owner = pass.linker.resolver.resolve(parts[0])
    } else {
      owner = pass.linker.resolver.structType(
        of: LockRef(base: .typed(parts[0]), path: path), file: file)
    }
    guard let owner, pass.linker.membersAlwaysSet.contains(owner + "." + member) else { return nil }
    return .nonzero
  }

  func successors(_ terminator: Terminator, _ state: PathState) -> [(Int, PathState)] {
    switch terminator {
    case .jump(let next): return [(next, state)]
    case .multi(let targets): return targets.map { ($0, state) }
    case .returns: return []
    case .branch(let allTrue, let allFalse, let then, let otherwise):
      // Only the table is captured: a closure capturing self would copy the analyzer.
      let members = decidedMembers
      let decided: (ValueFact) -> Bool = {
        !$0.value.hasPrefix("ops:") || members[$0.value] != nil
      }
      let whenTrue = allTrue.filter(decided)
      let whenFalse = allFalse.filter(decided)
      var result: [(Int, PathState)] = []
      if let s = state.refined(by: whenTrue) { result.append((then, s)) }
      if let s = state.refined(by: whenFalse) { result.append((otherwise, s)) }
      return result
    }
  }

  func emit(
    _ original: Acquisition, released: Set<LockClass> = [], into sink: inout Sink?
  ) {
    guard sink != nil, sink!.acquisitions.count < pass.linker.limits.acquisitionsPerFunction
    else { return }
    var acquisition = original
    // A lock only maybe held here (a trylock's other branch, a switch on its result) is not
    // a recursion lockdep could see on one path: leave it out of this acquisition's stack.
    acquisition.held.removeAll { $0.lock == original.lock && $0.maybe }
    let key = AcquisitionKey(lock: acquisition.lock, mode: acquisition.mode,
      subclass: acquisition.subclass, isTrylock: acquisition.isTrylock,
      guessed: acquisition.guessed,
      held: acquisition.held.map { HeldKey(lock: $0.lock, mode: $0.mode) },
      line: acquisition.location.line, column: acquisition.location.column)
    guard sink!.keys.insert(key).inserted else { return }
    sink!.sequence += 1
    sink!.acquisitions.append((acquisition, sink!.sequence, released.sorted()))
  }

  func transfer(
    _ block: Block, block index: Int, state start: PathState, sink: inout Sink?,
    acquired: Set<LockClass>
  ) -> PathState {
    var state = start
    // By index: a loop over the values would copy every event on every visit.
    let events = block.events
    for n in events.indices {
      let at = location(events[n].line, events[n].column)
      switch events[n].kind {
      case .assign:
        state.assign(events[n].name, from: events[n].source)
      case .assertHeld:
        let lock = classes[offsets[index] + n] ?? LockClass("?", isResolved: false)
        if state.index(of: lock) == nil {
          let kind = pass.linker.knowledge.primitives[events[n].name]?.kind ?? .mutex
          state.held.append(HeldEntry(held: HeldLock(lock: lock, kind: kind, location: at),
            fromEntry: true))
        }
      case .call:
        guard let summary = summaries[offsets[index] + n] else { continue }
        applyCall(
          summary, name: events[n].name, event: events[n], at: at, state: &state, sink: &sink)
      case .indirectCall:
        guard let summary = summaries[offsets[index] + n] else { continue }
        applyCall(summary, name: nil, event: events[n], at: at, state: &state, sink: &sink)
      case .primitive:
        guard let p = pass.linker.knowledge.primitives[events[n].name] else { continue }
        let lock = classes[offsets[index] + n] ?? LockClass("?", isResolved: false)
        primitive(p, event: events[n], lock: lock, at: at, block: index, state: &state,
          sink: &sink, acquired: acquired)
      }
    }
    return state
  }
}
