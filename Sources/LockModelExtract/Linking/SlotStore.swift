import Dispatch

/// Results written by parallel workers, one slot each, read after the workers finish (or,
/// for summaries, only slots of an earlier call-graph level, complete before the level
/// starts). A class because the slots must be shared by reference between workers;
/// `@unchecked` because that discipline, not the type system, keeps it race-free.
final class SlotStore<Value: Sendable>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: max(count, 1))
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  subscript(index: Int) -> Value? {
    get { slots[index] }
    set { slots[index] = newValue }
  }
}

extension SlotStore {
  /// `transform` of every index below `count`, run on every core in chunks (a tree's
  /// definitions are tens of thousands of small jobs: one dispatch each would cost more
  /// than the work), in index order.
  static func map(count: Int, _ transform: @Sendable (Int) -> Value) -> [Value] {
    let store = SlotStore(count: count)
    let chunk = max(1, count / 64)
    let chunks = (count + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      for index in c * chunk..<min(count, (c + 1) * chunk) { store[index] = transform(index) }
    }
    // Every slot was written above, so nothing is dropped.
    return (0..<count).compactMap { store[$0] }
  }
}
