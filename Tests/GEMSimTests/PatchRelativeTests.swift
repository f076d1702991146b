import LockModelExtract
import Testing

@testable import GEMSim

@Suite("patch-relative findings")
struct PatchRelativeTests {
  typealias F = Fixture

  static let faultEntry = F.entry("i915_gem_fault", "fault", line: 902)

  /// pread copies to the user under struct_mutex too: the base tree's broken ordering.
  static func pread(line: Int = 400) -> FunctionModel {
    F.function(
      "i915_gem_pread_ioctl", line: line - 5,
      [.lock(F.structMutex, line: line), F.copyFromUser(line: line + 3), .unlock(F.structMutex)])
  }

  @Test("a patch that adds the copy under the lock introduces the cycle")
  func introduced() throws {
    let base = F.tree([F.gemFault()], entries: [Self.faultEntry])
    let patched = F.tree([F.pwrite(), F.gemFault(line: 230)], entries: [Self.faultEntry])
    let findings = F.simulator.findings(base: base, patched: patched)
    #expect(findings.map(\.origin) == [.introduced])
    let finding = try #require(findings.first)
    #expect(finding.edges.map(\.isNew) == [true, false])
    #expect(finding.alreadyBrokenAt.isEmpty)
  }

  @Test("another instance of an ordering the base already breaks is introduced, with where")
  func introducedAgainstExistingCycle() throws {
    let base = F.tree([Self.pread(), F.gemFault()], entries: [Self.faultEntry])
    let patched = F.tree(
      [F.pwrite(), Self.pread(line: 410), F.gemFault()], entries: [Self.faultEntry])
    let findings = F.simulator.findings(base: base, patched: patched)
    #expect(findings.map(\.origin) == [.introduced])
    let finding = try #require(findings.first)
    #expect(finding.edges.first?.function == "i915_gem_pwrite_ioctl")
    #expect(finding.alreadyBrokenAt.map(\.function) == ["i915_gem_pread_ioctl", "i915_gem_fault"])
  }

  @Test("a cycle the base tree had is existing: hidden unless asked, even with shifted lines")
  func existing() throws {
    let base = F.tree([Self.pread(), F.gemFault()], entries: [Self.faultEntry])
    let patched = F.tree(
      [Self.pread(line: 420), F.gemFault(line: 260)], entries: [Self.faultEntry])
    #expect(F.simulator.findings(base: base, patched: patched).isEmpty)
    let shown = F.simulator.findings(
      base: base, patched: patched, options: AnalysisOptions(includeExisting: true))
    #expect(shown.map(\.origin) == [.existing])
    #expect(shown.first?.introducedByPatch == false)
    #expect(shown.first?.edges.first?.location.line == 423)
  }

  @Test("a patch that moves the copy out from under the lock removes the cycle")
  func removed() throws {
    let base = F.tree([F.pwrite(), F.gemFault()], entries: [Self.faultEntry])
    let fixed = F.function(
      "i915_gem_pwrite_ioctl", line: 95,
      [F.copyFromUser(line: 98), .lock(F.structMutex, line: 100), .unlock(F.structMutex)])
    let patched = F.tree([fixed, F.gemFault()], entries: [Self.faultEntry])
    let findings = F.simulator.findings(base: base, patched: patched)
    #expect(findings.map(\.origin) == [.removed])
    #expect(findings.first?.kind == .circularDependency)
    #expect(findings.first?.locks.map(\.name) == [F.structMutex, F.mmapLock])
  }

  @Test("a recursion the base had is existing; the fix that drops it removes it")
  func recursionExistingAndRemoved() {
    let twice = F.tree([F.function("twice", [.lock("x.a", line: 10), .lock("x.a", line: 11)])])
    let shifted = F.tree([
      F.function("twice", [.lock("x.a", line: 20), .lock("x.a", line: 21)])
    ])
    let once = F.tree([F.function("twice", [.lock("x.a", line: 10)])])
    #expect(F.simulator.findings(base: twice, patched: shifted).isEmpty)
    let existing = F.simulator.findings(
      base: twice, patched: shifted, options: AnalysisOptions(includeExisting: true))
    #expect(existing.map(\.origin) == [.existing])
    let removed = F.simulator.findings(base: twice, patched: once)
    #expect(removed.map(\.origin) == [.removed])
    #expect(removed.map(\.kind) == [.recursiveLocking])
  }

