import LockModelExtract
import Testing

@testable import GEMSim

@Suite("lock semantics")
struct LockSemanticsTests {
  typealias F = Fixture

  @Test("an ABBA between two mutexes deadlocks in four steps on two CPUs")
  func mutexABBA() {
    let tree = F.tree([
      F.function("a_then_b", [.lock("x.a", line: 10), .lock("x.b", line: 11)]),
      F.function("b_then_a", [.lock("x.b", line: 20), .lock("x.a", line: 21)]),
    ])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.count == 1)
    let finding = findings[0]
    #expect(finding.kind == .circularDependency)
    #expect(finding.confirmed)
    #expect(finding.locks.map(\.name).sorted() == ["x.a", "x.b"])
    #expect(finding.scenario.count == 4)
    #expect(Set(finding.scenario.map(\.cpu)) == [0, 1])
    #expect(finding.scenario.suffix(2).allSatisfy { $0.note == "waits" })
  }

  @Test("an rwsem read/read cycle deadlocks once a writer queues, and the scenario has it")
  func rwsemReadReadNeedsWriter() {
    let tree = F.tree([
      F.function(
        "reads_then_locks", [.lock(F.mmapLock, .rwsem, .read, line: 10), .lock("x.m", line: 11)]),
      F.function(
        "locks_then_reads", [.lock("x.m", line: 20), .lock(F.mmapLock, .rwsem, .read, line: 21)]),
    ])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.count == 1)
    let finding = findings[0]
    #expect(finding.confirmed)
    let writer = finding.scenario.filter { $0.edge == nil }
    #expect(writer.count == 1)
    #expect(writer.first?.note == "a writer (e.g. munmap), waits")
    #expect(writer.first?.action == .lock)
    #expect(finding.scenario.count == 5)
  }

  @Test("an rwsem writer nobody names in the knowledge base is just a writer")
  func unnamedWriter() {
    let tree = F.tree([
      F.function("r", [.lock("x.sem", .rwsem, .read, line: 10), .lock("x.m", line: 11)]),
      F.function("w", [.lock("x.m", line: 20), .lock("x.sem", .rwsem, .read, line: 21)]),
    ])
    let finding = F.simulator.findings(base: nil, patched: tree).first
    #expect(finding?.scenario.contains { $0.note == "a writer, waits" } == true)
  }

  @Test("rwlock_t readers are recursive: a read/read cycle on an rwlock is no cycle at all")
  func rwlockReadReadIsFine() {
    let tree = F.tree([
      F.function(
        "r", [.lock("x.rw", .rwlock, .read, line: 10), .lock("x.s", .spinlock, line: 11)]),
      F.function(
        "w", [.lock("x.s", .spinlock, line: 20), .lock("x.rw", .rwlock, .read, line: 21)]),
    ])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
    let shown = F.simulator.findings(
      base: nil, patched: tree, options: AnalysisOptions(includeUnconfirmed: true))
    #expect(shown.isEmpty)
  }

  @Test("a trylock adds no dependency and so no cycle")
  func trylockAddsNoEdge() {
    let tree = F.tree([
      F.function("a_then_try_b", [.lock("x.a", line: 10), .trylock("x.b", line: 11)]),
      F.function("b_then_a", [.lock("x.b", line: 20), .lock("x.a", line: 21)]),
    ])
    let graph = F.simulator.graph(of: tree)
    #expect(graph.edges.map { "\($0.from.name)>\($0.to.name)" } == ["x.b>x.a"])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("a common outer lock suppresses the ABBA: unconfirmed, shown only when asked")
  func gateLockSuppresses() {
    let tree = F.tree([
      F.function(
        "gated_ab", [.lock("gate", line: 9), .lock("x.a", line: 10), .lock("x.b", line: 11)]),
      F.function(
        "gated_ba", [.lock("gate", line: 19), .lock("x.b", line: 20), .lock("x.a", line: 21)]),
    ])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
    let shown = F.simulator.findings(
      base: nil, patched: tree, options: AnalysisOptions(includeUnconfirmed: true))
    #expect(shown.count == 1)
    #expect(shown.first?.confirmed == false)
    #expect(shown.first?.scenario.isEmpty == true)
    #expect((shown.first?.statesExplored ?? 0) > 0)
  }

  @Test("nested subclasses of one class do not self-report")
  func nestedSubclass() {
    let tree = F.tree([
      F.function(
        "parent_then_child",
        [.lock("obj.lock", line: 10), .lock("obj.lock", line: 11, subclass: 1)])
    ])
    #expect(F.simulator.graph(of: tree).recursions.isEmpty)
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("a dependency through a nested subclass is its own node: A -> B and B/1 -> A is no cycle")
  func subclassIsItsOwnNode() {
    let tree = F.tree([
      F.function("a_then_b", [.lock("obj.lock", line: 10), .lock("other.lock", line: 11)]),
      F.function(
        "b_then_a_nested",
        [.lock("other.lock", line: 20), .lock("obj.lock", line: 21, subclass: 1)]),
    ])
    let graph = F.simulator.graph(of: tree)
    #expect(graph.edges.contains { $0.from.name == "other.lock" && $0.to.name == "obj.lock/1" })
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
    let unannotated = F.tree([
      F.function("a_then_b", [.lock("obj.lock", line: 10), .lock("other.lock", line: 11)]),
      F.function("b_then_a", [.lock("other.lock", line: 20), .lock("obj.lock", line: 21)]),
    ])
    #expect(F.simulator.findings(base: nil, patched: unannotated).map(\.kind) == [.circularDependency])
  }

  @Test("one class taken twice without a subclass is recursive locking with annotation advice")
  func recursiveWithoutAnnotation() {
    let tree = F.tree([
      F.function("parent_then_child", [.lock("obj.lock", line: 10), .lock("obj.lock", line: 11)])
    ])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.kind) == [.recursiveLocking])
    #expect(findings.first?.missingNestingAnnotation == true)
    #expect(findings.first?.confirmed == true)
    #expect(findings.first?.scenario.map(\.cpu) == [0, 0])
  }

  @Test("recursive down_read deadlocks behind a queued writer; recursive read_lock does not")
  func recursiveReads() {
    let rwsem = F.tree([
      F.function(
        "reads_twice",
        [.lock("x.sem", .rwsem, .read, line: 10), .lock("x.sem", .rwsem, .read, line: 11)])
    ])
    let findings = F.simulator.findings(base: nil, patched: rwsem)
    #expect(findings.map(\.kind) == [.recursiveLocking])
    #expect(findings.first?.scenario.contains { $0.note == "a writer, waits" } == true)
    let rwlock = F.tree([
      F.function(
        "reads_twice",
        [.lock("x.rw", .rwlock, .read, line: 10), .lock("x.rw", .rwlock, .read, line: 11)])
    ])
    #expect(F.simulator.findings(base: nil, patched: rwlock).isEmpty)
  }

  @Test("ww_mutexes in one acquire context form no ABBA and no recursion")
  func wwMutexContext() {
    let tree = F.tree([
      F.function(
        "lock_ab",
        [
          .lock("dma_resv.lock", .wwMutex, line: 10, context: "ctx"),
          .lock("dma_resv.lock", .wwMutex, line: 11, context: "ctx"),
          .lock("x.other", .wwMutex, line: 12, context: "ctx"),
        ]),
      F.function(
        "lock_ba",
        [
          .lock("x.other", .wwMutex, line: 20, context: "ctx"),
          .lock("dma_resv.lock", .wwMutex, line: 21, context: "ctx"),
        ]),
    ])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
  }

  @Test("a four-lock cycle deadlocks with four CPUs, each waiting")
  func fourCycle() {
    let names = ["x.a", "x.b", "x.c", "x.d"]
    let tree = F.tree(
      names.indices.map { index in
        F.function(
          "step\(index)",
          [
            .lock(names[index], line: 10 * index + 1),
            .lock(names[(index + 1) % 4], line: 10 * index + 2),
          ])
      })
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.count == 1)
    #expect(findings.first?.locks.count == 4)
    #expect(findings.first?.scenario.count == 8)
    #expect(findings.first?.confirmed == true)
  }

  @Test("exploration of a gated four-lock cycle stays small")
  func gatedFourCycleIsBounded() {
    let names = ["x.a", "x.b", "x.c", "x.d"]
    let tree = F.tree(
      names.indices.map { index in
        F.function(
          "gated\(index)",
          [
            .lock("gate", line: 10 * index),
            .lock(names[index], line: 10 * index + 1),
            .lock(names[(index + 1) % 4], line: 10 * index + 2),
          ])
      })
    let shown = F.simulator.findings(
      base: nil, patched: tree, options: AnalysisOptions(includeUnconfirmed: true))
    #expect(shown.count == 1)
    #expect(shown.first?.confirmed == false)
    #expect((shown.first?.statesExplored ?? .max) < 200)
  }
}

