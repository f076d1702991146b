/// A lock held on a path inside the function being analysed.
struct HeldEntry: Hashable, Sendable {
  var held: HeldLock
  /// Value ids (calls, variables) whose test decides whether the lock is really held.
  var conditions: Set<String> = []
  /// The result of those values that means "held"; nil when held unconditionally.
  var heldWhen: ValueFact.Predicate?
  /// Asserted held on entry (or by an annotation): the caller's lock, not ours.
  var fromEntry = false
  var disablesHardirqs = false
  var disablesSoftirqs = false

  var isDefinite: Bool { !held.maybe && heldWhen == nil }
}

/// Lock state along the paths reaching a program point; `join` merges two of them.
struct PathState: Hashable, Sendable {
  var held: [HeldEntry] = []
  var pagefaultDisabled = false
  var hardirqsOff = false
  /// Facts a branch established about values (`ret` is zero on the else side of `if (ret)`).
  var known: [String: ValueFact.Predicate] = [:]
  /// Variables holding a named constant (`ret = VM_FAULT_NOPAGE`).
  var constants: [String: String] = [:]
  /// The caller's locks released on this path (released here without being taken here).
  var released: Set<LockClass> = []
  /// Locks this function took and then released on every path here: releasing one again
  /// is a double unlock, not the caller's lock being dropped.
  var releasedOwn: Set<LockClass> = []

  func index(of lock: LockClass) -> Int? { held.firstIndex { $0.held.lock == lock } }

  /// Two instances of one class are both on the stack only under different subclasses
  /// (`mutex_lock_nested`), as lockdep keeps them.
  func index(of lock: LockClass, subclass: Int) -> Int? {
    held.firstIndex { $0.held.lock == lock && $0.held.subclass == subclass }
  }

  /// The held locks as lockdep's held stack, outermost first.
  var heldLocks: [HeldLock] {
    held.map { entry in
      var lock = entry.held
      if entry.heldWhen != nil { lock.maybe = true }
      return lock
    }
  }

  var irq: IRQUsage {
    IRQUsage(hardirqsDisabled: hardirqsOff || held.contains { $0.disablesHardirqs },
      softirqsDisabled: held.contains { $0.disablesSoftirqs })
  }

  /// A value both sides know, with opposite facts: what tells one side from the other.
  /// The first such value by name, so the choice does not depend on hashing order.
  private func distinguishing(_ other: PathState) -> String? {
    var first: String?
    for (key, mine) in known {
      guard let theirs = other.known[key], mine != theirs else { continue }
      if first.map({ key < $0 }) ?? true { first = key }
    }
    return first
  }

  /// `entry`, held on this side only, as held exactly when `value` has this side's fact
  /// (`if (!resv) lock(); … if (!resv) unlock();` stays balanced), or as maybe held.
  private func heldOnlyHere(_ entry: HeldEntry, telling value: String?) -> HeldEntry {
    var copy = entry
    if let value, entry.isDefinite, let fact = known[value] {
      copy.heldWhen = fact
      copy.conditions = [value]
    } else {
      copy.held.maybe = true
    }
    return copy
  }

  /// Union with `maybe` for what only one side holds (a lock held on one path only),
  /// unless a value known on both sides tells the paths apart.
  func joined(with other: PathState) -> PathState {
    var result = self
    // Looked for only when one side holds a lock the other does not: most joins agree.
    var mine: String??
    for (i, entry) in held.enumerated() {
      guard let j = other.index(of: entry.held.lock, subclass: entry.held.subclass) else {
        if mine == nil { mine = .some(distinguishing(other)) }
        result.held[i] = heldOnlyHere(entry, telling: mine ?? nil)
        continue
      }
      let theirs = other.held[j]
      if theirs.held.maybe { result.held[i].held.maybe = true }
      // Held on one result on both sides, each tested through the variable both assigned
      // it to (`ret = lock_a() … else ret = lock_b()`): still held exactly on that result.
      let shared = entry.conditions.intersection(theirs.conditions)
      if let when = entry.heldWhen, theirs.heldWhen == when, !shared.isEmpty {
        result.held[i].conditions = shared
      } else if theirs.heldWhen != entry.heldWhen || theirs.conditions != entry.conditions {
        if entry.heldWhen != nil || theirs.heldWhen != nil {
          result.held[i].heldWhen = nil
          result.held[i].conditions = []
          result.held[i].held.maybe = true
        }
      }
      result.held[i].fromEntry = entry.fromEntry && theirs.fromEntry
    }
    var theirs: String??
    for entry in other.held
    where index(of: entry.held.lock, subclass: entry.held.subclass) == nil {
      if theirs == nil { theirs = .some(other.distinguishing(self)) }
      result.held.append(other.heldOnlyHere(entry, telling: theirs ?? nil))
    }
    result.released = released.union(other.released)
    result.releasedOwn = releasedOwn.intersection(other.releasedOwn)
    result.pagefaultDisabled = pagefaultDisabled || other.pagefaultDisabled
    result.hardirqsOff = hardirqsOff || other.hardirqsOff
    if known != other.known {
      result.known = known.filter { other.known[$0.key] == $0.value }
    }
    if constants != other.constants {
      result.constants = constants.filter { other.constants[$0.key] == $0.value }
    }
    return result
  }

  /// The state on the side of a branch where `facts` hold, or nil when that side cannot
  /// be taken (a value already known to be the opposite).
  func refined(by facts: [ValueFact]) -> PathState? {
    var result = self
    for fact in facts {
      if fact.settlesOnly {
        for i in result.held.indices {
          let entry = result.held[i]
          guard entry.heldWhen == fact.predicate, entry.conditions.contains(fact.value)
          else { continue }
          result.held[i].heldWhen = nil
          result.held[i].conditions = []
        }
        continue
      }
      if let already = known[fact.value], already != fact.predicate { return nil }
      result.known[fact.value] = fact.predicate
      result.held = result.held.compactMap { entry in
        guard let when = entry.heldWhen, entry.conditions.contains(fact.value) else {
          return entry
        }
        guard when == fact.predicate else { return nil }
        var settled = entry
        settled.heldWhen = nil
        settled.conditions = []
        return settled
      }
    }
    return result
  }

  /// `variable = source`: conditions and facts follow the value into the variable.
  mutating func assign(_ variable: String, from source: String?) {
    for i in held.indices { held[i].conditions.remove(variable) }
    known[variable] = nil
    constants[variable] = nil
    guard let source else { return }
    if source.hasPrefix("=") {
      let constant = String(source.dropFirst())
      if constant == "0" || constant == "NULL" || constant == "false" {
        known[variable] = .zero
      } else if let n = Int(constant), n != 0 {
        known[variable] = .nonzero
      } else if constant.hasPrefix("-") {
        // `ret = -EBUSY`: a negated error code is nonzero, whatever the code's value.
        known[variable] = .nonzero
      } else {
        constants[variable] = constant
      }
      return
    }
    for i in held.indices where held[i].conditions.contains(source) {
      held[i].conditions.insert(variable)
    }
    if let fact = known[source] { known[variable] = fact }
    if let constant = constants[source] { constants[variable] = constant }
  }
}
