import LockModelExtract

/// Builds the threads that replay a set of edges, explores them and turns the schedule into
/// a lockdep-style CPU table.
struct Witness {
  /// Who writes each rw_semaphore, by name from the knowledge base, for the queued writer.
  var writers: [LockClass: String]

  struct Outcome {
    var confirmed: Bool
    var scenario: [ScenarioStep]
    var statesExplored: Int
  }

  /// One thread per edge: take the edge's held stack, then its `to`. A queued writer is
  /// added for every rw_semaphore some thread reads: lockdep assumes a writer exists
  /// somewhere (core mm writes `mmap_lock` on every mmap/munmap).
  func explore(_ edges: [DependencyEdge]) -> Outcome {
    // A thread replaying a guessed path (an ops call to a function its object may not
    // have) proves nothing: the cycle stays a candidate, as one behind a gate lock does.
    guard !edges.contains(where: \.guessed) else {
      return Outcome(confirmed: false, scenario: [], statesExplored: 0)
    }
    var threads = edges.enumerated().map { index, edge in
      ExplorationThread(operations: operations(edge), edge: index, note: nil)
    }
    var readSemaphores: [LockOperation] = []
    for operation in threads.flatMap(\.operations)
    where operation.kind == .rwsem && operation.mode == .read
      && !readSemaphores.contains(where: { $0.sameInstance(operation) })
    {
      readSemaphores.append(operation)
    }
    for semaphore in readSemaphores {
      let writer = writers[semaphore.lock].map { "a writer (e.g. \($0))" } ?? "a writer"
      var operation = semaphore
      operation.mode = .write
      threads.append(ExplorationThread(operations: [operation], edge: nil, note: writer))
    }
    let result = Exploration(threads: threads).run()
    return Outcome(
      confirmed: result.deadlocks, scenario: scenario(result, threads),
      statesExplored: result.statesExplored)
  }

  /// The held stack without repeats (a repeat is a recursion, reported on its own), then
  /// the edge's lock. A lock held only on some paths is left out unless the edge starts
  /// at it: the path without it exists, so it cannot be counted on as a gate.
  func operations(_ edge: DependencyEdge) -> [LockOperation] {
    var stack: [LockOperation] = []
    // Held locks by their graph node (`name/1` for a nested subclass), as the edge names
    // its own ends, so both sides of a cycle wait on the same lock.
    for (index, held) in edge.held.enumerated()
    where !held.maybe || GraphBuilder.node(held.lock, subclass: held.subclass) == edge.from {
      let operation = LockOperation(
        lock: GraphBuilder.node(held.lock, subclass: held.subclass), kind: held.kind,
        mode: held.mode, subclass: held.subclass,
        isTry: edge.trylockedHeld.contains(index))
      if !stack.contains(where: { $0.sameInstance(operation) }) { stack.append(operation) }
    }
    return stack + [
      LockOperation(lock: edge.to, kind: edge.toKind, mode: edge.toMode, subclass: edge.toSubclass)
    ]
  }

  private func scenario(
    _ result: ExplorationResult, _ threads: [ExplorationThread]
  ) -> [ScenarioStep] {
    guard result.deadlocks else { return [] }
    var cpus: [Int: Int] = [:]
    var steps: [ScenarioStep] = []
    for step in result.schedule {
      let cpu: Int
      if let known = cpus[step.thread] {
        cpu = known
      } else {
        cpu = cpus.count
        cpus[step.thread] = cpu
      }
      let thread = threads[step.thread]
      let operation = thread.operations[step.operation]
      var action: ScenarioStep.Action = operation.mode == .read ? .rlock : .lock
      let move: String? =
        switch step.move {
        case .acquire: nil
        case .wait: "waits"
        case .acquireAfterWait: "gets it"
        case .giveUp: "backs out"
        }
      if step.move == .giveUp { action = .trylockFails }
      let note = [thread.note, move].compactMap { $0 }.joined(separator: ", ")
      steps.append(
        ScenarioStep(
          cpu: cpu, action: action, lock: operation.lock, note: note.isEmpty ? nil : note,
          edge: thread.edge))
      let finishes = step.move == .giveUp || step.operation == thread.operations.count - 1
      if step.move != .wait, finishes {
        let held = step.move == .giveUp ? step.operation : thread.operations.count
        for done in thread.operations[..<held].reversed() {
          steps.append(ScenarioStep(cpu: cpu, action: .unlock, lock: done.lock, edge: thread.edge))
        }
      }
    }
    return steps
  }
}
