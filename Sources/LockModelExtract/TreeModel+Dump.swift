extension TreeModel {
  /// A stable plain-text rendering of every function's acquisitions, retries and
  /// imbalances, and of the entry points: what golden tests compare and what a human
  /// reads to check the extractor. Paths are as given; output depends only on the model.
  public func textDump() -> String {
    var out = "files \(fileCount) functions \(functions.count) skipped \(functionsSkipped)\n"
    for f in functions {
      out += "function \(f.name) \(f.location.description)"
      out += (f.isStatic ? " static" : "") + "\n"
      for a in f.acquisitions { out += "  " + Self.describe(a) + "\n" }
      for r in f.trylockRetries {
        switch r.retry {
        case .loop(let back):
          out += "  retry \(r.lock.name) at \(r.location.line) loops to \(back.line)"
        case .returns(let code, let at):
          out += "  retry \(r.lock.name) at \(r.location.line) returns \(code) at \(at.line)"
        }
        out += r.yieldsWith.isEmpty ? "\n" : " yields " + r.yieldsWith.joined(separator: ",")
          + "\n"
      }
      for i in f.imbalances {
        out += "  imbalance \(i.problem.rawValue) \(i.lock.name) at \(i.location.line)\n"
      }
    }
    for e in entries {
      out += "entry \(e.context) \(e.function) at \(e.registeredAt.description)"
      if let h = e.userHandle { out += " handle \(h)" }
      if !e.held.isEmpty {
        out += " held " + e.held.map { "\($0.lock.name):\($0.mode.rawValue)" }
          .joined(separator: ",")
      }
      if !e.retriedOn.isEmpty { out += " retried-on " + e.retriedOn.joined(separator: ",") }
      if e.irq.inHardirq { out += " hardirq" }
      if e.irq.inSoftirq { out += " softirq" }
      out += "\n"
    }
    return out
  }

  private static func describe(_ a: Acquisition) -> String {
    var s = "\(a.location.line): \(a.lock.name)"
    s += a.lock.isResolved ? "" : " (unresolved)"
    s += " \(a.kind.rawValue)/\(a.mode.rawValue)"
    if a.subclass != 0 { s += " subclass=\(a.subclass)" }
    if a.isTrylock { s += " try" }
    if let c = a.acquireContext { s += " ctx=\(c)" }
    if a.irq.hardirqsDisabled { s += " irqs-off" }
    if a.irq.softirqsDisabled { s += " bh-off" }
    if a.maybe { s += " maybe" }
    if a.guessed { s += " guessed" }
    let held = a.held.map { h in
      var t = h.lock.name
      if h.mode == .read { t += ":read" }
      if h.maybe { t += "?" }
      t += "@\(h.location.line)"
      if !h.via.isEmpty { t += "<" + h.via.joined(separator: "<") }
      return t
    }
    s += " held [" + held.joined(separator: ", ") + "]"
    if !a.via.isEmpty { s += " via " + a.via.joined(separator: " > ") }
    if !a.releasedBefore.isEmpty {
      s += " released " + a.releasedBefore.map(\.name).joined(separator: ",")
    }
    return s
  }
}
