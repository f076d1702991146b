import LockModelExtract

/// One CPU, strict priorities: a sleeping-lock holder (normal priority) and a real-time
/// task whose path retries a failed trylock. The real-time task runs whenever it is
/// runnable, and a retry keeps it runnable (re-executing a fault or looping back does not
/// sleep; `cond_resched()` never yields to a lower priority). The search looks for a state
/// the real-time task returns to without progress while the holder cannot run.
struct LivelockExploration {
  let spin: SpinningRetry

  /// Holder: 0 before taking the lock, 1 holding it, 2 done. RT task: asleep, or awake at
  /// the trylock.
  private struct State: Hashable {
    var holder: Int
    var awake: Bool
    var finished: Bool
  }

  struct Outcome {
    var livelocks: Bool
    var scenario: [ScenarioStep]
    var statesExplored: Int
  }

  private enum Move {
    case holderTakes, holderReleases, wakes, trylockSucceeds, trylockFails
  }

  func run() -> Outcome {
    let initial = State(holder: 0, awake: false, finished: false)
    var states = [initial]
    var parents: [(Int, Move?)] = [(-1, nil)]
    var index: [State: Int] = [initial: 0]
    var head = 0
    while head < states.count {
      let state = states[head]
      let current = head
      head += 1
      for (move, next) in successors(state) {
        if move == .trylockFails, next == state {
          var moves = path(to: current, parents)
          moves.append(.trylockFails)
          return Outcome(
            livelocks: true, scenario: scenario(moves), statesExplored: index.count)
        }
        guard index[next] == nil else { continue }
        index[next] = states.count
        states.append(next)
        parents.append((current, move))
      }
    }
    return Outcome(livelocks: false, scenario: [], statesExplored: index.count)
  }

  private func successors(_ state: State) -> [(Move, State)] {
    if state.finished { return [] }
    if state.awake {
      // Strict priority: only the real-time task runs.
      if state.holder == 1 { return [(.trylockFails, state)] }
      var done = state
      done.finished = true
      return [(.trylockSucceeds, done)]
    }
    var result: [(Move, State)] = []
    var woken = state
    woken.awake = true
    result.append((.wakes, woken))
    if state.holder < 2 {
      var next = state
      next.holder += 1
      result.append((state.holder == 0 ? .holderTakes : .holderReleases, next))
    }
    return result
  }

  private func path(to state: Int, _ parents: [(Int, Move?)]) -> [Move] {
    var moves: [Move] = []
    var cursor = state
    while cursor > 0, let move = parents[cursor].1 {
      moves.append(move)
      cursor = parents[cursor].0
    }
    return moves.reversed()
  }

  private func scenario(_ moves: [Move]) -> [ScenarioStep] {
    let lock = spin.retry.lock
    let again: String
    switch spin.retry.retry {
    case .loop: again = "loops back to the trylock"
    case .returns(let code, _):
      again = "returns \(code); \(spin.context ?? "the caller") runs it again"
    }
    var steps: [ScenarioStep] = []
    for move in moves {
      switch move {
      case .holderTakes:
        steps.append(ScenarioStep(cpu: 0, action: action, lock: lock, edge: 0))
      case .holderReleases:
        steps.append(ScenarioStep(cpu: 0, action: .unlock, lock: lock, edge: 0))
      case .wakes:
        steps.append(
          ScenarioStep(cpu: 0, action: .preempted, note: "a real-time task wakes on this CPU"))
      case .trylockFails:
        steps.append(ScenarioStep(cpu: 1, action: .trylockFails, lock: lock))
        steps.append(ScenarioStep(cpu: 1, action: .retry, note: again))
      case .trylockSucceeds:
        break
      }
    }
    steps.append(ScenarioStep(cpu: 1, action: .trylockFails, lock: lock))
    steps.append(
      ScenarioStep(
        cpu: 1, action: .retry, note: "same state again: the holder never runs to unlock"))
    return steps
  }

  private var action: ScenarioStep.Action { spin.holder.toMode == .read ? .rlock : .lock }
}
