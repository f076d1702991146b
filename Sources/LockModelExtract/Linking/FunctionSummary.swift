/// A lock a function may return holding, and on which result.
struct ExitLock: Hashable, Sendable {
  var lock: HeldLock
  /// The return value that means "held" (`zero` for `i915_mutex_lock_interruptible`-style
  /// wrappers); nil when held on every return (or maybe, see `lock.maybe`).
  var heldWhen: ValueFact.Predicate?
  var disablesHardirqs: Bool
  var disablesSoftirqs: Bool
}

/// What callers need to know of a function: its acquisitions as a root, what it leaves
/// held, what it releases of theirs.
struct FunctionSummary: Hashable, Sendable {
  var acquisitions: [Acquisition] = []
  var exits: [ExitLock] = []
  /// Locks the function releases without having taken them (a caller's lock).
  var releases: [LockClass] = []
  var trylockRetries: [TrylockRetry] = []
  var imbalances: [Imbalance] = []
}

/// What a call site knows about one argument, for analysing the callee for that call.
struct ArgumentFacts: Sendable {
  var truth: ValueFact.Predicate?
  /// All named constants ORed into the argument, when it is only that.
  var flags: [String]?
  /// Known bit tests (`X` → zero/nonzero) of a parameter passed on.
  var bits: [String: ValueFact.Predicate] = [:]
  /// The number a parameter passed on is known to hold (a subclass given by the caller).
  var known: Int?
  /// The ops tables the argument's pointer members are known to hold (`funcs` → tables),
  /// when the caller knows which object it passes.
  var tables: [String: Set<String>] = [:]

  var isEmpty: Bool {
    truth == nil && flags == nil && bits.isEmpty && known == nil && tables.isEmpty
  }

  /// The number this argument surely is: a passed-on value, one named constant, or 0.
  func value(in constants: [String: Int]) -> Int? {
    if let known { return known }
    if let flags, flags.count == 1, let value = constants[flags[0]] { return value }
    return truth == .zero ? 0 : nil
  }

  /// The fact for `parameter & constant`, when this argument decides it.
  func bit(_ constant: String) -> ValueFact.Predicate? {
    if let flags { return flags.contains(constant) ? .nonzero : .zero }
    if let known = bits[constant] { return known }
    return truth == .zero ? .zero : nil
  }
}

/// Bounds that keep the corpus model finite.
struct AnalysisLimits: Sendable {
  /// Longest call chain (`via`) kept in an acquisition.
  var depth = 8
  /// Acquisitions kept per function, the first in program order.
  var acquisitionsPerFunction = 2_000
  /// Times one block is re-analysed before the loop fixpoint gives up.
  var visitsPerBlock = 16
}
