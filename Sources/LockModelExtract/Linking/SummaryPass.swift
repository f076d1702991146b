/// One computation of summaries over a linked tree: the linker's tables, the call-graph
/// facts and the summaries written so far, shared by every function's analyzer.
///
/// A class because an analyzer is made for each of the tree's tens of thousands of
/// functions and for each specialisation: holding the linker by value, each analyzer and
/// each of its callbacks retained every table of the knowledge base, the type resolver and
/// the linker, from both cores at once, which was a tenth of the summaries' time.
final class SummaryPass: @unchecked Sendable {
  let linker: TreeLinker
  let level: [Int]
  let tested: [Set<String>]
  let receivers: [Set<String>]
  let ops: OpsTables
  /// Written one call-graph level at a time; an analyzer reads only lower levels.
  let results: SlotStore<FunctionSummary>
  let memo: SpecializationMemo?
  /// What each definition's events call (`TreeLinker.CallGraph.eventCallees`); empty when
  /// not known, and calls are then resolved by name.
  let eventCallees: [[Int32]]
  /// `TreeLinker.CallGraph.lockFree`; empty when not known.
  let lockFree: [Bool]

  init(
    linker: TreeLinker, level: [Int], tested: [Set<String>], receivers: [Set<String>],
    ops: OpsTables, results: SlotStore<FunctionSummary>, memo: SpecializationMemo?,
    eventCallees: [[Int32]] = [], lockFree: [Bool] = []
  ) {
    self.linker = linker
    self.level = level
    self.tested = tested
    self.receivers = receivers
    self.ops = ops
    self.results = results
    self.memo = memo
    self.eventCallees = eventCallees
    self.lockFree = lockFree
  }

  /// Whether definition `id`'s summary is known empty whatever its callers pass.
  func isLockFree(_ id: Int) -> Bool { id < lockFree.count && lockFree[id] }

  /// An analyzer for definition `id` that reads summaries of functions below `limit` in
  /// the call graph and analyses callees again for constant arguments, `depth` deep.
  func analyzer(for id: Int, below limit: Int, depth: Int) -> FunctionAnalyzer {
    let d = linker.definitions[id]
    var analyzer = FunctionAnalyzer(
      body: d.body, file: d.path, pass: self, local: linker.statics[d.path], limit: limit,
      depth: depth, calls: id < eventCallees.count ? eventCallees[id] : [])
    analyzer.initialTables = ops.ownTables(of: id, body: d.body, file: d.path,
      resolver: linker.resolver)
    // Past the depth budget, a callee is still analysed for the literal constants a call
    // passes (`__ttm_bo_reserve(bo, false, true, NULL)` only trylocks): that does not depend
    // on the caller's own facts, and each step goes down the call-graph levels.
    if depth <= 0 { analyzer.passesFactsOn = false }
    return analyzer
  }

  /// The summary of definition `c` (a call's callee), when it is below `limit`.
  func callee(_ c: Int?, below limit: Int) -> FunctionSummary? {
    guard let c, level[c] < limit else { return nil }
    return results[c]
  }

  /// The acquisitions of the functions an ops-table call may reach (see
  /// `TreeLinker.indirectSummary`), of those below `limit`.
  func indirect(
    _ type: String, _ member: String, pinned: Set<String>?, from file: String, below limit: Int
  ) -> FunctionSummary? {
    linker.indirectSummary(type, member, from: file, pinned: pinned, ops: ops) { t in
      level[t] < limit ? results[t] : nil
    }
  }

  /// The summary of callee `c` analysed again for the constants and tables a call passes,
  /// when it tests a parameter that receives one; nil to use its general summary.
  func specialized(
    _ c: Int?, _ arguments: [ArgumentFacts], below limit: Int, depth: Int
  ) -> FunctionSummary? {
    guard let c, level[c] < limit, !isLockFree(c),
      !tested[c].isEmpty || !receivers[c].isEmpty
    else { return nil }
    let definition = linker.definitions[c]
    var facts: [String: ValueFact.Predicate] = [:]
    var values: [String: Int] = [:]
    var tables: [String: Set<String>] = [:]
    for (p, argument) in zip(definition.body.parameters, arguments) {
      if receivers[c].contains(p) {
        // Tables of another directory are not resolved through from the callee's.
        for (member, known) in argument.tables
        where ops.local(known, to: definition.path) == known {
          tables[p + "." + member] = known
        }
      }
      if tested[c].contains(p), let value = argument.value(in: linker.constants) {
        values[p] = value
      }
      if let value = argument.truth, tested[c].contains(p) { facts[p] = value }
      for key in tested[c] where key.hasPrefix(p + "&") {
        if let value = argument.bit(String(key.dropFirst(p.count + 1))) { facts[key] = value }
      }
    }
    guard !facts.isEmpty || !values.isEmpty || !tables.isEmpty else { return nil }
    let key = SpecializationMemo.Key(
      callee: c, depth: max(depth - 1, 0), facts: facts, values: values, tables: tables)
    if let known = memo?.summary(key) { return known }
    var inner = analyzer(for: c, below: level[c], depth: max(depth - 1, 0))
    inner.initialFacts = facts
    inner.initialValues = values
    inner.initialTables.merge(tables) { _, passed in passed }
    let summary = inner.analyze()
    memo?.store(summary, for: key)
    return summary
  }
}
