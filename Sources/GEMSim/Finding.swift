import LockModelExtract

/// `A → B`: B was acquired while A was held, with where and how.
public struct DependencyEdge: Hashable, Sendable, Codable {
  /// The lock held.
  public var from: LockClass
  /// The lock taken while `from` is held.
  public var to: LockClass
  /// How `from` is held and `to` taken (read or write).
  public var fromMode: LockMode
  public var toMode: LockMode
  /// The root function of the path that takes `to` while holding `from`.
  public var function: String
  /// Where `to` is taken (the site in `function`).
  public var location: SourceLocation
  /// Where `from` was taken.
  public var heldSince: SourceLocation
  /// Call chain from `function` to the primitive that takes `to`.
  public var via: [String]
  /// The entry context the path runs in, when known (`ioctl`, `fault`, `shrinker`, …).
  public var context: String?
  /// The userspace handle of that entry, when known (the ioctl name).
  public var userHandle: String?
  /// True when the patched tree has this edge at this place and the base tree does not.
  public var isNew: Bool
  /// Every lock held when `to` is taken, outermost first (entry-held locks included):
  /// the exploration replays this stack, so a common outer lock is seen.
  public var held: [HeldLock]
  /// The family of `to`, which decides how it blocks.
  public var toKind: LockKind
  /// The nesting subclass `to` is taken with.
  public var toSubclass: Int
  /// The interrupt state `to` is taken in, the entry context's included.
  public var irq: IRQUsage
  /// The entry context the path re-enters through a core-kernel primitive (`fault` when a
  /// user copy faults into a driver's fault handler); nil when the path stays in `function`.
  public var entered: String?
  /// Indices into `held` of the locks a trylock took: replayed, they fail instead of
  /// waiting.
  public var trylockedHeld: [Int]
  /// The path goes through an ops call the extractor could not pin to one table (see
  /// `Acquisition.guessed`): shown, but never enough to confirm a deadlock.
  public var guessed: Bool = false

  /// Creates an edge; everything past `via` describes the path for replay and review.
  public init(
    from: LockClass, to: LockClass, fromMode: LockMode = .write, toMode: LockMode = .write,
    function: String, location: SourceLocation, heldSince: SourceLocation, via: [String] = [],
    context: String? = nil, userHandle: String? = nil, isNew: Bool = false,
    held: [HeldLock] = [], toKind: LockKind = .mutex, toSubclass: Int = 0,
    irq: IRQUsage = IRQUsage(), entered: String? = nil, trylockedHeld: [Int] = []
  ) {
    self.from = from
    self.to = to
    self.fromMode = fromMode
    self.toMode = toMode
    self.function = function
    self.location = location
    self.heldSince = heldSince
    self.via = via
    self.context = context
    self.userHandle = userHandle
    self.isNew = isNew
    self.held = held
    self.toKind = toKind
    self.toSubclass = toSubclass
    self.irq = irq
    self.entered = entered
    self.trylockedHeld = trylockedHeld
  }
}

/// One line of the CPU0/CPU1 table: which CPU does what, in schedule order.
public struct ScenarioStep: Hashable, Sendable, Codable {
  /// What the CPU does, in lockdep's words.
  public enum Action: String, Hashable, Sendable, Codable {
    case lock, rlock, unlock
    case trylockFails = "trylock-fails"
    case retry, preempted, blocked
  }
  /// 0-based CPU (or task) index.
  public var cpu: Int
  public var action: Action
  /// The lock the step acts on; nil for `preempted` and `retry`.
  public var lock: LockClass?
  /// Free text for steps that are not lock operations (e.g. `<Interrupt>`, `spins`).
  public var note: String?
  /// Index into `Finding.edges` of the path this CPU runs; nil for a helper thread (the
  /// queued rwsem writer) or a step that belongs to no edge.
  public var edge: Int?

  /// Creates a step of a scenario.
  public init(
    cpu: Int, action: Action, lock: LockClass? = nil, note: String? = nil, edge: Int? = nil
  ) {
    self.cpu = cpu
    self.action = action
    self.lock = lock
    self.note = note
    self.edge = edge
  }
}