  @Test("without a base tree every finding counts as introduced")
  func noBase() {
    let tree = F.tree([Self.pread(), F.gemFault()], entries: [Self.faultEntry])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.origin) == [.introduced])
    #expect(findings.first?.edges.allSatisfy(\.isNew) == true)
  }

  @Test("a callee's new edge is one finding, not one more per caller")
  func callerChainsCollapse() {
    let helper = F.function(
      "copy_locked", [.lock(F.structMutex, line: 50), F.copyFromUser(line: 51)])
    let helperAcquisitions = helper.acquisitions
    let caller = FunctionModel(
      name: "ioctl_caller", location: SourceLocation(file: F.gem, line: 70), endLine: 80,
      acquisitions: helperAcquisitions.map {
        var inCaller = $0
        inCaller.function = "ioctl_caller"
        inCaller.via = ["copy_locked"] + $0.via
        inCaller.location = SourceLocation(file: F.gem, line: 72)
        inCaller.held = $0.held.map {
          var held = $0
          held.location = SourceLocation(file: F.gem, line: 72)
          held.via = ["copy_locked"] + held.via
          return held
        }
        return inCaller
      })
    let tree = F.tree([helper, caller, F.gemFault()], entries: [Self.faultEntry])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.count == 1)
    #expect(findings.first?.edges.first?.function == "copy_locked")
  }

  @Test("findings come in a stable order: kind, then file and line")
  func deterministicOrder() {
    let tree = F.tree(
      [
        F.function("a_then_b", file: "b.c", [.lock("x.a", line: 10), .lock("x.b", line: 11)]),
        F.function("b_then_a", file: "b.c", [.lock("x.b", line: 20), .lock("x.a", line: 21)]),
        F.function("c_then_d", file: "a.c", [.lock("x.c", line: 10), .lock("x.d", line: 11)]),
        F.function("d_then_c", file: "a.c", [.lock("x.d", line: 20), .lock("x.c", line: 21)]),
        F.function("twice", file: "a.c", [.lock("x.e", line: 5), .lock("x.e", line: 6)]),
      ])
    let first = F.simulator.findings(base: nil, patched: tree)
    let again = F.simulator.findings(base: nil, patched: tree)
    #expect(first == again)
    #expect(first.map(\.kind) == [.circularDependency, .circularDependency, .recursiveLocking])
    #expect(first.map { $0.edges[0].location.file } == ["a.c", "b.c", "a.c"])
  }
}

@Suite("incremental graph")
struct IncrementalGraphTests {
  typealias F = Fixture

  @Test("rebuilding only the changed functions gives the full graph")
  func incrementalEqualsFull() {
    let faultEntry = F.entry("i915_gem_fault", "fault", line: 902)
    let helper = F.function("helper", file: "h.c", [.lock("x.a", line: 5), .lock("x.b", line: 6)])
    let base = F.tree(
      [helper, PatchRelativeTests.pread(), F.gemFault()], entries: [faultEntry])
    let patched = F.tree(
      [helper, F.pwrite(), PatchRelativeTests.pread(line: 420), F.gemFault()],
      entries: [faultEntry])
    let baseGraph = F.simulator.graph(of: base)
    let full = F.simulator.graph(of: patched)
    let updated = F.simulator.graph(of: patched, updating: baseGraph, from: base)
    #expect(updated.edges == full.edges)
    #expect(updated.recursions == full.recursions)
    #expect(Set(updated.usages) == Set(full.usages))
    // A changed fault handler reaches every world path: the whole graph is rebuilt.
    let newFault = F.tree(
      [helper, F.pwrite(), PatchRelativeTests.pread(), F.gemFault(line: 250)],
      entries: [faultEntry])
    #expect(
      F.simulator.graph(of: newFault, updating: baseGraph, from: base).edges
        == F.simulator.graph(of: newFault).edges)
  }

  @Test("a changed caller that makes a helper someone's callee updates to the full graph")
  func helperBecomingCalleeRebuildsItsUsages() {
    // Taken outside any call, a spinlock's irq state is the helper's own; once a caller
    // goes through the helper, it is the caller's. Only the caller changed, yet the
    // helper's usages must follow.
    let helper = F.function("spin_helper", file: "h.c", [.lock("x.s", .spinlock, line: 5)])
    let before = F.function("caller", file: "c.c", [.lock("x.a", line: 10)])
    let after = F.function(
      "caller", file: "c.c",
      [.lock("x.a", line: 10), .call("spin_helper", line: 11, takes: [("x.s", .spinlock, .write)])])
    let base = F.tree([helper, before])
    let patched = F.tree([helper, after])
    let full = F.simulator.graph(of: patched)
    let updated = F.simulator.graph(
      of: patched, updating: F.simulator.graph(of: base), from: base, changed: ["caller"])
    #expect(Set(full.usages) != Set(F.simulator.graph(of: base).usages))
    #expect(updated.edges == full.edges)
    #expect(Set(updated.usages) == Set(full.usages))
  }
}
