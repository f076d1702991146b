import LockModelExtract
import Testing

@testable import GEMSim

@Suite("the GEM/mm world")
struct WorldTests {
  typealias F = Fixture

  /// pwrite holds struct_mutex across copy_from_user; `.fault` takes struct_mutex with
  /// mmap_lock read-held (LKML, February 2009).
  static let pwriteCase = F.tree(
    [F.pwrite(), F.gemFault()],
    entries: [
      F.entry("i915_gem_pwrite_ioctl", "ioctl", line: 901, handle: "DRM_IOCTL_I915_GEM_PWRITE"),
      F.entry("i915_gem_fault", "fault", line: 902),
    ])

  @Test("copy_from_user under struct_mutex against the fault path is a circular dependency")
  func pwriteAgainstFault() throws {
    let findings = F.simulator.findings(base: nil, patched: Self.pwriteCase)
    #expect(findings.map(\.kind) == [.circularDependency])
    let finding = try #require(findings.first)
    #expect(finding.locks.map(\.name) == [F.structMutex, F.mmapLock])
    #expect(finding.confirmed)
    #expect(finding.sameTask)
    // Shortest witness: CPU0 takes struct_mutex, CPU1 faults (mmap_lock read), a writer
    // queues on mmap_lock, then CPU0's copy and CPU1's struct_mutex both wait.
    #expect(finding.scenario.count == 5)
    #expect(
      finding.scenario.first
        == ScenarioStep(
          cpu: 0, action: .lock,
          lock: LockClass(F.structMutex), edge: 0))
    #expect(
      finding.scenario.filter { $0.note?.hasPrefix("a writer (e.g. munmap)") == true }.count == 1)
    let pwriteEdge = finding.edges[0]
    #expect(pwriteEdge.function == "i915_gem_pwrite_ioctl")
    #expect(pwriteEdge.via == ["copy_from_user"])
    #expect(pwriteEdge.location.line == 105)
    #expect(pwriteEdge.context == "ioctl")
    #expect(pwriteEdge.userHandle == "DRM_IOCTL_I915_GEM_PWRITE")
    let faultEdge = finding.edges[1]
    #expect(faultEdge.function == "i915_gem_fault")
    #expect(faultEdge.context == "fault")
    #expect(faultEdge.location.line == 200)
    #expect(finding.advice == ["copy outside the lock"])
    // On one task: struct_mutex, the copy faults (mmap_lock read), the GTT fault handler
    // waits for the struct_mutex its own task holds.
    #expect(finding.sameTaskScenario.map(\.action) == [.lock, .rlock, .lock])
    #expect(finding.sameTaskScenario.map(\.cpu) == [0, 0, 0])
    #expect(finding.sameTaskScenario.last?.note == "waits")
    #expect(finding.sameTaskPath?.via == ["copy_from_user", "i915_gem_fault"])
    print("2009 pwrite/fault: \(finding.statesExplored) states explored")
  }

  @Test("the fault re-entering struct_mutex on the pwrite task is a recorded re-entry")
  func pwriteReentersOnSameTask() {
    let graph = F.simulator.graph(of: Self.pwriteCase)
    let reentry = graph.recursions.filter { $0.entered == "fault" }
    #expect(reentry.count == 1)
    #expect(reentry.first?.via == ["copy_from_user", "i915_gem_fault"])
    #expect(reentry.first?.function == "i915_gem_pwrite_ioctl")
    // It is the same cycle seen from one task, not a second finding.
    let kinds = F.simulator.findings(base: nil, patched: Self.pwriteCase).map(\.kind)
    #expect(!kinds.contains(.recursiveLocking))
  }

  @Test("the fault path's trylock-and-retry is a livelock, not a deadlock")
  func faultTrylockRetryLivelocks() throws {
    let fault = F.function(
      "i915_gem_fault", line: 195, [.trylock(F.structMutex, line: 200)],
      retries: [
        TrylockRetry(
          lock: LockClass(F.structMutex), function: "i915_gem_fault",
          location: SourceLocation(file: F.gem, line: 200),
          retry: .returns(code: "VM_FAULT_NOPAGE", at: SourceLocation(file: F.gem, line: 201)))
      ])
    let tree = F.tree(
      [F.pwrite(), fault],
      entries: [F.entry("i915_gem_pwrite_ioctl", "ioctl"), F.entry("i915_gem_fault", "fault")])
    let findings = F.simulator.findings(
      base: nil, patched: tree, options: AnalysisOptions(includeUnconfirmed: true))
    #expect(findings.map(\.kind) == [.livelock])
    let finding = try #require(findings.first)
    #expect(finding.confirmed)
    #expect(finding.retry?.function == "i915_gem_fault")
    #expect(finding.edges.first?.function == "i915_gem_pwrite_ioctl")
    #expect(
      finding.scenario.map(\.action) == [
        .lock, .preempted, .trylockFails, .retry, .trylockFails, .retry,
      ])
    #expect(finding.scenario[3].note == "returns VM_FAULT_NOPAGE; fault runs it again")
    print("2009 fault trylock livelock: \(finding.statesExplored) states explored")
  }

  @Test("a trylock whose failure returns a code nobody retries on is no livelock")
  func shrinkerTrylockGivesUp() {
    let shrinker = F.function(
      "i915_gem_shrink", [.trylock(F.structMutex, line: 300)],
      retries: [
        TrylockRetry(
          lock: LockClass(F.structMutex), function: "i915_gem_shrink",
          location: SourceLocation(file: F.gem, line: 300),
          retry: .returns(code: "0", at: SourceLocation(file: F.gem, line: 301)))
      ])
    let tree = F.tree(
      [F.pwrite(), shrinker], entries: [F.entry("i915_gem_shrink", "shrinker")])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("a trylock loop on a lock a sleeping path holds is a livelock")
  func trylockLoopLivelocks() {
    let spinner = F.function(
      "spin_on_it", [.trylock("x.m", line: 50)],
      retries: [
        TrylockRetry(
          lock: LockClass("x.m"), function: "spin_on_it",
          location: SourceLocation(file: F.gem, line: 50),
          retry: .loop(backTo: SourceLocation(file: F.gem, line: 49)))
      ])
    let holder = F.function("holds_it", [.lock("x.m", line: 60)])
    let findings = F.simulator.findings(base: nil, patched: F.tree([spinner, holder]))
    #expect(findings.map(\.kind) == [.livelock])
    #expect(findings.first?.scenario[3].note == "loops back to the trylock")
  }

  @Test("a reclaim inversion needs an allocation under A and A taken in a shrinker")
  func reclaimInversion() throws {
    let allocates = F.function(
      "alloc_under_lock",
      [
        .lock(F.structMutex, line: 10),
        .call("kmalloc", line: 11, takes: [("fs_reclaim", .pseudo, .write)]),
      ])
    let shrinker = F.function("i915_gem_shrink", [.lock(F.structMutex, line: 300)])
    let tree = F.tree([allocates, shrinker], entries: [F.entry("i915_gem_shrink", "shrinker")])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.kind) == [.reclaimInversion])
    let finding = try #require(findings.first)
    #expect(finding.sameTask)
    #expect(finding.confirmed)
    #expect(finding.locks.map(\.name) == [F.structMutex, "fs_reclaim"])
    #expect(finding.advice == ["allocate before taking the lock"])
    // Allocation alone, or the shrinker alone: nothing.
    #expect(F.simulator.findings(base: nil, patched: F.tree([allocates])).isEmpty)
    #expect(
      F.simulator.findings(
        base: nil, patched: F.tree([shrinker], entries: [F.entry("i915_gem_shrink", "shrinker")])
      ).isEmpty)
  }

  @Test("an allocation inside a shrinker does not reclaim again (PF_MEMALLOC)")
  func noReclaimRecursion() {
    let shrinker = F.function(
      "i915_gem_shrink",
      [
        .lock("x.list", line: 300),
        .call("kmalloc", line: 301, takes: [("fs_reclaim", .pseudo, .write)]),
      ])
    let tree = F.tree([shrinker], entries: [F.entry("i915_gem_shrink", "shrinker")])
    let graph = F.simulator.graph(of: tree)
    #expect(graph.recursions.isEmpty)
    #expect(!graph.edges.contains { $0.from.name == "x.list" })
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("a shrinker that only trylocks A leaves the allocation under A alone")
  func reclaimWithTrylockShrinker() {
    let allocates = F.function(
      "alloc_under_lock",
      [
        .lock(F.structMutex, line: 10),
        .call("kmalloc", line: 11, takes: [("fs_reclaim", .pseudo, .write)]),
      ])
    let shrinker = F.function("i915_gem_shrink", [.trylock(F.structMutex, line: 300)])
    let tree = F.tree([allocates, shrinker], entries: [F.entry("i915_gem_shrink", "shrinker")])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("irq inversion needs a hardirq-safe and a hardirq-unsafe use of one lock")
  func irqInversionNeedsBoth() throws {
    let handler = F.function("irq_handler", [.lock("x.irq_lock", .spinlock, line: 10)])
    let plain = F.function("plain_user", [.lock("x.irq_lock", .spinlock, line: 20)])
    let saving = F.function(
      "irqsave_user",
      [.lock("x.irq_lock", .spinlock, line: 30, irq: IRQUsage(hardirqsDisabled: true))])
    let irqEntry = F.entry("irq_handler", "irq")
    let both = F.simulator.findings(
      base: nil, patched: F.tree([handler, plain], entries: [irqEntry]))
    #expect(both.map(\.kind) == [.irqInversion])
    let finding = try #require(both.first)
    #expect(finding.edges.map(\.function) == ["plain_user", "irq_handler"])
    #expect(finding.scenario.map(\.note) == [nil, "<Interrupt>", "waits"])
    #expect(
      F.simulator.findings(base: nil, patched: F.tree([handler], entries: [irqEntry])).isEmpty)
    #expect(F.simulator.findings(base: nil, patched: F.tree([plain])).isEmpty)
    #expect(
      F.simulator.findings(base: nil, patched: F.tree([handler, saving], entries: [irqEntry]))
        .isEmpty)
  }

  @Test("an irq-safe lock held while taking an irq-unsafe one is an irq inversion")
  func irqSafeToUnsafe() throws {
    let handler = F.function("irq_handler", [.lock("x.safe", .spinlock, line: 10)])
    let nests = F.function(
      "nests",
      [
        .lock("x.safe", .spinlock, line: 20, irq: IRQUsage(hardirqsDisabled: true)),
        .lock("x.unsafe", .spinlock, line: 21),
      ])
    let plain = F.function("plain_user", [.lock("x.unsafe", .spinlock, line: 30)])
    let tree = F.tree([handler, nests, plain], entries: [F.entry("irq_handler", "irq")])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.kind) == [.irqInversion])
    let finding = try #require(findings.first)
    #expect(finding.locks.map(\.name) == ["x.safe", "x.unsafe"])
    #expect(finding.edges.first?.function == "nests")
    // Inner lock inherits irqs-off from the irqsave outer one: no usage of its own.
    let unsafeUses = F.simulator.graph(of: tree).usages.filter {
      $0.to.name == "x.unsafe" && !$0.irq.hardirqsDisabled
    }
    #expect(unsafeUses.map(\.function) == ["plain_user"])
  }

  @Test("a function entered from two contexts gets one edge per context")
  func edgePerContext() {
    let handler = F.function("handler", [.lock("x.a", line: 10), .lock("x.b", line: 11)])
    let tree = F.tree(
      [handler],
      entries: [F.entry("handler", "ioctl", line: 900), F.entry("handler", "shrinker", line: 901)])
    let edges = F.simulator.graph(of: tree).edges
    #expect(
      edges.map { "\($0.from.name)>\($0.to.name)@\($0.context ?? "-")" } == [
        "fs_reclaim>x.a@shrinker", "x.a>x.b@ioctl", "x.a>x.b@shrinker",
      ])
  }

  @Test("unbind zapping mappings under struct_mutex meets a notifier taking struct_mutex")
  func unmapUnderLockMeetsNotifier() throws {
    let unbind = F.function(
      "i915_gem_object_unbind",
      [
        .lock(F.structMutex, line: 10),
        .call(
          "unmap_mapping_range", line: 12,
          takes: [
            ("address_space.i_mmap_rwsem", .rwsem, .write), (F.mmuNotifier, .pseudo, .write),
          ]),
      ])
    let notifier = F.function(
      "userptr_invalidate_range_start", file: "i915_gem_userptr.c", [.lock(F.structMutex, line: 40)]
    )
    let tree = F.tree(
      [unbind, notifier], entries: [F.entry("userptr_invalidate_range_start", "mmu_notifier")])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.kind) == [.circularDependency])
    let finding = try #require(findings.first)
    // Lockdep records a dependency from the most recent lock only: the cycle runs through
    // the i_mmap lock, as lockdep would print it.
    #expect(
      finding.locks.map(\.name) == [F.structMutex, "address_space.i_mmap_rwsem", F.mmuNotifier])
    #expect(
      finding.edges.map(\.function) == [
        "i915_gem_object_unbind", "i915_gem_object_unbind", "userptr_invalidate_range_start",
      ])
    #expect(finding.sameTask)
    #expect(finding.confirmed)
  }

  @Test("an imbalance the extractor found is reported as an imbalance")
  func imbalance() {
    let leaky = F.function(
      "leaky", [.lock("x.a", line: 10)],
      imbalances: [
        Imbalance(
          lock: LockClass("x.a"), function: "leaky",
          location: SourceLocation(file: F.gem, line: 12), problem: .heldOnSomeExits)
      ])
    let findings = F.simulator.findings(base: nil, patched: F.tree([leaky]))
    #expect(findings.map(\.kind) == [.imbalance])
    #expect(findings.first?.imbalance?.problem == .heldOnSomeExits)
  }
}
