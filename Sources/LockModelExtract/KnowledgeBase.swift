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
  /// 0-based argument holding the lock (`&dev->struct_mutex`), for explicit primitives;
  /// the work item or workqueue for a completion primitive.
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
  /// For a conditional acquire: the result that means "now held" (`zero` for
  /// `mutex_lock_interruptible`, `nonzero` for trylocks).
  public var heldWhen: ValueFact.Predicate?
  /// Argument giving the lockdep subclass (`mutex_lock_nested`).
  public var subclassArgument: Int?
  /// Argument naming the ww acquire context.
  public var contextArgument: Int?
  /// Argument holding the GFP mask of an allocation.
  public var gfpArgument: Int?
  /// The mask an allocation uses when it takes none (`vmalloc` is GFP_KERNEL).
  public var defaultGfp: [String]
  /// May fault: skipped inside a `pagefault_disable()` region.
  public var faults: Bool
  /// A test such as `mutex_is_locked`: an assertion only under an assertion wrapper.
  public var isPredicate: Bool
  /// Acquired and released at once (`might_lock`): a dependency, no held state.
  public var transient: Bool
  /// The lock variant disables (or its release restores) hard or soft interrupts.
  public var disablesHardirqs: Bool
  public var disablesSoftirqs: Bool
  /// Prefix of the pseudo-lock a flush waits on (`(work_completion)`): the acquisition is
  /// that prefix plus the work function bound to the argument (or the argument's name).
  public var completion: String?
  /// The lock is this member of the argument (`mmap_read_lock(mm)` takes `mm->mmap_lock`).
  public var lockField: String?
  /// Kernel functions between the primitive and its implicit acquisition, for the call
  /// chain a review prints (`copy_from_user` → `might_fault`).
  public var through: [String]

  public init(
    name: String, action: Action, lockArgument: Int? = nil, kind: LockKind? = nil,
    mode: LockMode? = nil, implicitLocks: [ImplicitLock] = [], enters: String? = nil,
    advice: [String] = [], summary: String = "", heldWhen: ValueFact.Predicate? = nil,
    subclassArgument: Int? = nil, contextArgument: Int? = nil, gfpArgument: Int? = nil,
    defaultGfp: [String] = [], faults: Bool = false, isPredicate: Bool = false,
    transient: Bool = false, disablesHardirqs: Bool = false, disablesSoftirqs: Bool = false,
    completion: String? = nil, lockField: String? = nil, through: [String] = []
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
    self.heldWhen = heldWhen
    self.subclassArgument = subclassArgument
    self.contextArgument = contextArgument
    self.gfpArgument = gfpArgument
    self.defaultGfp = defaultGfp
    self.faults = faults
    self.isPredicate = isPredicate
    self.transient = transient
    self.disablesHardirqs = disablesHardirqs
    self.disablesSoftirqs = disablesSoftirqs
    self.completion = completion
    self.lockField = lockField
    self.through = through
  }
}

/// How the core kernel calls into a driver function: what it holds and how to get there
/// from userspace.
public struct EntryContextSpec: Hashable, Sendable, Codable {
  public var name: String
  /// Locks held on entry; `{function}` in a name is the entry function's name.
  public var held: [ImplicitLock]
  public var irq: IRQUsage
  public var retriedOn: [String]
  /// Fix options for a trylock whose failure returns a code this context retries on: the
  /// livelock a real-time task can spin in.
  public var retryAdvice: [String] = []
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

/// How an entry point is recognised in source: an ops-struct field in a designated
/// initializer or assignment, an argument of a table macro, or of a registration call.
public struct Registration: Hashable, Sendable, Codable {
  public var context: String
  /// `struct` + `field`: `.fault = fn` in a `struct vm_operations_struct` initializer.
  public var structType: String?
  public var field: String?
  /// A table macro (`DRM_IOCTL_DEF_DRV`) or a registration call (`request_irq`).
  public var macro: String?
  public var call: String?
  /// Argument holding the function.
  public var functionArgument: Int
  /// Argument naming the userspace handle, and the prefix that makes it the real name.
  public var handleArgument: Int?
  public var handlePrefix: String
  /// Argument holding the work item (`INIT_WORK(&w, fn)`), so `flush_work(&w)` resolves.
  public var itemArgument: Int?