@Suite("held-on-some-paths locks")
struct MaybeHeldTests {
  typealias F = Fixture

  @Test("an outer lock held only on some paths is no gate: the ABBA is confirmed")
  func maybeGateIsNoGate() {
    var gatedAB = F.function(
      "gated_ab", [.lock("gate", line: 9), .lock("x.a", line: 10), .lock("x.b", line: 11)])
    for index in gatedAB.acquisitions.indices {
      for held in gatedAB.acquisitions[index].held.indices
      where gatedAB.acquisitions[index].held[held].lock.name == "gate" {
        gatedAB.acquisitions[index].held[held].maybe = true
      }
    }
    let tree = F.tree([
      gatedAB,
      F.function(
        "gated_ba", [.lock("gate", line: 19), .lock("x.b", line: 20), .lock("x.a", line: 21)]),
    ])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.confirmed) == [true])
  }
}

@Suite("exploration")
struct ExplorationTests {
  @Test("a busy trylock on a replayed path backs out instead of waiting")
  func trylockBacksOut() {
    let a = LockOperation(lock: LockClass("x.a"), kind: .mutex, mode: .write, subclass: 0)
    var x = LockOperation(lock: LockClass("x.x"), kind: .mutex, mode: .write, subclass: 0)
    let waiting = Exploration(threads: [
      ExplorationThread(operations: [a, x], edge: 0),
      ExplorationThread(operations: [x, a], edge: 1),
    ]).run()
    #expect(waiting.deadlocks)
    x.isTry = true
    let trying = Exploration(threads: [
      ExplorationThread(operations: [a, x], edge: 0),
      ExplorationThread(
        operations: [
          LockOperation(
            lock: x.lock, kind: .mutex, mode: .write,
            subclass: 0), a,
        ], edge: 1),
    ]).run()
    #expect(!trying.deadlocks)
    #expect(!trying.truncated)
  }

