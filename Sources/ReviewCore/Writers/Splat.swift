import GEMSim
import LockModelExtract

/// The lockdep-style report of a finding, every line within 72 columns where the names allow.
struct Splat {
  let finding: Finding
  /// Functions the patch changes; the acquisition being attempted is the edge through one.
  var changed: Set<String> = []

  var lines: [String] {
    switch finding.kind {
    case .circularDependency, .reclaimInversion: circular
    case .recursiveLocking: recursive
    case .irqInversion: irqInversion
    case .livelock: livelock
    case .imbalance: imbalance
    }
  }

  private func banner(_ headline: String) -> [String] {
    let width = min(72, headline.count)
    return [String(repeating: "=", count: width), headline, String(repeating: "-", count: width)]
  }

  /// The path as a stack trace, innermost call first as lockdep prints it, ending with the
  /// root function and its site: `i915_gem_pwrite_ioctl() at file:line [ioctl]`.
  private func frame(_ edge: DependencyEdge) -> [String] {
    let context = edge.context.map { " [\($0)]" } ?? ""
    var lines = edge.via.reversed().map { "       \($0)()" }
    let root = "       \(edge.function)() at \(edge.location.description)\(context)"
    if root.count <= 72 {
      lines.append(root)
    } else {
      lines += ["       \(edge.function)()", "         at \(edge.location.description)\(context)"]
    }
    return lines
  }

  /// `  (lock), at: file:line`, the location on its own line past 72 columns.
  private func lockLine(_ lock: String, _ location: SourceLocation) -> [String] {
    let one = "  \(lock), at: \(location.description)"
    if one.count <= 72 { return [one] }
    return ["  \(lock),", "    at: \(location.description)"]
  }

  private var scenario: [String] {
    if finding.scenario.isEmpty {
      return [" (no schedule confirmed: the exploration did not reach this state)"]
    }
    return ScenarioTable.lines(finding.scenario)
  }

  /// The new edge last: the chain before it runs from its `to` back to its `from`.
  private var rotated: [DependencyEdge] {
    guard let site = finding.siteEdge(preferring: changed),
      let at = finding.edges.firstIndex(of: site)
    else {
      return finding.edges
    }
    return Array(finding.edges[(at + 1)...] + finding.edges[...at])
  }

  /// Lockdep's opening: the lock being taken and the one already held, with their sites.
  private func attempt(_ edge: DependencyEdge) -> [String] {
    ["\(edge.function) is trying to acquire lock:"] + lockLine("(\(edge.to.name))", edge.location)
      + ["", "but task is already holding lock:"]
      + lockLine("(\(edge.from.name))", edge.heldSince)
  }

  private var circular: [String] {
    let edges = rotated
    guard let current = edges.last else { return [] }
    var out = banner("WARNING: possible circular locking dependency detected")
    out += attempt(current)
    out += [
      "",
      "which lock already depends on the new lock.",
      "",
      "the existing dependency chain (in reverse order) is:",
    ]
    // Entry #k shows where its lock was taken; #0 is the acquisition being attempted.
    for (offset, edge) in edges.enumerated() {
      let number = edges.count - 1 - offset
      out += ["", "-> #\(number) (\(edge.to.name)):"] + frame(edge)
    }
    out += ["", "other info that might help us debug this:", ""]
    if finding.locks.count > 2 {
      let chain = edges.dropLast().map(\.from.name) + [current.from.name]
      out += ["Chain exists of:"]
      out += TextWrap.wrap(chain.joined(separator: " --> "), first: "  ", rest: "  ") + [""]
    }
    out += [" Possible unsafe locking scenario:", ""] + scenario
    out += ["", " *** DEADLOCK ***"]
    return out
  }

  private var recursive: [String] {
    guard let current = finding.siteEdge(preferring: changed) else { return [] }
    var out = banner("WARNING: possible recursive locking detected")
    out += attempt(current)
    out += [
      "",
      "other info that might help us debug this:",
      " Possible unsafe locking scenario:",
      "",
    ]
    out += scenario
    out += ["", " *** DEADLOCK ***", "", " May be due to missing lock nesting notation"]
    return out
  }

  private var irqInversion: [String] {
    var out = banner("WARNING: inconsistent lock state")
    let locks = finding.locks.map(\.name).joined(separator: ", ")
    out += TextWrap.wrap("\(locks) taken both in interrupt context and with interrupts enabled:")
    for edge in finding.edges { out += frame(edge) }
    out += [
      "", "other info that might help us debug this:", " Possible unsafe locking scenario:", "",
    ]
    out += scenario
    out += ["", " *** DEADLOCK ***"]
    return out
  }

  private var livelock: [String] {
    var out = banner("WARNING: possible livelock")
    if let retry = finding.retry {
      out += [
        "\(retry.function) retries a failed trylock of:"
      ]
      out += lockLine("(\(retry.lock.name))", retry.location)
      switch retry.retry {
      case .loop(let back):
        out += TextWrap.wrap("and loops back to \(back.description)", rest: "  ")
      case .returns(let code, let at):
        out += TextWrap.wrap(
          "and returns \(code) at \(at.description) for its caller to retry", rest: "  ")
      }
    }
    if !finding.edges.isEmpty { out += ["", "on the path:"] }
    for edge in finding.edges { out += frame(edge) }
    out += ["", " Possible livelock scenario (one CPU, two tasks):", ""]
    out +=
      finding.scenario.isEmpty
      ? scenario : ScenarioTable.lines(finding.scenario, columnTitle: "TASK")
    out += ["", " *** LIVELOCK ***"]
    return out
  }

  private var imbalance: [String] {
    guard let imbalance = finding.imbalance else { return banner("WARNING: lock imbalance") }
    switch imbalance.problem {
    case .releaseNotHeld:
      return banner("WARNING: bad unlock balance detected!") + [
        "\(imbalance.function) is trying to release lock (\(imbalance.lock.name)) at:",
        "  \(imbalance.location.description)",
        "but there are no more locks to release!",
      ]
    case .heldOnSomeExits:
      return banner("WARNING: lock held on some return paths") + [
        "\(imbalance.function) returns with (\(imbalance.lock.name)) held on some paths:",
        "  \(imbalance.location.description)",
      ]
    }
  }
}
