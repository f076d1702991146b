import LockModelExtract
import Testing

@testable import GEMSim

@Suite("scale")
struct ScaleTests {
  typealias F = Fixture

  /// Functions that take three of `classes` locks in ascending order (no cycle), some
  /// allocating or copying from user space under them, plus fault and shrinker entries.
  static func bigTree(functions: Int, classes: Int, reversed: Bool) -> TreeModel {
    var models: [FunctionModel] = []
    var firstPicks: [Int] = []
    var generator = SplitMix(seed: 2009)
    for index in 0..<functions {
      let picks = (0..<3).map { _ in Int(generator.next() % UInt64(classes)) }.sorted()
      if index == 0 { firstPicks = picks }
      var steps: [Fixture.Step] = picks.enumerated().map { offset, pick in
        .lock("c\(pick).lock", line: 10 + offset)
      }
      if index % 7 == 0 {
        steps.append(.call("kmalloc", line: 20, takes: [("fs_reclaim", .pseudo, .write)]))
      }
      if index % 11 == 0 { steps.append(F.copyFromUser(line: 21)) }
      models.append(F.function("f\(index)", file: "f\(index / 30).c", line: 1, steps))
    }
    // Handlers take only the lowest classes, which nothing allocates or copies under.
    models.append(F.function("fault_handler", file: "fault.c", [.lock("a.first", line: 5)]))
    models.append(F.function("shrink_handler", file: "shrink.c", [.lock("a.second", line: 5)]))
    if reversed {
      models.append(
        F.function(
          "reversed", file: "new.c",
          [.lock("c\(firstPicks[2]).lock", line: 5), .lock("c\(firstPicks[0]).lock", line: 6)]))
    }
    return F.tree(
      models,
      entries: [
        F.entry("fault_handler", "fault", line: 1), F.entry("shrink_handler", "shrinker", line: 2),
      ])
  }

  @Test("one reversed pair in a large acyclic tree is the only finding, found quickly")
  func largeTree() {
    let base = Self.bigTree(functions: 5_000, classes: 400, reversed: false)
    let patched = Self.bigTree(functions: 5_000, classes: 400, reversed: true)
    let clock = ContinuousClock()
    let start = clock.now
    let graph = F.simulator.graph(of: patched)
    let built = clock.now
    let findings = F.simulator.findings(base: base, patched: patched)
    let done = clock.now
    print(
      "scale: \(graph.edges.count) edges, graph \(built - start), review \(done - built),"
        + " states \(findings.map(\.statesExplored))")
    #expect(findings.count == 1)
    #expect(findings.first?.edges.first?.function == "reversed")
    #expect(findings.first?.origin == .introduced)
  }
}

/// A tiny deterministic generator, so the synthetic tree is the same on every run.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
