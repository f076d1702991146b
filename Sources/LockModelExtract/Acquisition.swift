/// A lock held at some point of a path, with where it was taken.
public struct HeldLock: Hashable, Sendable, Codable {
  public var lock: LockClass
  public var kind: LockKind
  public var mode: LockMode
  /// `mutex_lock_nested(…, SINGLE_DEPTH_NESTING)` gives 1; 0 otherwise.
  public var subclass: Int
  /// Where it was taken; for a lock held on entry, the entry context's registration.
  public var location: SourceLocation
  /// Call chain from the root function to the primitive that took it; empty when taken
  /// directly in the root function.
  public var via: [String]
  /// Held only on some paths reaching this point (lockdep would not always see it).
  public var maybe: Bool

  public init(
    lock: LockClass, kind: LockKind, mode: LockMode = .write, subclass: Int = 0,
    location: SourceLocation, via: [String] = [], maybe: Bool = false
  ) {
    self.lock = lock
    self.kind = kind
    self.mode = mode
    self.subclass = subclass
    self.location = location
    self.via = via
    self.maybe = maybe
  }
}

/// One acquisition reached from a root function, with the locks held at that moment.
///
/// This is what lockdep records at `lock_acquire()`: the new lock, its mode, and the held
/// stack. Acquisitions in callees appear in the caller with `via` naming the call chain and
/// `location` the call site in the root function.
public struct Acquisition: Hashable, Sendable, Codable {
  public var lock: LockClass
  public var kind: LockKind
  public var mode: LockMode
  public var subclass: Int
  /// Trylocks never wait, so lockdep adds no dependency for them.
  public var isTrylock: Bool
  /// Name of the `ww_acquire_ctx` variable for ww_mutex/dma_resv acquisitions.
  public var acquireContext: String?
  public var irq: IRQUsage
  /// Locks held when this one is taken, outermost first.
  public var held: [HeldLock]
  /// The root function this path starts in.
  public var function: String
  /// The site in the root function: the primitive or the call that leads to it.
  public var location: SourceLocation
  /// Call chain from the root to the primitive, e.g. `["copy_from_user", "might_fault"]`.
  public var via: [String]
  /// Held only on some paths reaching this point.
  public var maybe: Bool
  /// Locks the root function's caller (or its entry context) held on entry that the root
  /// released on this path before this acquisition (a fault handler's `up_read(mmap_lock)`
  /// before it waits): not held here, whatever the entry context says.
  public var releasedBefore: [LockClass]
  /// Reached through an ops call whose object the analysis could not pin to a table, made
  /// to a member some tables leave unset: a guess at which function runs, so lockdep would
  /// see this acquisition only if that object is the one the guess took (see `OpsTables`).
  public var guessed: Bool = false

  public init(
    lock: LockClass, kind: LockKind, mode: LockMode = .write, subclass: Int = 0,
    isTrylock: Bool = false, acquireContext: String? = nil, irq: IRQUsage = IRQUsage(),
    held: [HeldLock] = [], function: String, location: SourceLocation, via: [String] = [],
    maybe: Bool = false, releasedBefore: [LockClass] = []
  ) {
    self.lock = lock
    self.kind = kind
    self.mode = mode
    self.subclass = subclass
    self.isTrylock = isTrylock
    self.acquireContext = acquireContext
    self.irq = irq
    self.held = held
    self.function = function
    self.location = location
    self.via = via
    self.maybe = maybe
    self.releasedBefore = releasedBefore
  }
}

/// A trylock whose failure path retries: by looping back to the trylock, or by returning
/// a code the caller (e.g. the page-fault handler) retries on.
public struct TrylockRetry: Hashable, Sendable, Codable {
  public enum Retry: Hashable, Sendable, Codable {
    /// `goto again`/`while (!trylock)` in the function itself.
    case loop(backTo: SourceLocation)
    /// The failure path returns this code (e.g. `VM_FAULT_NOPAGE`).
    case returns(code: String, at: SourceLocation)
  }

  public var lock: LockClass
  public var function: String
  public var location: SourceLocation
  public var retry: Retry
  /// What the failure path does before retrying (`cond_resched`, `schedule`, `cpu_relax`).
  public var yieldsWith: [String]

  public init(
    lock: LockClass, function: String, location: SourceLocation, retry: Retry,
    yieldsWith: [String] = []
  ) {
    self.lock = lock
    self.function = function
    self.location = location
    self.retry = retry
    self.yieldsWith = yieldsWith
  }
}

/// A lock whose held state at a function's exits disagrees between paths, or a release
/// of a lock not held.
public struct Imbalance: Hashable, Sendable, Codable {
  public enum Problem: String, Hashable, Sendable, Codable {
    case heldOnSomeExits = "held-on-some-exits"
    case releaseNotHeld = "release-not-held"
  }
  public var lock: LockClass
  public var function: String
  public var location: SourceLocation
  public var problem: Problem

  public init(lock: LockClass, function: String, location: SourceLocation, problem: Problem) {
    self.lock = lock
    self.function = function
    self.location = location
    self.problem = problem
  }
}
