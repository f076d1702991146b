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

/// Breadth-first search over every interleaving of a few threads, with state hashing and a
/// partial-order reduction: a lock instance no other operation touches is taken at once
/// (it is independent of every other move), and a thread that holds only such locks cannot
/// be part of a deadlock. The first stuck state found is reached by a shortest schedule
/// (up to those independent moves, which the schedule drops for uninvolved threads).
///
/// Blocking rules: mutex, spinlock, ww_mutex and write acquisitions are exclusive;
/// rw_semaphore readers share but wait behind a queued writer (rwsem fairness, which is
/// why a read-read cycle deadlocks once a writer queues); rwlock_t, seqlock and pseudo-lock
/// readers are recursive (they never wait for a queued writer). A trylock never waits.
///
/// When the state bound is reached first, the one state every cycle aims at (each thread
/// holding its whole stack and waiting for its last lock) is checked directly.
struct Exploration {
  let threads: [ExplorationThread]
  var stateLimit = 20_000
  /// Lock instance ids per thread and operation: comparing ints, not class names, in the
  /// inner loop.
  private let instances: [[Int]]
  /// Per thread and operation, what the inner loop asks of it, read from flat facts
  /// instead of copying each thread's operations (class names, notes) on every visit.
  private let facts: [[OperationFacts]]
  private let counts: [Int]

  private struct OperationFacts {
    /// Taken for read.
    var reads: Bool
    /// Taken for write.
    var writes: Bool
    var isTry: Bool
    /// A writer of an rw_semaphore: it queues (`LockOperation.queues`).
    var queues: Bool
    /// A read that shares the lock with other readers.
    var shares: Bool
    /// A read of an rw_semaphore: it waits behind a queued writer.
    var fair: Bool

    init(_ operation: LockOperation) {
      reads = operation.mode == .read
      writes = operation.mode == .write
      isTry = operation.isTry
      queues = operation.queues
      shares = operation.mode == .read && operation.kind.sharesReaders
      fair = operation.mode == .read && operation.kind == .rwsem
    }
  }

  init(threads: [ExplorationThread], stateLimit: Int = 20_000) {
    self.threads = threads
    self.stateLimit = stateLimit
    var ids: [LockOperation: Int] = [:]
    instances = threads.map { thread in
      thread.operations.map { operation in
        let key = LockOperation(
          lock: operation.lock, kind: .pseudo, mode: .write, subclass: operation.subclass)
        if let id = ids[key] { return id }
        ids[key] = ids.count
        return ids.count - 1
      }
    }
    facts = threads.map { $0.operations.map(OperationFacts.init) }
    counts = threads.map(\.operations.count)
  }

  private struct ThreadState: Hashable {
    var pc: Int
    var waiting: Bool
  }

  /// The states an exploration has reached. A state of up to sixteen threads with short
  /// operation lists packs into two integers (a byte per thread: its position and whether
  /// it waits), which hash far faster than an array of thread states.
  private struct SeenStates {
    private struct Packed: Hashable {
      var low: UInt64
      var high: UInt64
    }

    private let packs: Bool
    private var packed: Set<Packed> = []
    private var states: Set<[ThreadState]> = []

    init(packing counts: [Int]) {
      packs = counts.count <= 16 && counts.allSatisfy { $0 < 127 }
    }

    var count: Int { packs ? packed.count : states.count }

    /// Whether `state`, with thread `change.thread` in state `change.own` when given, is
    /// new: a packed state already seen is not even made.
    mutating func insert(
      _ state: [ThreadState], changing change: (thread: Int, own: ThreadState)? = nil
    ) -> Bool {
      guard packs else {
        var next = state
        if let change { next[change.thread] = change.own }
        return states.insert(next).inserted
      }
      return packed.insert(Self.code(state, changing: change)).inserted
    }

    private static func code(
      _ state: [ThreadState], changing change: (thread: Int, own: ThreadState)?
    ) -> Packed {
      var code = Packed(low: 0, high: 0)
      for index in state.indices {
        let thread = change.flatMap { $0.thread == index ? $0.own : nil } ?? state[index]
        let byte = UInt64(thread.pc) << 1 | (thread.waiting ? 1 : 0)
        if index < 8 {
          code.low |= byte << (UInt64(index) * 8)
        } else {
          code.high |= byte << (UInt64(index - 8) * 8)
        }
      }
      return code
    }
  }

  func run() -> ExplorationResult {
    let shared = sharedOperations()
    let initial = threads.map { _ in ThreadState(pc: 0, waiting: false) }
    var states: [[ThreadState]] = [initial]
    var parents: [(parent: Int, step: ExplorationResult.Step)] = [
      (-1, ExplorationResult.Step(thread: -1, operation: -1, move: .acquire))
    ]
    var seen = SeenStates(packing: counts)
    _ = seen.insert(initial)
    var head = 0
    while head < states.count {
      let state = states[head]
      let current = head
      head += 1
      if let stuck = blocked(state, shared: shared) {
        return ExplorationResult(
          deadlocks: true, schedule: schedule(to: current, parents, stuck: stuck, in: state),
          statesExplored: seen.count, truncated: false)
      }
      for (thread, step) in moves(from: state, shared: shared) {
        let own = applied(step, thread: thread, to: state[thread])
        guard seen.insert(state, changing: (thread, own)) else { continue }
        var next = state
        next[thread] = own
        if seen.count > stateLimit {
          var result = canonical(shared: shared)
          result.statesExplored += seen.count
          return result
        }
        states.append(next)
        parents.append((current, step))
      }
    }
    return ExplorationResult(
      deadlocks: false, schedule: [], statesExplored: seen.count, truncated: false)
  }

