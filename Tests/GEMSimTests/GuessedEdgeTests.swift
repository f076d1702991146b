import LockModelExtract
import Testing

@testable import GEMSim

@Suite("guessed ops-call paths")
struct GuessedEdgeTests {
  typealias F = Fixture

  /// `b_then_a` takes x.a only through an ops call the extractor could not pin (a copy
  /// engine's table that may not have the member at all).
  private func guessedSide(line: Int = 21) -> FunctionModel {
    var function = F.function(
      "b_then_a", [.lock("x.b", line: 20), .lock("x.a", line: line)])
    for index in function.acquisitions.indices
    where function.acquisitions[index].lock.name == "x.a" {
      function.acquisitions[index].guessed = true
      function.acquisitions[index].via = ["engine_reserve", "video_begin_use"]
    }
    return function
  }

  @Test("an ABBA one side of which is only a guessed ops call is unconfirmed, shown when asked")
  func guessedSideIsUnconfirmed() {
    let tree = F.tree([
      F.function("a_then_b", [.lock("x.a", line: 10), .lock("x.b", line: 11)]),
      guessedSide(),
    ])
    let graph = F.simulator.graph(of: tree)
    #expect(graph.edges.filter(\.guessed).map { "\($0.from.name)>\($0.to.name)" } == ["x.b>x.a"])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
    let shown = F.simulator.findings(
      base: nil, patched: tree, options: AnalysisOptions(includeUnconfirmed: true))
    #expect(shown.map(\.confirmed) == [false])
    #expect(shown.first?.scenario.isEmpty == true)
    #expect(F.simulator.cycles(in: graph).map(\.confirmed) == [false])
  }

  @Test("a sure path for the same dependency beside a guessed one confirms the ABBA with it")
  func surePathConfirms() {
    let tree = F.tree([
      F.function("a_then_b", [.lock("x.a", line: 10), .lock("x.b", line: 11)]),
      guessedSide(),
      F.function("b_then_a_for_sure", [.lock("x.b", line: 30), .lock("x.a", line: 31)]),
    ])
    let findings = F.simulator.findings(base: nil, patched: tree)
    #expect(findings.map(\.confirmed) == [true])
    #expect(findings.first?.edges.contains(where: \.guessed) == false)
    #expect(findings.first?.edges.map(\.function).sorted() == ["a_then_b", "b_then_a_for_sure"])
  }

  @Test("an irq inversion whose plain use is only a guessed ops call is unconfirmed")
  func guessedIRQInversionIsUnconfirmed() {
    let handler = F.function("irq_handler", [.lock("x.list_lock", .spinlock, line: 10)])
    var plain = F.function("plain", [.lock("x.list_lock", .spinlock, line: 20)])
    plain.acquisitions[0].guessed = true
    let tree = F.tree([handler, plain], entries: [F.entry("irq_handler", "irq")])
    #expect(F.simulator.findings(base: nil, patched: tree).isEmpty)
    let shown = F.simulator.findings(
      base: nil, patched: tree, options: AnalysisOptions(includeUnconfirmed: true))
    #expect(shown.map(\.kind) == [.irqInversion])
    #expect(shown.map(\.confirmed) == [false])
  }
}
