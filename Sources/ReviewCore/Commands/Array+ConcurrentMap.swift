import LockModelExtract

extension Array where Element: Sendable {
  /// `map` run on every core, results in the order of `self`.
  ///
  /// For independent pieces of one document or stage (edge chunks of the graph JSON); the
  /// transform must not touch shared mutable state.
  func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
    parallelMap(count: count, chunk: 1) { transform(self[$0]) }
  }
}
