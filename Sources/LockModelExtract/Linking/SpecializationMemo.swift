import Foundation

/// Summaries of callees analysed again for the constants a call passes, shared by every
/// caller in one linking run: many callers pass the same constants to the same helper
/// (`false, true` to a reserve helper), and each analysis of it gives the same summary,
/// since it reads only summaries of lower call-graph levels, final by then.
final class SpecializationMemo: @unchecked Sendable {
  struct Key: Hashable {
    var callee: Int
    var depth: Int
    var facts: [String: ValueFact.Predicate]
    var values: [String: Int]
    var tables: [String: Set<String>]
  }

  private let lock = NSLock()
  private var summaries: [Key: FunctionSummary] = [:]

  func summary(_ key: Key) -> FunctionSummary? {
    lock.lock()
    defer { lock.unlock() }
    return summaries[key]
  }

  func store(_ summary: FunctionSummary, for key: Key) {
    lock.lock()
    summaries[key] = summary
    lock.unlock()
  }
}
