import Dispatch

extension Array where Element: Sendable {
  /// `map` run on every core, results in the order of `self`.
  ///
  /// For independent pieces of one document or stage (edge chunks of the graph JSON); the
  /// transform must not touch shared mutable state.
  func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      // Each iteration writes only its own slot, so the slots need no lock.
      nonisolated(unsafe) let slots = base
      self.withUnsafeBufferPointer { elements in
        nonisolated(unsafe) let items = elements
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
          slots[index] = transform(items[index])
        }
      }
    }
    return results.compactMap { $0 }
  }
}
