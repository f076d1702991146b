import Dispatch
import LockModelExtract

/// Turns a tree model into a dependency graph with lockdep's rules, entry contexts and the
/// knowledge base's world paths (a primitive that enters a context runs that context's
/// entry functions under the locks its caller holds).
struct GraphBuilder {
  let knowledge: KnowledgeBase
  let model: TreeModel
  /// Pseudo-locks that stand for memory reclaim (`Simulator.reclaimLocks`).
  var reclaimLocks: Set<LockClass> = []

  /// How one root runs: nothing held (called from anywhere), or through an entry point.
  struct Variant {
    var held: [HeldLock]
    var irq: IRQUsage
    var context: String?
    var userHandle: String?
    var retriedOn: [String]
  }

  /// An entry function a context runs, with its site facts computed once. A class: every
  /// path into the context reads it, and a copy would retain each of its tables.
  private final class Entered: Sendable {
    let entry: EntryPoint
    let function: FunctionModel
    let sites: SiteFacts
    /// The first blocking acquisition of each class: enough to close any cycle through it.
    let firstByClass: [LockClass: Acquisition]
    let firstInClassOrder: [Acquisition]
    /// What the context holds on entry, the entry's own locks and the knowledge base's
    /// (named for this function): the same for every path that enters it.
    let held: Set<LockClass>

    init(entry: EntryPoint, function: FunctionModel, knowledge: KnowledgeBase) {
      self.entry = entry
      self.function = function
      let spec = knowledge.contexts[entry.context]
      held = Set(
        entry.held.map(\.lock) + (spec?.held.map { $0.lock.named(for: function.name) } ?? []))
      sites = SiteFacts(function.acquisitions)
      var first: [LockClass: Acquisition] = [:]
      for acquisition in function.acquisitions
      where !acquisition.isTrylock && first[acquisition.lock] == nil {
        first[acquisition.lock] = acquisition
      }
      firstByClass = first
      firstInClassOrder = first.keys.sorted().compactMap { first[$0] }
    }
  }

  /// An edge's identity with its hash worked out once, where the edge is made (on every
  /// core): folding the workers' tables into one then hashes integers, not call chains.
  private struct EdgeSlot: Hashable {
    var key: EdgeKey
    var context: String?
    let hash: Int

    init(_ edge: DependencyEdge) {
      key = edge.key
      context = edge.context
      var hasher = Hasher()
      hasher.combine(key)
      hasher.combine(context)
      hash = hasher.finalize()
    }

    static func == (a: EdgeSlot, b: EdgeSlot) -> Bool {
      a.hash == b.hash && a.key == b.key && a.context == b.context
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
  }

  /// Edges in insertion order with their slots, and where each slot's edge is: the
  /// earliest place wins.
  private struct Table {
    var edges: [DependencyEdge] = []
    var keys: [EdgeSlot] = []
    var slots: [EdgeSlot: Int] = [:]
  }

  private var edges = Table()
  private var recursions = Table()
  private var usages = Table()

  init(knowledge: KnowledgeBase, model: TreeModel, reclaimLocks: Set<LockClass> = []) {
    self.knowledge = knowledge
    self.model = model
    self.reclaimLocks = reclaimLocks
  }

