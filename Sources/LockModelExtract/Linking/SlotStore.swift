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
