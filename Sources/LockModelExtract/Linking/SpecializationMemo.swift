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

  /// Shards by callee, each with its own lock: both cores look summaries up all the time,
  /// and one lock made them wait on each other.
  private final class Shard: @unchecked Sendable {
    let lock = NSLock()
    var summaries: [Key: FunctionSummary] = [:]
  }

  private let shards = (0..<16).map { _ in Shard() }

  func summary(_ key: Key) -> FunctionSummary? {
    let shard = shards[key.callee & 15]
    shard.lock.lock()
    defer { shard.lock.unlock() }
    return shard.summaries[key]
  }

  func store(_ summary: FunctionSummary, for key: Key) {
    let shard = shards[key.callee & 15]
    shard.lock.lock()
    shard.summaries[key] = summary
    shard.lock.unlock()
  }
}
