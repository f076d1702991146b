/// A lockdep-style lock class: `<struct type>.<field>`, a global's name, or a pseudo-lock.
public struct LockClass: Hashable, Sendable, Comparable, Codable {
  /// The canonical name after aliases (`mmap_sem` is `mm_struct.mmap_lock`).
  public var name: String
  /// False when the struct type could not be resolved and the name keeps the access path
  /// (`?.drm.struct_mutex`).
  public var isResolved: Bool

  public init(_ name: String, isResolved: Bool = true) {
    self.name = name
    self.isResolved = isResolved
  }

  /// By name; an unresolved class before a resolved one of the same name, so that sorting
  /// never leaves two unequal classes in whatever order a hash table gave them.
  public static func < (a: LockClass, b: LockClass) -> Bool {
    a.name != b.name ? a.name < b.name : !a.isResolved && b.isResolved
  }
}

/// The family of a lock, which decides its blocking rules in the simulator.
public enum LockKind: String, Hashable, Sendable, Codable {
  case mutex, rwsem, spinlock, rwlock, seqlock
  case wwMutex = "ww_mutex"
  /// `fs_reclaim`, `(work_completion)…`, `mmu_notifier_invalidate_range_start`, `dma_fence_map`.
  case pseudo
}

/// Exclusive (write) or shared (read) acquisition.
public enum LockMode: String, Hashable, Sendable, Codable {
  case write, read
}

/// The interrupt state an acquisition happens in, as lockdep tracks it.
public struct IRQUsage: Hashable, Sendable, Codable {
  /// Taken from hardirq (or softirq) context.
  public var inHardirq: Bool
  public var inSoftirq: Bool
  /// Taken with hardirqs (or softirqs) disabled, e.g. `spin_lock_irqsave`, `spin_lock_bh`.
  public var hardirqsDisabled: Bool
  public var softirqsDisabled: Bool

  public init(
    inHardirq: Bool = false, inSoftirq: Bool = false, hardirqsDisabled: Bool = false,
    softirqsDisabled: Bool = false
  ) {
    self.inHardirq = inHardirq
    self.inSoftirq = inSoftirq
    self.hardirqsDisabled = hardirqsDisabled
    self.softirqsDisabled = softirqsDisabled
  }
}
