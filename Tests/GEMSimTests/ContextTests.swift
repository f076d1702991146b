import LockModelExtract
import Testing

@testable import GEMSim

@Suite("entry contexts and pseudo-locks")
struct ContextTests {
  typealias F = Fixture

  @Test("flushing a work item under A while the work takes A is a circular dependency")
  func flushWorkUnderLock() throws {
    let flusher = F.function(
      "retire_sync",
      [
        .lock(F.structMutex, line: 10),
        .call("flush_work", line: 11, takes: [("(work_completion)retire_work", .pseudo, .write)]),
      ])
    let work = F.function("retire_work", [.lock(F.structMutex, line: 30)])
    // The extractor left the entry's held lock out: the context's, named for the work.
    let entry = EntryPoint(
      function: "retire_work", context: "work",
      registeredAt: SourceLocation(file: F.gem, line: 900))
    let findings = F.simulator.findings(
      base: nil, patched: F.tree([flusher, work], entries: [entry]))
    #expect(findings.map(\.kind) == [.circularDependency])
    let finding = try #require(findings.first)
    #expect(finding.locks.map(\.name) == [F.structMutex, "(work_completion)retire_work"])
    #expect(finding.confirmed)
  }

  @Test("softirq inversion: taken in a softirq and with softirqs on; _bh makes it safe")
  func softirqInversion() {
    let timer = F.function("timer_fn", [.lock("x.list_lock", .spinlock, line: 10)])
    let plain = F.function("plain", [.lock("x.list_lock", .spinlock, line: 20)])
    let bh = F.function(
      "bh_user",
      [.lock("x.list_lock", .spinlock, line: 30, irq: IRQUsage(softirqsDisabled: true))])
    let entry = F.entry("timer_fn", "softirq")
    let findings = F.simulator.findings(
      base: nil, patched: F.tree([timer, plain], entries: [entry]))
    #expect(findings.map(\.kind) == [.irqInversion])
    #expect(findings.first?.scenario.map(\.note) == [nil, "<SoftIRQ>", "waits"])
    #expect(
      F.simulator.findings(base: nil, patched: F.tree([timer, bh], entries: [entry])).isEmpty)
  }

  @Test("rwlock readers in hardirq and readers with irqs on are fine; a writer is not")
  func rwlockReadersInIRQ() {
    let handler = F.function("irq_handler", [.lock("x.rw", .rwlock, .read, line: 10)])
    let reader = F.function("reader", [.lock("x.rw", .rwlock, .read, line: 20)])
    let writer = F.function("writer", [.lock("x.rw", .rwlock, .write, line: 30)])
    let entry = F.entry("irq_handler", "irq")
    #expect(
      F.simulator.findings(base: nil, patched: F.tree([handler, reader], entries: [entry]))
        .isEmpty)
    let findings = F.simulator.findings(
      base: nil, patched: F.tree([handler, reader, writer], entries: [entry]))
    #expect(findings.map(\.kind) == [.irqInversion])
    #expect(findings.first?.edges.first?.function == "writer")
  }

  @Test("a helper only ever called from an irq handler is not irq-unsafe on its own")
  func calledHelperInheritsIRQState() {
    let helper = F.function("helper", [.lock("x.l", .spinlock, line: 10)])
    var handler = F.function("irq_handler", line: 20, [])
    handler.acquisitions = helper.acquisitions.map {
      var inHandler = $0
      inHandler.function = "irq_handler"
      inHandler.via = ["helper"]
      inHandler.location = SourceLocation(file: F.gem, line: 21)
      return inHandler
    }
    let tree = F.tree([helper, handler], entries: [F.entry("irq_handler", "irq")])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("the graph answers which chain leads from one lock to another")
  func shortestChain() {
    let tree = F.tree(
      [WorldTests.pwriteCase.functions[0], WorldTests.pwriteCase.functions[1]],
      entries: WorldTests.pwriteCase.entries)
    let graph = F.simulator.graph(of: tree)
    let chain = graph.shortestChain(
      from: LockClass(F.structMutex), to: LockClass(F.mmapLock))
    #expect(chain?.map(\.function) == ["i915_gem_pwrite_ioctl"])
    #expect(
      graph.edges(from: LockClass(F.mmapLock), to: LockClass(F.structMutex)).map(\.function)
        == ["i915_gem_fault"])
    #expect(graph.shortestChain(from: LockClass("nothing"), to: LockClass(F.mmapLock)) == nil)
  }
}
