import GEMSim

extension ScenarioStep {
  /// `lock(A)`, `rlock(A)`, `trylock(A) fails`, or the step's note: the text of one cell of
  /// the CPU table and of the JSON `scenario`.
  var text: String {
    let name = lock?.name ?? ""
    let base: String? =
      switch action {
      case .lock: "lock(\(name))"
      case .rlock: "rlock(\(name))"
      case .unlock: "unlock(\(name))"
      case .trylockFails: "trylock(\(name)) fails"
      case .retry, .preempted, .blocked: nil
      }
    if let base { return note.map { "\(base) \($0)" } ?? base }
    if let note { return note }
    switch action {
    case .retry: return "retry"
    case .preempted: return "<preempted>"
    default: return lock.map { "<blocked on \($0.name)>" } ?? "<blocked>"
    }
  }
}

/// The "Possible unsafe locking scenario" table.
enum ScenarioTable {
  /// Lockdep's columns: CPU0 at 7, CPU1 at 31 (steps at 2 and 31).
  static func lines(_ steps: [ScenarioStep], columnTitle: String = "CPU") -> [String] {
    let cpus = Set(steps.map(\.cpu)).sorted()
    if cpus.count > 3 || cpus.contains(where: { $0 > 2 }) {
      return steps.flatMap { step in
        TextWrap.wrap("\(columnTitle)\(step.cpu): \(step.text);", first: "  ", rest: "    ")
      }
    }
    let two = cpus.contains(1)
    var out: [String] = []
    if two {
      out.append("       \(columnTitle)0".padded(to: 31) + "\(columnTitle)1")
      out.append("       ----".padded(to: 31) + "----")
    } else {
      out.append("       \(columnTitle)0")
      out.append("       ----")
    }
    for step in steps {
      // A third task (the queued writer of a read-read cycle) has no column of its own in
      // lockdep's table; its step is a bracketed line across both columns.
      if step.cpu == 2 {
        out += TextWrap.wrap(
          "[\(columnTitle)2: \(step.text)]", first: "  ", rest: "   ")
        continue
      }
      let cell = step.text.hasPrefix("<") ? step.text : step.text + ";"
      let indent = String(repeating: " ", count: step.cpu == 0 ? 2 : 31)
      // A cell that would pass 72 columns continues under itself.
      out += TextWrap.wrap(cell, first: indent, rest: indent + "  ")
    }
    return out
  }
}

extension String {
  func padded(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
