import LockModelExtract

/// One lock operation a replayed thread performs.
struct LockOperation: Hashable, Sendable {
  var lock: LockClass
  var kind: LockKind
  var mode: LockMode
  /// Another subclass is another instance (`_nested`): it never waits for this one.
  var subclass: Int
  /// Taken by a trylock on the replayed path: when the lock is busy the path fails and
  /// backs out instead of waiting.
  var isTry = false

  /// A writer of an rw_semaphore queues when it has to wait, and holds back new readers.
  var queues: Bool { kind == .rwsem && mode == .write }

  func sameInstance(_ other: LockOperation) -> Bool {
    lock == other.lock && subclass == other.subclass
  }
}

/// A thread of the exploration: takes its operations in order and never releases until it
/// has taken the last one (then it is done and releases everything).
struct ExplorationThread: Hashable, Sendable {
  var operations: [LockOperation]
  /// Index of the finding edge this thread replays; nil for a helper writer.
  var edge: Int?
  /// Text for the thread's steps (the queued writer says who it is).
  var note: String?
}

/// What the exploration found: the shortest schedule into a state where every started,
/// unfinished thread waits for a lock it cannot get. The schedule ends with the attempt of
/// every such thread (`wait`), as lockdep's scenario does.
struct ExplorationResult: Sendable {
  enum Move: Hashable, Sendable {
    case acquire, wait, acquireAfterWait
    /// A trylock failed: the thread backs out, releasing what it holds.
    case giveUp
  }
  struct Step: Hashable, Sendable {
    var thread: Int
    var operation: Int
    var move: Move
  }
  var deadlocks: Bool
  var schedule: [Step]
  var statesExplored: Int
  /// True when the state bound was reached before the search finished.
  var truncated: Bool
}

/// Breadth-first search over every interleaving of a few threads, with state hashing and
/// one partial-order reduction (a started thread's lock that no other thread touches is
/// taken at once), so the first stuck state found is reached by a shortest schedule.
///
/// Blocking rules: mutex, spinlock, ww_mutex and write acquisitions are exclusive;
/// rw_semaphore readers share but wait behind a queued writer (rwsem fairness, which is
/// why a read-read cycle deadlocks once a writer queues); rwlock_t, seqlock and pseudo-lock
/// readers are recursive (they never wait for a queued writer).
struct Exploration {
  var threads: [ExplorationThread]
  var stateLimit = 100_000

  private struct ThreadState: Hashable {
    var pc: Int
    var waiting: Bool
  }

  func run() -> ExplorationResult {
    let privateOperations = self.privateOperations()
    let initial = threads.map { _ in ThreadState(pc: 0, waiting: false) }
    var states: [[ThreadState]] = [initial]
    var parents: [(parent: Int, step: ExplorationResult.Step)] = [
      (
        -1,
        .init(
          thread: -1, operation: -1, move: .acquire)
      )
    ]
    var seen: Set<[ThreadState]> = [initial]
    var head = 0
    while head < states.count {
      let state = states[head]
      let current = head
      head += 1
      if let stuck = blocked(state) {
        var steps = schedule(to: current, parents)
        for thread in stuck where !state[thread].waiting {
          steps.append(.init(thread: thread, operation: state[thread].pc, move: .wait))
        }
        return ExplorationResult(
          deadlocks: true, schedule: steps, statesExplored: seen.count, truncated: false)
      }
      for (thread, step) in moves(from: state, privateOperations: privateOperations) {
        var next = state
        apply(step, thread: thread, to: &next)
        guard seen.insert(next).inserted else { continue }
        if seen.count > stateLimit {
          return ExplorationResult(
            deadlocks: false, schedule: [], statesExplored: seen.count, truncated: true)
        }
        states.append(next)
        parents.append((current, step))
      }
    }
    return ExplorationResult(
      deadlocks: false, schedule: [], statesExplored: seen.count, truncated: false)
  }

  /// Per thread, per operation: no other thread ever takes that lock instance.
  private func privateOperations() -> [[Bool]] {
    threads.enumerated().map { index, thread in
      thread.operations.map { operation in
        !threads.enumerated().contains { other, otherThread in
          other != index && otherThread.operations.contains { $0.sameInstance(operation) }
        }
      }
    }
  }

  private func moves(
    from state: [ThreadState], privateOperations: [[Bool]]
  ) -> [(Int, ExplorationResult.Step)] {
    var result: [(Int, ExplorationResult.Step)] = []
    for (index, thread) in threads.enumerated() {
      let own = state[index]
      guard own.pc < thread.operations.count else { continue }
      let operation = thread.operations[own.pc]
      let free = available(operation, for: index, in: state)
      let move: ExplorationResult.Move
      if free {
        move = own.waiting ? .acquireAfterWait : .acquire
      } else if operation.isTry {
        move = .giveUp
      } else if !own.waiting, operation.queues {
        // Only a queued rwsem writer changes what others may do while it waits.
        move = .wait
      } else {
        continue
      }
      let step = ExplorationResult.Step(thread: index, operation: own.pc, move: move)
      if move == .acquire, own.pc > 0, privateOperations[index][own.pc] {
        return [(index, step)]
      }
      result.append((index, step))
    }
    return result
  }

  private func apply(
    _ step: ExplorationResult.Step, thread: Int, to state: inout [ThreadState]
  ) {
    switch step.move {
    case .wait: state[thread].waiting = true
    case .giveUp:
      state[thread].pc = threads[thread].operations.count
      state[thread].waiting = false
    case .acquire, .acquireAfterWait:
      state[thread].pc += 1
      state[thread].waiting = false
    }
  }

  /// The started, unfinished threads when every one of them waits for a lock it cannot
  /// get; nil when some thread can still move (or none has started).
  private func blocked(_ state: [ThreadState]) -> [Int]? {
    var waiting: [Int] = []
    for (index, thread) in threads.enumerated() {
      let own = state[index]
      let started = own.pc > 0 || own.waiting
      guard started, own.pc < thread.operations.count else { continue }
      let next = thread.operations[own.pc]
      if next.isTry || available(next, for: index, in: state) { return nil }
      waiting.append(index)
    }
    return waiting.isEmpty ? nil : waiting
  }

  /// Whether `thread` can take `wanted` now. Its own holdings count too: the same instance
  /// taken twice is lockdep's AA.
  private func available(
    _ wanted: LockOperation, for thread: Int, in state: [ThreadState]
  ) -> Bool {
    for (index, other) in threads.enumerated() {
      let pc = state[index].pc
      guard pc < other.operations.count else { continue }
      for held in other.operations[..<pc] where held.sameInstance(wanted) {
        if wanted.mode == .read, held.mode == .read, wanted.kind != .mutex,
          wanted.kind != .spinlock, wanted.kind != .wwMutex
        {
          continue
        }
        return false
      }
      // rwsem fairness: a queued writer holds back new readers.
      if index != thread, wanted.mode == .read, wanted.kind == .rwsem, state[index].waiting {
        let queued = other.operations[pc]
        if queued.sameInstance(wanted), queued.mode == .write { return false }
      }
    }
    return true
  }

  private func schedule(
    to state: Int, _ parents: [(parent: Int, step: ExplorationResult.Step)]
  ) -> [ExplorationResult.Step] {
    var steps: [ExplorationResult.Step] = []
    var cursor = state
    while cursor > 0 {
      steps.append(parents[cursor].step)
      cursor = parents[cursor].parent
    }
    return steps.reversed()
  }
}
