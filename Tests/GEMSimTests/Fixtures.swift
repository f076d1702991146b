import LockModelExtract

@testable import GEMSim

/// Literal lock sequences for the simulator tests: no C parsing, no knowledge-base file.
enum Fixture {
  static let gem = "drivers/gpu/drm/i915/i915_gem.c"
  static let mmapLock = "mm_struct.mmap_lock"
  static let structMutex = "drm_device.struct_mutex"
  static let mmuNotifier = "mmu_notifier_invalidate_range_start"

  /// A small knowledge base with the 2009 world: user copies fault (mmap_lock read), a
  /// GFP_KERNEL allocation reclaims (fs_reclaim), munmap writes mmap_lock.
  static let knowledge = KnowledgeBase(
    primitives: [
      "copy_from_user": Primitive(
        name: "copy_from_user", action: .implicit,
        implicitLocks: [ImplicitLock(lock: LockClass(mmapLock), kind: .rwsem, mode: .read)],
        enters: "fault", advice: ["copy outside the lock"]),
      "kmalloc": Primitive(
        name: "kmalloc", action: .allocation,
        implicitLocks: [ImplicitLock(lock: LockClass("fs_reclaim"), kind: .pseudo)],
        enters: "shrinker", advice: ["allocate before taking the lock"]),
      "flush_work": Primitive(name: "flush_work", action: .implicit),
      "unmap_mapping_range": Primitive(
        name: "unmap_mapping_range", action: .implicit,
        implicitLocks: [
          ImplicitLock(lock: LockClass("address_space.i_mmap_rwsem"), kind: .rwsem),
          ImplicitLock(lock: LockClass(mmuNotifier), kind: .pseudo),
        ],
        enters: "mmu_notifier"),
    ],
    contexts: [
      "fault": EntryContextSpec(
        name: "fault", held: [ImplicitLock(lock: LockClass(mmapLock), kind: .rwsem, mode: .read)],
        retriedOn: ["VM_FAULT_NOPAGE"]),
      "shrinker": EntryContextSpec(
        name: "shrinker", held: [ImplicitLock(lock: LockClass("fs_reclaim"), kind: .pseudo)]),
      "munmap": EntryContextSpec(
        name: "munmap",
        held: [ImplicitLock(lock: LockClass(mmapLock), kind: .rwsem, mode: .write)]),
      "irq": EntryContextSpec(name: "irq", irq: IRQUsage(inHardirq: true)),
      "mmu_notifier": EntryContextSpec(
        name: "mmu_notifier", held: [ImplicitLock(lock: LockClass(mmuNotifier), kind: .pseudo)]),
      "ioctl": EntryContextSpec(name: "ioctl"),
      "softirq": EntryContextSpec(name: "softirq", irq: IRQUsage(inSoftirq: true)),
      "work": EntryContextSpec(
        name: "work",
        held: [ImplicitLock(lock: LockClass("(work_completion){function}"), kind: .pseudo)]),
    ])

  static let simulator = Simulator(knowledge: knowledge)

  /// One step of a literal path.
  enum Step {
    case lock(
      String, LockKind = .mutex, LockMode = .write, line: Int, subclass: Int = 0,
      context: String? = nil, irq: IRQUsage = IRQUsage())
    case trylock(String, LockKind = .mutex, line: Int)
    case unlock(String)
    /// A knowledge-base primitive that takes locks without naming them and drops them.
    case call(String, line: Int, takes: [(String, LockKind, LockMode)])
  }

  /// A function whose acquisitions are computed from its steps as the extractor would:
  /// each with the locks held at that point, outermost first.
  static func function(
    _ name: String, file: String = gem, line: Int = 1, _ steps: [Step],
    retries: [TrylockRetry] = [], imbalances: [Imbalance] = []
  ) -> FunctionModel {
    var held: [HeldLock] = []
    var acquisitions: [Acquisition] = []
    for step in steps {
      switch step {
      case .lock(let lock, let kind, let mode, let at, let subclass, let context, let irq):
        let place = SourceLocation(file: file, line: at)
        acquisitions.append(
          Acquisition(
            lock: LockClass(lock), kind: kind, mode: mode, subclass: subclass,
            acquireContext: context, irq: irq, held: held, function: name, location: place))
        held.append(
          HeldLock(
            lock: LockClass(lock), kind: kind, mode: mode, subclass: subclass,
            location: place))
      case .trylock(let lock, let kind, let at):
        let place = SourceLocation(file: file, line: at)
        acquisitions.append(
          Acquisition(
            lock: LockClass(lock), kind: kind, isTrylock: true, held: held, function: name,
            location: place))
        held.append(HeldLock(lock: LockClass(lock), kind: kind, location: place))
      case .unlock(let lock):
        if let index = held.lastIndex(where: { $0.lock.name == lock }) { held.remove(at: index) }
      case .call(let primitive, let at, let takes):
        let place = SourceLocation(file: file, line: at)
        var inner = held
        for (lock, kind, mode) in takes {
          acquisitions.append(
            Acquisition(
              lock: LockClass(lock), kind: kind, mode: mode, held: inner, function: name,
              location: place, via: [primitive]))
          inner.append(
            HeldLock(
              lock: LockClass(lock), kind: kind, mode: mode, location: place, via: [primitive]))
        }
      }
    }
    return FunctionModel(
      name: name, location: SourceLocation(file: file, line: line), endLine: line + 50,
      acquisitions: acquisitions, trylockRetries: retries, imbalances: imbalances)
  }

  static func entry(
    _ function: String, _ context: String, line: Int = 900, handle: String? = nil
  ) -> EntryPoint {
    let spec = knowledge.contexts[context]
    let place = SourceLocation(file: gem, line: line)
    return EntryPoint(
      function: function, context: context,
      held: (spec?.held ?? []).map {
        HeldLock(lock: $0.lock, kind: $0.kind, mode: $0.mode, location: place)
      },
      irq: spec?.irq ?? IRQUsage(), retriedOn: spec?.retriedOn ?? [], registeredAt: place,
      userHandle: handle)
  }

  static func tree(_ functions: [FunctionModel], entries: [EntryPoint] = []) -> TreeModel {
    TreeModel(functions: functions, entries: entries)
  }

  /// copy_from_user as the extractor reports it: mmap_lock taken for read, via the copy.
  static func copyFromUser(line: Int) -> Step {
    .call("copy_from_user", line: line, takes: [(mmapLock, .rwsem, .read)])
  }

  /// The 2009 fault handler: `.fault` entered with mmap_lock read-held takes struct_mutex.
  static func gemFault(line: Int = 200) -> FunctionModel {
    function("i915_gem_fault", line: line - 5, [.lock(structMutex, line: line)])
  }

  /// The 2009 pwrite: struct_mutex held across the user copy.
  static func pwrite(line: Int = 100) -> FunctionModel {
    function(
      "i915_gem_pwrite_ioctl", line: line - 5,
      [.lock(structMutex, line: line), copyFromUser(line: line + 5), .unlock(structMutex)])
  }
}