  @Test("past the state bound a long cycle is still confirmed through the state it aims at")
  func canonicalStatePastTheBound() {
    func mutex(_ name: String) -> LockOperation {
      LockOperation(lock: LockClass(name), kind: .mutex, mode: .write, subclass: 0)
    }
    let shared = LockOperation(
      lock: LockClass("x.sem"), kind: .rwsem, mode: .read, subclass: 0)
    var threads = (0..<6).map { index in
      ExplorationThread(
        operations: [
          mutex("own\(index).a"), shared, mutex("x.l\(index)"), mutex("x.l\((index + 1) % 6)"),
        ], edge: index)
    }
    var writer = shared
    writer.mode = .write
    threads.append(ExplorationThread(operations: [writer], edge: nil, note: "a writer"))
    let bounded = Exploration(threads: threads, stateLimit: 300).run()
    #expect(bounded.truncated)
    #expect(bounded.deadlocks)
    #expect(bounded.statesExplored <= 301)
    #expect(bounded.schedule.filter { $0.move == .wait }.count >= 6)
    let gated = Exploration(
      threads: threads.map {
        var thread = $0
        if thread.edge != nil { thread.operations.insert(mutex("gate"), at: 0) }
        return thread
      }, stateLimit: 300
    ).run()
    #expect(!gated.deadlocks)
  }

  @Test("a cycle of ten paths (more threads than one packed word holds) is confirmed by search")
  func tenPathRing() {
    func mutex(_ name: String) -> LockOperation {
      LockOperation(lock: LockClass(name), kind: .mutex, mode: .write, subclass: 0)
    }
    let ring = (0..<10).map { index in
      ExplorationThread(
        operations: [mutex("x.l\(index)"), mutex("x.l\((index + 1) % 10)")], edge: index)
    }
    // Ten threads of two locks each have at most 3^10 states: all within this bound.
    let found = Exploration(threads: ring, stateLimit: 100_000).run()
    #expect(found.deadlocks)
    #expect(!found.truncated)
    #expect(Set(found.schedule.filter { $0.move == .wait }.map(\.thread)) == Set(0..<10))
    let gated = Exploration(
      threads: ring.map {
        var thread = $0
        thread.operations.insert(mutex("gate"), at: 0)
        return thread
      }, stateLimit: 100_000
    ).run()
    #expect(!gated.deadlocks)
    #expect(!gated.truncated)
  }

  @Test("an exploration of no threads finds nothing and stops at its one state")
  func noThreads() {
    let result = Exploration(threads: []).run()
    #expect(!result.deadlocks)
    #expect(result.statesExplored == 1)
  }
}