  /// The graph of the model; with `only`, the edges, recursions and usages of those
  /// functions alone (retries and imbalances always come from the whole model).
  func build(only: Set<String>? = nil, called known: Set<String>? = nil) -> DependencyGraph
  {
    let functions = FunctionTable(model.functions)
    // Which functions are someone's callee is a pass over every acquisition: on the other
    // core while the entry points are made.
    let calledFound = SlotStore<Set<String>>(count: 1)
    let calling = DispatchGroup()
    if known == nil {
      let model = model
      DispatchQueue.global().async(group: calling) {
        calledFound[0] = Self.calledFunctions(model) { functions.contains($0) }
      }
    }
    let variantsByFunction = variants(functions: functions)
    var entriesByContext: [String: [Entered]] = [:]
    for entry in model.entries {
      guard let function = functions.lookup(entry.function, near: entry.registeredAt) else {
        continue
      }
      entriesByContext[entry.context, default: []].append(
        Entered(entry: entry, function: function, knowledge: knowledge))
    }
    calling.wait()
    let called = known ?? calledFound[0] ?? []
    let selected: [FunctionModel]
    if let only {
      let filter = NameFilter(only)
      let all = model.functions
      selected = all.indices.filter { filter.contains(all[$0].name) }.map { all[$0] }
    } else {
      selected = model.functions
    }
    // Functions are added in chunks on every core, each chunk into tables of its own; the
    // chunks' tables are then folded in order, which keeps the sequential result (the
    // earliest place of a slot wins, and a slot first seen earlier keeps its position).
    let chunks = selected.count < 256 ? 1 : min(64, selected.count / 64)
    let worker = self
    let entered = entriesByContext
    let parts = parallelMap(count: chunks, chunk: 1) { chunk -> Part in
      var builder = worker
      var shared = Table()
      let lower = selected.count * chunk / chunks
      let upper = selected.count * (chunk + 1) / chunks
      // By index: a loop over the values would copy every function.
      for f in lower..<upper {
        // Only functions of one name (statics of several files) can give one slot in two
        // chunks: their edges go to a table of their own, the only one folded across chunks.
        let isShared = functions.isShared(selected[f].name)
        if isShared { swap(&builder.edges, &shared) }
        // The whole model's functions are the table's, in its order.
        let id = only == nil ? f : functions.id(of: selected[f])
        let variants = variantsByFunction[id] ?? [builder.rootVariant]
        for variant in variants {
          // A helper only ever called runs in its callers' irq state, which their own
          // (re-rooted) acquisitions carry: on its own it would look irq-unsafe.
          let knowsIRQ = variant.context != nil || !called.contains(selected[f].name)
          builder.add(selected[f], in: variant, knowsIRQ: knowsIRQ, entriesByContext: entered)
        }
        if isShared { swap(&builder.edges, &shared) }
      }
      return Part(
        edges: builder.edges.edges, shared: shared, recursions: builder.recursions,
        usages: builder.usages)
    }
    // The edges of every chunk (each slot once: graph order is total, so the chunks'
    // order does not matter) and the shared names' edges folded in chunk order are sorted
    // on every core; recursions and usages fold, and the retries and imbalances of the
    // whole model are read, on another thread meanwhile.
    let model = model
    let (rest, edges) = beside({ () -> DependencyGraph in
      var recursions = Table()
      for part in parts { Self.fold(part.recursions, into: &recursions) }
      recursions.edges.sortInGraphOrder()
      var usages = Table()
      for part in parts { Self.fold(part.usages, into: &usages) }
      return DependencyGraph(
        edges: [], recursions: recursions.edges, usages: usages.edges,
        spins: worker.spins(functions: functions, variants: variantsByFunction),
        imbalances: model.functions.flatMap(\.imbalances).sorted {
          ($0.location, $0.lock, $0.function) < ($1.location, $1.lock, $1.function)
        })
    }) { () -> [DependencyEdge] in
      var shared = Table()
      for part in parts { Self.fold(part.shared, into: &shared) }
      var edges: [DependencyEdge] = []
      edges.reserveCapacity(parts.reduce(shared.edges.count) { $0 + $1.edges.count })
      for part in parts { edges += part.edges }
      edges += shared.edges
      edges.sortInGraphOrder()
      return edges
    }
    // The chunks' copies of every edge take milliseconds to free: another thread does it.
    DispatchQueue.global(qos: .utility).async { [parts] in _ = parts }
    var graph = rest
    graph.edges = edges
    return graph
  }

  /// What one chunk of functions gives: the edges of names only one function has (no
  /// other chunk can give their slots), the other names' edges, recursions and usages.
  private struct Part {
    var edges: [DependencyEdge]
    var shared: Table
    var recursions: Table
    var usages: Table
  }

  /// `part`'s edges inserted into `table` in order, with the slots `part` already hashed.
  private static func fold(_ part: Table, into table: inout Table) {
    for (edge, slot) in zip(part.edges, part.keys) { insert(edge, slot: slot, into: &table) }
  }

  /// Functions some other function's acquisitions go through (they are someone's callee),
  /// of those `isFunction` accepts.
  private static func calledFunctions(
    _ model: TreeModel, isFunction: (String) -> Bool
  ) -> Set<String> {
    var called: Set<String> = []
    var last: String?
    // By index: a loop over the values would copy every function and acquisition.
    let functions = model.functions
    for f in functions.indices {
      for a in functions[f].acquisitions.indices {
        // A function's acquisitions come through a callee in runs: its name is looked up
        // once a run.
        guard let first = functions[f].acquisitions[a].via.first, first != last else {
          continue
        }
        last = first
        if !called.contains(first), isFunction(first) { called.insert(first) }
      }
    }
    return called
  }

  private var rootVariant: Variant {
    Variant(held: [], irq: IRQUsage(), context: nil, userHandle: nil, retriedOn: [])
  }