  /// Per thread, per operation: some other operation (of any thread) takes the same lock
  /// instance, so the order matters.
  private func sharedOperations() -> [[Bool]] {
    var count: [Int: Int] = [:]
    for id in instances.joined() { count[id, default: 0] += 1 }
    return instances.map { thread in thread.map { (count[$0] ?? 0) > 1 } }
  }

  private func moves(
    from state: [ThreadState], shared: [[Bool]]
  ) -> [(Int, ExplorationResult.Step)] {
    var result: [(Int, ExplorationResult.Step)] = []
    for index in 0..<counts.count {
      let own = state[index]
      guard own.pc < counts[index] else { continue }
      let operation = facts[index][own.pc]
      let free = available(own.pc, for: index, in: state)
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
      if move == .acquire, !shared[index][own.pc] { return [(index, step)] }
      result.append((index, step))
    }
    return result
  }

  /// Thread `thread`'s state after `step`.
  private func applied(
    _ step: ExplorationResult.Step, thread: Int, to own: ThreadState
  ) -> ThreadState {
    switch step.move {
    case .wait: ThreadState(pc: own.pc, waiting: true)
    case .giveUp: ThreadState(pc: counts[thread], waiting: false)
    case .acquire, .acquireAfterWait: ThreadState(pc: own.pc + 1, waiting: false)
    }
  }

  /// A thread takes part while it waits in a queue or holds a lock someone else may want.
  private func involved(_ thread: Int, _ own: ThreadState, shared: [[Bool]]) -> Bool {
    guard own.pc < counts[thread] else { return false }
    return own.waiting || shared[thread][..<own.pc].contains(true)
  }

  /// The involved threads when every one of them waits for a lock it cannot get; nil when
  /// one can still move (or none is involved).
  private func blocked(_ state: [ThreadState], shared: [[Bool]]) -> [Int]? {
    var waiting: [Int] = []
    for index in 0..<counts.count where involved(index, state[index], shared: shared) {
      if facts[index][state[index].pc].isTry || available(state[index].pc, for: index, in: state)
      {
        return nil
      }
      waiting.append(index)
    }
    return waiting.isEmpty ? nil : waiting
  }

  /// Whether `thread` can take `wanted` (its operation `position`) now. Its own holdings
  /// count too: the same instance taken twice is lockdep's AA.
  private func available(_ position: Int, for thread: Int, in state: [ThreadState]) -> Bool {
    let id = instances[thread][position]
    let wanted = facts[thread][position]
    for index in 0..<counts.count {
      let pc = state[index].pc
      guard pc < counts[index] else { continue }
      for held in 0..<pc where instances[index][held] == id {
        if wanted.shares, facts[index][held].reads { continue }
        return false
      }
      // rwsem fairness: a queued writer holds back new readers.
      if wanted.fair, index != thread, state[index].waiting, instances[index][pc] == id,
        facts[index][pc].writes
      {
        return false
      }
    }
    return true
  }

  /// The path to `state`, without the moves of threads the deadlock does not involve,
  /// then the attempt of every stuck thread that is not already queued.
  private func schedule(
    to state: Int, _ parents: [(parent: Int, step: ExplorationResult.Step)], stuck: [Int],
    in final: [ThreadState]
  ) -> [ExplorationResult.Step] {
    var steps: [ExplorationResult.Step] = []
    var cursor = state
    while cursor > 0 {
      steps.append(parents[cursor].step)
      cursor = parents[cursor].parent
    }
    let kept = Set(stuck)
    var result = steps.reversed().filter { kept.contains($0.thread) }
    for thread in stuck where !final[thread].waiting {
      result.append(.init(thread: thread, operation: final[thread].pc, move: .wait))
    }
    return result
  }

  /// The state a cycle aims at: every edge thread holds its whole stack and waits for its
  /// last lock, writers queued behind the readers. Reachable when the stacks can be held
  /// together (they only grow, so every earlier state could be held too).
  private func canonical(shared: [[Bool]]) -> ExplorationResult {
    var state = threads.map { ThreadState(pc: max(0, $0.operations.count - 1), waiting: false) }
    var steps: [ExplorationResult.Step] = []
    for (index, thread) in threads.enumerated() where thread.edge != nil {
      for operation in 0..<state[index].pc {
        steps.append(.init(thread: index, operation: operation, move: .acquire))
      }
    }
    for (index, thread) in threads.enumerated() where thread.edge == nil {
      state[index].pc = 0
      let readers = threads.indices.contains { other in
        other != index
          && threads[other].operations[..<state[other].pc].contains {
            $0.sameInstance(thread.operations[0])
          }
      }
      if readers {
        state[index].waiting = true
        steps.append(.init(thread: index, operation: 0, move: .wait))
      }
    }
    let holdings = threads.indices.flatMap { index in
      threads[index].operations[..<state[index].pc].map { (index, $0) }
    }
    let compatible = holdings.allSatisfy { first in
      holdings.allSatisfy { second in
        first.0 == second.0 || !first.1.sameInstance(second.1)
          || (first.1.mode == .read && second.1.mode == .read && first.1.kind.sharesReaders)
      }
    }
    guard compatible, let stuck = blocked(state, shared: shared),
      Set(stuck).isSuperset(of: threads.indices.filter { threads[$0].edge != nil })
    else {
      return ExplorationResult(deadlocks: false, schedule: [], statesExplored: 0, truncated: true)
    }
    for thread in stuck where !state[thread].waiting {
      steps.append(.init(thread: thread, operation: state[thread].pc, move: .wait))
    }
    return ExplorationResult(deadlocks: true, schedule: steps, statesExplored: 0, truncated: true)
  }
}

