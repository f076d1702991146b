import Foundation
import Testing

@testable import LockModelExtract

/// Summaries as linking computes them (functions that take nothing, directly or below, are
/// not analysed) and as analysing every function finds them.
private func summariesBothWays(_ files: [FileModel]) -> (
  shortcut: [FunctionSummary], everything: [FunctionSummary], lockFree: [Bool]
) {
  let linker = TreeLinker(files: files, knowledge: bundledKnowledge, limits: AnalysisLimits())
  let graph = linker.callGraph()
  let state = linker.opsState()
  var unmarked = graph
  unmarked.lockFree = []
  return (
    linker.summaries(graph, ops: state.ops, receivers: state.receivers),
    linker.summaries(unmarked, ops: state.ops, receivers: state.receivers),
    graph.lockFree
  )
}

@Suite("functions that take no lock")
struct LockFreeTests {
  @Test("skipping lock-free functions changes no summary of the sample tree")
  func sampleTree() throws {
    let base = try sources(under: packageRoot.appendingPathComponent("samples/gem-2009/tree"))
    let files = base.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let (shortcut, everything, lockFree) = summariesBothWays(files)
    #expect(lockFree.contains(true))
    #expect(lockFree.contains(false))
    #expect(shortcut == everything)
  }

  @Test("skipping lock-free functions changes no summary of the corpus tree",
    .enabled(if: corpusTree != nil, "the corpus is not unpacked"))
  func wholeCorpus() {
    let files = corpusSources.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let (shortcut, everything, lockFree) = summariesBothWays(files)
    // Most of a driver tree's helpers touch no lock: the shortcut is worth having.
    #expect(lockFree.filter { $0 }.count * 2 > lockFree.count)
    #expect(shortcut == everything)
  }
}