  /// Entry points per function id; the entry's own held locks, or its context's from the
  /// knowledge base when the extractor left them out.
  func variants(functions: FunctionTable) -> [Int: [Variant]] {
    var result: [Int: [Variant]] = [:]
    var seen: Set<[String]> = []
    for entry in model.entries {
      guard let function = functions.lookup(entry.function, near: entry.registeredAt) else {
        continue
      }
      let spec = knowledge.contexts[entry.context]
      var held = entry.held
      if held.isEmpty, let spec {
        held = spec.held.map {
          HeldLock(
            lock: $0.lock.named(for: entry.function), kind: $0.kind, mode: $0.mode,
            location: entry.registeredAt)
        }
      }
      var irq = entry.irq
      if let spec { irq = irq.union(spec.irq) }
      let retried =
        entry.retriedOn
        + (spec?.retriedOn ?? []).filter {
          !entry.retriedOn.contains($0)
        }
      let id = functions.id(of: function)
      // One variant per context: several registrations of one handler add nothing new.
      guard seen.insert(["\(id)", entry.context]).inserted else { continue }
      result[id, default: []].append(
        Variant(
          held: held, irq: irq, context: entry.context, userHandle: entry.userHandle,
          retriedOn: retried))
    }
    return result
  }

  private mutating func add(
    _ function: FunctionModel, in variant: Variant, knowsIRQ: Bool,
    entriesByContext: [String: [Entered]]
  ) {
    let sites = SiteFacts(function.acquisitions)
    // By index: a loop over the values would copy every acquisition, held lock and entry.
    let acquisitions = function.acquisitions
    for a in acquisitions.indices {
      // A lock the core holds on entry that the function dropped before this point (a
      // handler that releases mmap_lock, then copies) is not held here.
      let entryHeld = variant.held.filter { !acquisitions[a].releasedBefore.contains($0.lock) }
      let held = merged(entryHeld, acquisitions[a].held)
      var irq = acquisitions[a].irq.union(variant.irq)
      // Most functions have no such site: then no held lock needs hashing.
      if !sites.hardirqsOff.isEmpty, held.contains(where: { sites.hardirqsOff.contains(Site($0)) })
      {
        irq.hardirqsDisabled = true
      }
      if !sites.softirqsOff.isEmpty, held.contains(where: { sites.softirqsOff.contains(Site($0)) })
      {
        irq.softirqsDisabled = true
      }
      var template = DependencyEdge(
        from: acquisitions[a].lock, to: acquisitions[a].lock, toMode: acquisitions[a].mode,
        function: function.name, location: acquisitions[a].location,
        heldSince: acquisitions[a].location, via: acquisitions[a].via, context: variant.context,
        userHandle: variant.userHandle, held: held, toKind: acquisitions[a].kind,
        toSubclass: acquisitions[a].subclass, irq: irq,
        trylockedHeld: sites.trylocks.isEmpty
          ? [] : held.indices.filter { sites.trylocks.contains(Site(held[$0])) })
      template.guessed = acquisitions[a].guessed
      if acquisitions[a].kind.spins, knowsIRQ || irq.inHardirq || irq.inSoftirq {
        Self.insert(template, into: &usages)
      }
      // Trylocks never wait, so lockdep adds no dependency for them.
      guard !acquisitions[a].isTrylock else { continue }
      // Reclaim does not recurse: the allocating task runs with PF_MEMALLOC, so an
      // allocation inside reclaim (a shrinker's) neither reclaims nor runs the shrinkers.
      if reclaimLocks.contains(acquisitions[a].lock),
        held.contains(where: { reclaimLocks.contains($0.lock) })
      {
        continue
      }
      // Recursion is checked against every held lock; a dependency comes only from the
      // most recent one, as lockdep's check_prevs_add() records it (the older ones reach
      // the new lock through it).
      for h in held.indices where held[h].lock == acquisitions[a].lock {
        addDependency(held[h], template, acquisition: acquisitions[a], sites: sites)
      }
      for index in Self.recent(held, trylocked: template.trylockedHeld)
      where held[index].lock != acquisitions[a].lock {
        addDependency(held[index], template, acquisition: acquisitions[a], sites: sites)
      }
      if let primitive = acquisitions[a].via.last.flatMap({ knowledge.primitives[$0] }),
        let context = primitive.enters, let entered = entriesByContext[context],
        entersHere(primitive, acquisitions[a])
      {
        let outer = merged(held, [HeldLock(acquisitions[a])])
        for t in entered.indices {
          addWorld(outer, template, into: entered[t], context: context)
        }
      }
    }
  }

