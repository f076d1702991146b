import Foundation

/// Holds the tree models a review built until the process ends.
///
/// A kernel tree's model is a few hundred thousand small allocations; freeing them takes
/// about as long as a warm hook's analysis. A command that exits right after writing its
/// output hands the reviewer a keeper and exits with `exit(3)` instead of returning, so the
/// models are never torn down. Long-running callers simply pass none.
public final class ModelKeeper: @unchecked Sendable {
  private let lock = NSLock()
  private var kept: [String: any Sendable] = [:]

  public init() {}

  /// Keeps `value` alive for as long as the keeper lives, in place of what `slot` held: a
  /// range of commits keeps only its latest tree, not one per commit.
  public func keep(_ value: any Sendable, in slot: String) {
    lock.lock()
    let replaced = kept.updateValue(value, forKey: slot)
    lock.unlock()
    // Freed outside the lock: tearing down a tree takes a while.
    _ = replaced
  }
}
