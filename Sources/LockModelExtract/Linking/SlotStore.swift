import Dispatch

/// Results written by parallel workers, one slot each, read after the workers finish (or,
/// for summaries, only slots of an earlier call-graph level, complete before the level
/// starts). A class because the slots must be shared by reference between workers;
/// `@unchecked` because that discipline, not the type system, keeps it race-free. Shared
/// with the other modules of the package, which hand results between threads the same way.
package final class SlotStore<Value: Sendable>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  /// `count` empty slots.
  package init(count: Int) {
    slots = .allocate(capacity: max(count, 1))
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  /// The value a worker wrote in slot `index`, nil until then.
  package subscript(index: Int) -> Value? {
    get { slots[index] }
    set { slots[index] = newValue }
  }
}

/// `transform` of every index below `count`, run on every core, in index order.
///
/// - Parameter chunk: indices per dispatched job. By default a sixty-fourth of the work: a
///   tree's definitions are tens of thousands of small jobs, and one dispatch each would
///   cost more than the work. Jobs of very different sizes (files) want 1.
package func parallelMap<T: Sendable>(
  count: Int, chunk: Int? = nil, _ transform: @Sendable (Int) -> T
) -> [T] {
  let store = SlotStore<T>(count: count)
  let size = max(1, chunk ?? count / 64)
  let jobs = (count + size - 1) / size
  DispatchQueue.concurrentPerform(iterations: jobs) { job in
    for index in job * size..<min(count, (job + 1) * size) { store[index] = transform(index) }
  }
  // Every slot was written above, so nothing is dropped.
  return (0..<count).compactMap { store[$0] }
}

/// `other` run on another thread while `here` runs on this one; both results.
///
/// Unlike two jobs of one `parallelMap`, `here` may itself use every core: libdispatch runs
/// an apply nested in a worker of another apply on that one thread.
package func beside<T: Sendable, U>(
  _ other: @escaping @Sendable () -> T, _ here: () -> U
) -> (other: T, here: U) {
  let result = SlotStore<T>(count: 1)
  let group = DispatchGroup()
  DispatchQueue.global().async(group: group) { result[0] = other() }
  let mine = here()
  group.wait()
  // The group's wait orders the write before this read.
  guard let theirs = result[0] else { preconditionFailure("the other job wrote no result") }
  return (theirs, mine)
}