  /// The held locks a new acquisition depends on directly, innermost first: lockdep walks
  /// down from the most recent lock and stops after the first one that is neither a
  /// trylock nor held only on some paths; recursive readers add no dependency.
  static func recent(_ held: [HeldLock], trylocked: [Int]) -> [Int] {
    var result: [Int] = []
    for index in held.indices.reversed() {
      let lock = held[index]
      if lock.mode == .read, lock.kind.hasRecursiveReaders { continue }
      result.append(index)
      if !lock.maybe, !trylocked.contains(index) { break }
    }
    return result
  }

  /// A primitive runs the context once it holds all its implicit locks: at the last one
  /// (an allocation's reclaim lock comes from the GFP rules, so it has no list).
  private func entersHere(_ primitive: Primitive, _ acquisition: Acquisition) -> Bool {
    guard let last = primitive.implicitLocks.last?.lock.name else { return true }
    return (knowledge.aliases[last] ?? last) == acquisition.lock.name
  }

  /// The path continues into an entered context's function with `outer` held (a user copy
  /// that faults runs the fault handler; an allocation that reclaims runs the shrinkers).
  ///
  /// When the context holds the lock the primitive takes (the fault runs under the
  /// mmap_lock the copy takes), the graph already goes `outer → that lock → the handler's
  /// locks`, so only the re-entries (`outer` lock taken again by the handler: the same task
  /// deadlocking on itself) are added. Otherwise every `outer → handler lock` edge is.
  private mutating func addWorld(
    _ outer: [HeldLock], _ template: DependencyEdge, into entered: Entered, context: String
  ) {
    let enteredHeld = entered.held
    // The primitive's own lock decides, even when the task already held it (a notifier
    // zapping mappings re-enters the notifier context it runs in).
    let bridged = enteredHeld.contains(template.to)
    let inners: [Acquisition]
    if bridged {
      inners = outer.compactMap { lock in
        enteredHeld.contains(lock.lock) ? nil : entered.firstByClass[lock.lock]
      }
    } else {
      inners = entered.firstInClassOrder
    }
    for inner in inners {
      let innerHeld = inner.held.filter { !enteredHeld.contains($0.lock) }
      let stack = merged(outer, innerHeld)
      var edge = template
      edge.to = inner.lock
      edge.toMode = inner.mode
      edge.toKind = inner.kind
      edge.toSubclass = inner.subclass
      edge.via = template.via + [entered.function.name] + inner.via
      edge.held = stack
      let enteredTrylocks = entered.sites.trylocks
      edge.trylockedHeld = stack.indices.filter {
        $0 >= outer.count
          ? !enteredTrylocks.isEmpty && enteredTrylocks.contains(Site(stack[$0]))
          : template.trylockedHeld.contains($0)
      }
      edge.entered = context
      edge.irq = template.irq.union(inner.irq)
      edge.guessed = template.guessed || inner.guessed
      for lock in outer where lock.lock == inner.lock && !enteredHeld.contains(lock.lock) {
        addDependency(lock, edge, acquisition: inner, sites: nil)
      }
      // Past its first lock the entry function's own edges carry on.
      if !bridged, innerHeld.isEmpty {
        for index in Self.recent(outer, trylocked: template.trylockedHeld)
        where outer[index].lock != inner.lock {
          addDependency(outer[index], edge, acquisition: inner, sites: nil)
        }
      }
    }
  }

  private mutating func addDependency(
    _ outer: HeldLock, _ template: DependencyEdge, acquisition: Acquisition, sites: SiteFacts?
  ) {
    var edge = template
    edge.from = outer.lock
    edge.fromMode = outer.mode
    edge.heldSince = outer.location
    if outer.lock == edge.to {
      guard recursionReports(outer, acquisition) else { return }
      Self.insert(edge, into: &recursions)
      return
    }
    // Wound/wait: ww_mutexes taken in one acquire context back off instead of deadlocking.
    if outer.kind == .wwMutex, acquisition.kind == .wwMutex,
      let context = acquisition.acquireContext,
      sites?.acquireContexts[Site(outer)].map({ $0 == context }) ?? true
    {
      return
    }
    // Lockdep keys a nested acquisition (`mutex_lock_nested(…, 1)`) as a class of its own,
    // printed `name/1`: a dependency through another subclass is not the same node.
    edge.from = Self.node(outer.lock, subclass: outer.subclass)
    edge.to = Self.node(edge.to, subclass: edge.toSubclass)
    Self.insert(edge, into: &edges)
  }

