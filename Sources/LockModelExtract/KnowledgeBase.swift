/// A lock a primitive or an entry context takes without naming it in the source.
public struct ImplicitLock: Hashable, Sendable, Codable {
  public var lock: LockClass
  public var kind: LockKind
  public var mode: LockMode

  public init(lock: LockClass, kind: LockKind, mode: LockMode = .write) {
    self.lock = lock
    self.kind = kind
    self.mode = mode
  }
}

/// What the knowledge base says a kernel function or macro does to locks.
public struct Primitive: Hashable, Sendable, Codable {
  public enum Action: String, Hashable, Sendable, Codable {
    case acquire, release, tryAcquire = "trylock", implicit, assertHeld = "assert-held"
    case pagefaultDisable = "pagefault-disable", pagefaultEnable = "pagefault-enable"
    case allocation, irqDisable = "irq-disable", irqEnable = "irq-enable"
  }

  public var name: String
  public var action: Action
  /// 0-based argument holding the lock (`&dev->struct_mutex`), for explicit primitives.
  public var lockArgument: Int?
  public var kind: LockKind?
  public var mode: LockMode?
  /// Locks taken, outermost first, by an implicit primitive (`copy_from_user` takes
  /// `mm_struct.mmap_lock` for read when it faults).
  public var implicitLocks: [ImplicitLock]
  /// An entry context the primitive may run while its implicit locks are held
  /// (`fault` for the may-fault family, `shrinker` for reclaiming allocations).
  public var enters: String?
  /// Fix options a review may offer when this primitive closes a cycle.
  public var advice: [String]
  /// What the primitive does, in a maintainer's words, for review text.
  public var summary: String

  public init(
    name: String, action: Action, lockArgument: Int? = nil, kind: LockKind? = nil,
    mode: LockMode? = nil, implicitLocks: [ImplicitLock] = [], enters: String? = nil,
    advice: [String] = [], summary: String = ""
  ) {
    self.name = name
    self.action = action
    self.lockArgument = lockArgument
    self.kind = kind
    self.mode = mode
    self.implicitLocks = implicitLocks
    self.enters = enters
    self.advice = advice
    self.summary = summary
  }
}

/// How the core kernel calls into a driver function: what it holds and how to get there
/// from userspace.
public struct EntryContextSpec: Hashable, Sendable, Codable {
  public var name: String
  public var held: [ImplicitLock]
  public var irq: IRQUsage
  public var retriedOn: [String]
  /// Userspace steps that reach this context, for reproducers; `{function}` and
  /// `{handle}` are filled in.
  public var reproducer: String
  public var summary: String

  public init(
    name: String, held: [ImplicitLock] = [], irq: IRQUsage = IRQUsage(),
    retriedOn: [String] = [], reproducer: String = "", summary: String = ""
  ) {
    self.name = name
    self.held = held
    self.irq = irq
    self.retriedOn = retriedOn
    self.reproducer = reproducer
    self.summary = summary
  }
}

/// Kernel facts as data: primitives, implicit acquisitions, entry contexts, aliases.
/// Loaded from the bundled `knowledge-base.yml`, extended by a repository's `.reviewbot.yml`.
public struct KnowledgeBase: Sendable {
  public var primitives: [String: Primitive]
  public var contexts: [String: EntryContextSpec]
  /// Historic lock names to canonical ones (`mm_struct.mmap_sem` → `mm_struct.mmap_lock`).
  public var aliases: [String: String]

  public init(
    primitives: [String: Primitive] = [:], contexts: [String: EntryContextSpec] = [:],
    aliases: [String: String] = [:]
  ) {
    self.primitives = primitives
    self.contexts = contexts
    self.aliases = aliases
  }
}
