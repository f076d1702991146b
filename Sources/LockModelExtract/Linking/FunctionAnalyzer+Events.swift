/// What each kind of event does to the path state, and the acquisitions it records.
extension FunctionAnalyzer {
  func primitive(
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
        subclass: subclass(of: event), isTrylock: isTry, acquireContext: event.acquireContext,
        irq: irq, held: state.heldLocks, function: body.name, location: at),
        released: state.released, into: &sink)
      if !p.transient {
        state.released.remove(lock)
        state.releasedOwn.remove(lock)
      }
      // A second instance of a held class is pushed too (lockdep would call it recursion
      // unless the classes differ by key), so each unlock pops one.
      guard !p.transient else { return }
      var entry = HeldEntry(held: HeldLock(lock: lock, kind: p.kind ?? .mutex,
        mode: p.mode ?? .write, subclass: subclass(of: event), location: at))
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
        } else {
          state.releasedOwn.insert(lock)
        }
        state.held.remove(at: i)
      } else {
        let doubleUnlock = state.releasedOwn.contains(lock)
        state.released.insert(lock)
        sink?.releases.append(lock)
        if doubleUnlock && acquired.contains(lock) && lock.isResolved {
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

  func workFunction(for ref: LockRef?) -> String? {
    guard var ref else { return nil }
    for _ in 0..<2 {
      if let fn = pass.linker.workFunctions[lockClass(ref).name] { return fn }
      guard !ref.path.isEmpty else { return nil }
      ref.path.removeLast()
    }
    return nil
  }

  /// Pseudo-locks an allocation takes for its GFP mask; an unreadable mask takes none.
  func reclaimLocks(_ flags: [String]) -> [ImplicitLock] {
    var bits: Set<String> = []
    var removed: Set<String> = []
    for flag in flags {
      if flag.hasPrefix("~") {
        removed.formUnion(pass.linker.knowledge.gfpFlags[String(flag.dropFirst())] ?? [])
      } else if let set = pass.linker.knowledge.gfpFlags[flag] {
        bits.formUnion(set)
      }
    }
    bits.subtract(removed)
    return pass.linker.knowledge.reclaimRules.filter { $0.requires.allSatisfy(bits.contains) }
      .map(\.lock)
  }

  func implicit(
    _ locks: [ImplicitLock], via: [String], at: SourceLocation, state: PathState,
    sink: inout Sink?
  ) {
    guard sink != nil else { return }
    var held = state.heldLocks
    for il in locks {
      let lock = LockClass(
        pass.linker.knowledge.canonical(il.lock.name), isResolved: il.lock.isResolved)
      emit(Acquisition(lock: lock, kind: il.kind, mode: il.mode, irq: state.irq, held: held,
        function: body.name, location: at, via: via), released: state.released, into: &sink)
      held.append(HeldLock(lock: lock, kind: il.kind, mode: il.mode, location: at,
        via: via))
    }
  }

  func applyCall(
    _ summary: FunctionSummary, name: String?, event: Event, at: SourceLocation,
    state: inout PathState, sink: inout Sink?
  ) {
    if sink != nil {
      let outer = state.heldLocks
      let irq = state.irq
      // The call chain one step longer: the callee's name in front, made in one piece.
      func through(_ via: [String]) -> [String] {
        guard let name else { return via }
        var longer: [String] = []
        longer.reserveCapacity(via.count + 1)
        longer.append(name)
        longer += via
        return longer
      }
      // By index, copying each acquisition once, into the caller's version of it.
      for index in summary.acquisitions.indices
      where summary.acquisitions[index].via.count < pass.linker.limits.depth {
        // A callee's user access runs under this caller's pagefault_disable() too (the
        // atomic fast path calls a helper that copies): it cannot fault, so takes nothing.
        if state.pagefaultDisabled,
          summary.acquisitions[index].via.contains(where: {
            pass.linker.knowledge.primitives[$0]?.faults == true
          })
        {
          continue
        }
        var copy = summary.acquisitions[index]
        let dropped = copy.releasedBefore
        var held = dropped.isEmpty ? outer : outer.filter { h in !dropped.contains(h.lock) }
        var released = state.released
        for lock in dropped where !outer.contains(where: { $0.lock == lock }) {
          released.insert(lock)
        }
        for h in copy.held where !held.contains(where: { $0.lock == h.lock }) {
          var moved = h
          moved.location = at
          moved.via = through(h.via)
          held.append(moved)
        }
        copy.held = held
        copy.function = body.name
        copy.location = at
        copy.via = through(copy.via)
        copy.irq.hardirqsDisabled = copy.irq.hardirqsDisabled || irq.hardirqsDisabled
        copy.irq.softirqsDisabled = copy.irq.softirqsDisabled || irq.softirqsDisabled
        emit(copy, released: released, into: &sink)
      }
    }
    // A callee dropping a lock it did not take drops a caller's: the release belongs in
    // this summary too (`unlock_all` → `drop_locks` → `unlock`). A ww_mutex class is held
    // as many instances in one acquire context, and a helper that drops one it did not take
    // walks the context's list and drops them all: the caller's instances too, even when
    // this function holds one of its own.
    for lock in summary.releases {
      if let i = state.index(of: lock) {
        let entry = state.held[i]
        if entry.fromEntry || entry.held.kind == .wwMutex {
          state.released.insert(lock)
          sink?.releases.append(lock)
        }
        state.held.remove(at: i)
      } else {
        state.released.insert(lock)
        sink?.releases.append(lock)
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