/// A lock-ordering problem with the evidence a maintainer needs.
public struct Finding: Hashable, Sendable {
  /// The problem, named as in the JSON output.
  public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
    case circularDependency = "circular-dependency"
    case recursiveLocking = "recursive-locking"
    case irqInversion = "irq-inversion"
    case reclaimInversion = "reclaim-inversion"
    case livelock
    case imbalance
  }

  /// Whose doing the finding is, relative to the base tree.
  public enum Origin: String, Hashable, Sendable, Codable {
    /// The patch adds at least one edge of the cycle.
    case introduced
    /// Everything was in the base tree already.
    case existing
    /// The base tree had it and the patched tree does not.
    case removed
  }

  /// What kind of problem this is.
  public var kind: Kind
  /// The lock classes in cycle order, starting at the first edge's `from`.
  public var locks: [LockClass]
  /// In cycle order: `edges[i].to == edges[i+1].from`.
  public var edges: [DependencyEdge]
  /// The shortest schedule the exploration found that gets stuck; empty when unconfirmed.
  public var scenario: [ScenarioStep]
  /// True when the exploration reached the deadlock or livelock state.
  public var confirmed: Bool
  /// The states the exploration visited.
  public var statesExplored: Int
  /// Introduced by the patch, already in the base tree, or removed by the patch.
  public var origin: Origin
  /// The cycle closes on one task: the same lock class re-entered through a fault or
  /// reclaim the task triggers itself (the pwrite-into-a-GTT-mmap case).
  public var sameTask: Bool
  /// For `sameTask`: the one path that re-enters the lock (its `via` crosses the entered
  /// context), and the one-task schedule that deadlocks on it.
  public var sameTaskPath: DependencyEdge?
  /// CPU0 alone: the task that deadlocks on itself, shortest first.
  public var sameTaskScenario: [ScenarioStep]
  /// Places in the base tree where the same lock classes already form the cycle.
  public var alreadyBrokenAt: [DependencyEdge]
  /// For livelocks: the retry that spins.
  public var retry: TrylockRetry?
  /// For livelocks: the entry context that re-executes the function on the returned code
  /// (`fault`); nil for a loop inside the function.
  public var retryContext: String?
  /// For imbalances.
  public var imbalance: Imbalance?
  /// Recursive locking of a lock class that has many instances (a struct field), taken
  /// nested without a subclass: lockdep reports it, and a `_nested` annotation with a
  /// subclass fixes it when the two are different objects.
  public var missingNestingAnnotation: Bool
  /// Fix options from the knowledge base for the primitives on the edges' call chains,
  /// in edge order, without repeats.
  public var advice: [String]

  /// Creates a finding; the simulator fills in everything past `edges`.
  public init(
    kind: Kind, locks: [LockClass], edges: [DependencyEdge], scenario: [ScenarioStep] = [],
    confirmed: Bool = false, statesExplored: Int = 0, origin: Origin = .introduced,
    sameTask: Bool = false, alreadyBrokenAt: [DependencyEdge] = [], retry: TrylockRetry? = nil,
    imbalance: Imbalance? = nil, missingNestingAnnotation: Bool = false, advice: [String] = [],
    sameTaskPath: DependencyEdge? = nil, sameTaskScenario: [ScenarioStep] = [],
    retryContext: String? = nil
  ) {
    self.kind = kind
    self.locks = locks
    self.edges = edges
    self.scenario = scenario
    self.confirmed = confirmed
    self.statesExplored = statesExplored
    self.origin = origin
    self.sameTask = sameTask
    self.alreadyBrokenAt = alreadyBrokenAt
    self.retry = retry
    self.imbalance = imbalance
    self.missingNestingAnnotation = missingNestingAnnotation
    self.advice = advice
    self.sameTaskPath = sameTaskPath
    self.sameTaskScenario = sameTaskScenario
    self.retryContext = retryContext
  }

  /// Whether this finding is the patch's doing.
  public var introducedByPatch: Bool { origin == .introduced }
}