  /// The dependency-graph node of a lock taken at `subclass`; -1 is a subclass the caller
  /// decides, unknown here but never the default one.
  static func node(_ lock: LockClass, subclass: Int) -> LockClass {
    guard subclass != 0 else { return lock }
    var node = lock
    node.name += subclass > 0 ? "/\(subclass)" : "/?"
    return node
  }

  /// Lockdep's AA rules: another subclass is another lock (`_nested`); recursive readers
  /// and ww_mutexes in an acquire context (which return -EALREADY) do not deadlock.
  private func recursionReports(_ outer: HeldLock, _ inner: Acquisition) -> Bool {
    if outer.subclass != inner.subclass { return false }
    if outer.mode == .read, inner.mode == .read, inner.kind.hasRecursiveReaders { return false }
    if inner.kind == .wwMutex, inner.acquireContext != nil { return false }
    return true
  }

  private static func insert(_ edge: DependencyEdge, into table: inout Table) {
    insert(edge, slot: EdgeSlot(edge), into: &table)
  }

  private static func insert(_ edge: DependencyEdge, slot: EdgeSlot, into table: inout Table) {
    if let index = table.slots[slot] {
      // The same dependency known for sure beats a guessed one, wherever it is.
      let kept = table.edges[index]
      if edge.guessed != kept.guessed ? kept.guessed : edge.location < kept.location {
        table.edges[index] = edge
      }
      return
    }
    table.slots[slot] = table.edges.count
    table.edges.append(edge)
    table.keys.append(slot)
  }

  /// `outer` then `inner`, without repeating a lock `outer` already holds at that
  /// subclass (a callee asserting the entry's lock held).
  private func merged(_ outer: [HeldLock], _ inner: [HeldLock]) -> [HeldLock] {
    if outer.isEmpty { return inner }
    var result = outer
    for lock in inner
    where !outer.contains(where: { $0.lock == lock.lock && $0.subclass == lock.subclass }) {
      result.append(lock)
    }
    return result
  }
}

/// An acquisition site: a lock taken at a place in a root function.
struct Site: Hashable {
  var lock: LockClass
  var location: SourceLocation

  init(_ held: HeldLock) {
    lock = held.lock
    location = held.location
  }

  init(_ acquisition: Acquisition) {
    lock = acquisition.lock
    location = acquisition.location
  }
}

/// Sites in one function that disable interrupts (`spin_lock_irqsave`), name an acquire
/// context, or are trylocks, so what is taken under them knows it.
struct SiteFacts {
  var hardirqsOff: Set<Site> = []
  var softirqsOff: Set<Site> = []
  var acquireContexts: [Site: String] = [:]
  var trylocks: Set<Site> = []

  init(_ acquisitions: [Acquisition]) {
    // By index, reading the flags first: most acquisitions make no site fact, and a loop
    // over the values would copy each.
    for index in acquisitions.indices {
      let isTrylock = acquisitions[index].isTrylock
      let irq = acquisitions[index].irq
      let context = acquisitions[index].acquireContext
      guard isTrylock || irq.hardirqsDisabled || irq.softirqsDisabled || context != nil
      else { continue }
      let site = Site(acquisitions[index])
      if isTrylock { trylocks.insert(site) }
      if irq.hardirqsDisabled { hardirqsOff.insert(site) }
      if irq.softirqsDisabled { softirqsOff.insert(site) }
      if let context { acquireContexts[site] = context }
    }
  }
}

extension HeldLock {
  init(_ acquisition: Acquisition) {
    self.init(
      lock: acquisition.lock, kind: acquisition.kind, mode: acquisition.mode,
      subclass: acquisition.subclass, location: acquisition.location, via: acquisition.via,
      maybe: acquisition.maybe)
  }
}

extension LockClass {
  /// A context's held lock may name the entry function (a work item's completion
  /// pseudo-lock): `{function}` stands for it.
  func named(for function: String) -> LockClass {
    // A byte test first: Foundation's substring search, called per held lock per edge, was
    // a tenth of building the corpus graph.
    guard name.utf8.contains(UInt8(ascii: "{")), name.contains("{function}") else { return self }
    return LockClass(
      name.replacing("{function}", with: function), isResolved: isResolved)
  }
}

extension IRQUsage {
  func union(_ other: IRQUsage) -> IRQUsage {
    IRQUsage(
      inHardirq: inHardirq || other.inHardirq, inSoftirq: inSoftirq || other.inSoftirq,
      hardirqsDisabled: hardirqsDisabled || other.hardirqsDisabled,
      softirqsDisabled: softirqsDisabled || other.softirqsDisabled)
  }
}