  public init(
    context: String, structType: String? = nil, field: String? = nil, macro: String? = nil,
    call: String? = nil, functionArgument: Int = 0, handleArgument: Int? = nil,
    handlePrefix: String = "", itemArgument: Int? = nil
  ) {
    self.context = context
    self.structType = structType
    self.field = field
    self.macro = macro
    self.call = call
    self.functionArgument = functionArgument
    self.handleArgument = handleArgument
    self.handlePrefix = handlePrefix
    self.itemArgument = itemArgument
  }
}

/// A pseudo-lock an allocation takes when its GFP mask has all of `requires`.
public struct ReclaimRule: Hashable, Sendable, Codable {
  public var lock: ImplicitLock
  public var requires: [String]

  public init(lock: ImplicitLock, requires: [String]) {
    self.lock = lock
    self.requires = requires
  }
}

/// Kernel facts as data: primitives, implicit acquisitions, entry contexts, aliases.
/// Loaded from the bundled `knowledge-base.yml`, extended by a repository's `.reviewbot.yml`.
public struct KnowledgeBase: Sendable {
  public var primitives: [String: Primitive]
  public var contexts: [String: EntryContextSpec]
  /// Historic lock names to canonical ones (`mm_struct.mmap_sem` → `mm_struct.mmap_lock`).
  public var aliases: [String: String]
  public var registrations: [Registration]
  /// Struct members outside the tree (core kernel types): struct → member → type.
  public var types: [String: [String: String]]
  /// Identifiers that are variables of a known type without a declaration in the tree.
  public var globals: [String: String]
  /// Calls that pass their argument's truth through (`likely`, `WARN_ON`).
  public var conditionWrappers: Set<String>
  /// Calls that assert their argument (`WARN_ON(!mutex_is_locked(x))`).
  public var assertionWrappers: Set<String>
  /// Calls that give the CPU away on a retry path (`cond_resched`, `cpu_relax`).
  public var yieldCalls: Set<String>
  /// GFP flag names to the bits they contain (`GFP_KERNEL` → `__GFP_DIRECT_RECLAIM`, …).
  public var gfpFlags: [String: [String]]
  public var reclaimRules: [ReclaimRule]
  /// Named integer constants used as subclasses (`SINGLE_DEPTH_NESTING`).
  public var constants: [String: Int]
  /// Macros `m(ptr, struct type, member)` that yield a pointer to the struct type.
  public var containerMacros: Set<String> = []
  /// Calls that make an error return value (`return ERR_PTR(-EINVAL)`).
  public var errorReturns: Set<String> = []
  /// Function annotations whose argument is a lock held on entry (`__must_hold(x)`).
  public var heldOnEntryAnnotations: Set<String> = []

  public init(
    primitives: [String: Primitive] = [:], contexts: [String: EntryContextSpec] = [:],
    aliases: [String: String] = [:], registrations: [Registration] = [],
    types: [String: [String: String]] = [:], globals: [String: String] = [:],
    conditionWrappers: Set<String> = [], assertionWrappers: Set<String> = [],
    yieldCalls: Set<String> = [], gfpFlags: [String: [String]] = [:],
    reclaimRules: [ReclaimRule] = [], constants: [String: Int] = [:]
  ) {
    self.primitives = primitives
    self.contexts = contexts
    self.aliases = aliases
    self.registrations = registrations
    self.types = types
    self.globals = globals
    self.conditionWrappers = conditionWrappers
    self.assertionWrappers = assertionWrappers
    self.yieldCalls = yieldCalls
    self.gfpFlags = gfpFlags
    self.reclaimRules = reclaimRules
    self.constants = constants
  }

  /// The canonical class name for `name` (aliases applied).
  public func canonical(_ name: String) -> String { aliases[name] ?? name }
}
