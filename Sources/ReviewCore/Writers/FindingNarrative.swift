import Foundation
import GEMSim
import LockModelExtract

/// The words of a finding, built from the finding and the knowledge base's texts; shared by
/// the reply and the machine-readable writers.
struct FindingNarrative {
  let finding: Finding
  let knowledge: KnowledgeBase
  /// Functions the patch changes, so the text leads with the edge the author touched.
  var changed: Set<String> = []

  private var site: DependencyEdge? { finding.siteEdge(preferring: changed) }

  /// The kind in a maintainer's words.
  static func kindWords(_ kind: Finding.Kind) -> String {
    switch kind {
    case .circularDependency: "circular locking dependency"
    case .recursiveLocking: "recursive locking"
    case .irqInversion: "irq-safe to irq-unsafe lock inversion"
    case .reclaimInversion: "reclaim lock inversion"
    case .livelock: "trylock-and-retry livelock"
    case .imbalance: "lock imbalance"
    }
  }

  /// `A -> B -> A`.
  var cycleText: String {
    let names = finding.locks.map(\.name)
    guard let first = names.first else { return "" }
    return (names + (names.count > 1 ? [first] : [])).joined(separator: " -> ")
  }

  /// The first paragraph: what the patch adds, in plain words.
  var summary: String {
    if finding.origin == .removed {
      return "This patch removes the \(Self.kindWords(finding.kind)) \(cycleText) that the "
        + "base tree had."
    }
    switch finding.kind {
    case .livelock: return livelockSummary
    case .imbalance: return imbalanceSummary
    case .recursiveLocking: return recursiveSummary
    default: return cycleSummary
    }
  }

  private var cycleSummary: String {
    guard let site else { return "" }
    var text = edgeSentence(site, lead: true)
    for edge in finding.edges where edge != site {
      text += " " + edgeSentence(edge, lead: false)
    }
    if finding.locks.count > 1 {
      text += " Together these close the cycle \(cycleText)."
    }
    if finding.kind == .irqInversion {
      text +=
        " An interrupt that arrives while the lock is held on the interrupted CPU"
        + " waits for it forever."
    }
    return text
  }

  private var recursiveSummary: String {
    guard let site else { return "" }
    return "At \(site.location.description), \(site.function)() takes \(site.to.name)"
      + viaClause(site) + " while \(site.from.name) of the same class is already held"
      + " (taken at \(site.heldSince.description))."
  }

  private var livelockSummary: String {
    guard let retry = finding.retry else { return cycleSummary }
    var text =
      "At \(retry.location.description), \(retry.function)() tries \(retry.lock.name)"
      + " with a trylock and, when that fails, "
    switch retry.retry {
    case .loop(let back):
      text += "goes back to \(back.description) and tries again."
    case .returns(let code, let at):
      text += "returns \(code) at \(at.description), which its caller retries on."
    }
    text +=
      " A real-time task spinning in this retry keeps a lower-priority holder of"
      + " \(retry.lock.name) from running on that CPU, so neither makes progress."
    if !retry.yieldsWith.isEmpty {
      let calls = retry.yieldsWith.map { "\($0)()" }.joined(separator: ", ")
      text +=
        " The retry path calls \(calls), which does not let a lower-priority task run"
        + " ahead of a real-time one."
    }
    return text
  }

  private var imbalanceSummary: String {
    guard let imbalance = finding.imbalance else { return cycleSummary }
    switch imbalance.problem {
    case .heldOnSomeExits:
      return "\(imbalance.function)() returns with \(imbalance.lock.name) held on some paths"
        + " and released on others (\(imbalance.location.description))."
    case .releaseNotHeld:
      return "\(imbalance.function)() releases \(imbalance.lock.name) at"
        + " \(imbalance.location.description) on a path where it is not held."
    }
  }

  /// `At f.c:12, fn() now takes B while holding A: it calls x(), which <summary>.`
  private func edgeSentence(_ edge: DependencyEdge, lead: Bool) -> String {
    let verb = lead && edge.isNew ? "now takes" : "takes"
    var text =
      lead ? "At \(edge.location.description), " : "Elsewhere, at \(edge.location.description), "
    text += "\(edge.function)() \(verb) \(edge.to.name) while holding \(edge.from.name)"
    text += viaClause(edge)
    if let context = edge.context {
      let words = knowledge.contexts[context].map { Self.clause(Self.fill($0.summary, edge)) } ?? ""
      text += words.isEmpty ? " (\(context) path)" : " (\(context) path: \(words))"
    }
    return text + "."
  }

  /// `: it calls x(), which can fault and …` from the first primitive on the chain the
  /// knowledge base describes; empty when it describes none.
  private func viaClause(_ edge: DependencyEdge) -> String {
    guard let call = edge.via.first else { return "" }
    let described = edge.via.first { !(knowledge.primitives[$0]?.summary ?? "").isEmpty }
    var text = ": it calls \(call)()"
    if let described, let summary = knowledge.primitives[described]?.summary {
      text += described == call ? ", which " : ", and \(described)() "
      text += Self.clause(summary)
    }
    return text
  }

  /// A knowledge-base sentence made into a clause: no final period, lower-case start unless
  /// the first word is a name.
  static func clause(_ text: String) -> String {
    var words = text.trimmingWhitespace()
    while words.hasSuffix(".") { words.removeLast() }
    guard let first = words.first, first.isUppercase else { return words }
    let second = words.dropFirst().first
    if let second, second.isLowercase || second == " " {
      return first.lowercased() + words.dropFirst()
    }
    return words
  }

  /// A knowledge-base template with `{function}` and `{handle}` filled from `edge`.
  static func fill(_ template: String, _ edge: DependencyEdge) -> String {
    template
      .replacingAll("{function}", with: edge.function)
      .replacingAll("{handle}", with: edge.userHandle ?? edge.function)
  }

  /// Where the base tree already orders the locks this way, when it does.
  var alreadyBroken: String? {
    guard finding.origin == .introduced, !finding.alreadyBrokenAt.isEmpty else { return nil }
    // The places that already take the patch's new order are the point; the cycle's other
    // edges (the fault path) are named in the splat anyway.
    let newOrders = Set(finding.edges.filter(\.isNew).map { [$0.from, $0.to] })
    let sameOrder = finding.alreadyBrokenAt.filter { newOrders.contains([$0.from, $0.to]) }
    let broken = sameOrder.isEmpty ? finding.alreadyBrokenAt : sameOrder
    let places = broken
      .sorted { ($0.location, $0.function) < ($1.location, $1.function) }
      .map { "\($0.function)() at \($0.location.description)" }
    let verb = places.count == 1 ? "takes" : "take"
    let order = sameOrder.first.map { " (\($0.from.name), then \($0.to.name))" } ?? ""
    return "The base tree already forms this cycle: \(places.joined(separator: ", "))"
      + " \(verb) the same locks in the same order\(order), so the ordering is already broken"
      + " there; this patch adds another instance of it."
  }

  /// The same-task paragraph, for a cycle that closes on one task: the path that takes its
  /// own lock again, call by call.
  var sameTask: String? {
    guard finding.sameTask, let path = finding.sameTaskPath ?? site else { return nil }
    let calls = path.via.map { "\($0)()" }.joined(separator: " -> ")
    let through = calls.isEmpty ? "" : " (through \(calls))"
    return "The cycle can also close on one task: \(path.function)() holds"
      + " \(path.from.name), and the call at \(path.location.description) can take"
      + " \(path.from.name) again on the same task\(through); the task would then wait for"
      + " itself."
  }

  /// Lock classes whose struct type could not be resolved, said once.
  var unresolved: String? {
    let names = finding.locks.filter { !$0.isResolved }.map(\.name)
    guard !names.isEmpty else { return nil }
    return "The struct type of \(names.joined(separator: ", ")) could not be resolved; the"
      + " name keeps the access path."
  }

  /// A userspace reproducer: how to run the steps, and one step per path, from the entry
  /// contexts' templates; nil when no path has a known way in.
  var reproducer: (intro: String, steps: [String])? {
    if finding.kind == .livelock { return livelockReproducer }
    var steps: [String] = []
    for edge in finding.edges {
      guard let step = step(for: edge, context: edge.context), !steps.contains(step) else {
        continue
      }
      steps.append(step)
    }
    guard !steps.isEmpty else { return nil }
    var labelled = steps
    var intro = "Reproducer:"
    if steps.count > 1 {
      intro = "Reproducer (run these at once, in threads of one process, until they hang):"
      labelled = steps.enumerated().map { "\(Self.thread($0.offset)): \($0.element)" }
    } else {
      labelled = steps.map { "- " + $0 }
    }
    if let path = finding.sameTaskPath, let context = path.context,
      let root = step(for: path, context: context)
    {
      labelled.append(
        "Or on one task alone: \(root), with the user memory it accesses at"
          + " \(path.location.description) being such a mapping, so the task waits for the"
          + " \(path.from.name) it already holds")
    }
    return (intro, labelled)
  }

  /// The holder at normal priority and the retrying task at real-time priority, on one CPU.
  private var livelockReproducer: (intro: String, steps: [String])? {
    guard let retry = finding.retry else { return nil }
    let spinEdge = DependencyEdge(
      from: retry.lock, to: retry.lock, function: retry.function, location: retry.location,
      heldSince: retry.location)
    guard let spin = step(for: spinEdge, context: finding.retryContext) else { return nil }
    guard let holder = finding.edges.first, let hold = step(for: holder, context: holder.context)
    else { return ("Reproducer:", ["- " + spin]) }
    return (
      "Reproducer (both tasks pinned to one CPU, e.g. with taskset):",
      [
        "task L, normal priority, in a loop: \(hold)",
        "task H, SCHED_FIFO: \(spin)",
      ]
    )
  }

  private func step(for edge: DependencyEdge, context: String?) -> String? {
    guard let context, let template = knowledge.contexts[context]?.reproducer,
      !template.isEmpty
    else { return nil }
    return Self.fill(template, edge).trimmingWhitespace()
  }

  /// `A`, `B`, … for the threads of a reproducer.
  private static func thread(_ index: Int) -> String {
    String(UnicodeScalar(UInt8(65 + index % 26)))
  }

  /// Fix options from the knowledge base's advice for the primitives on the new edges (all
  /// edges when none is new).
  var fixes: [String] {
    if finding.kind == .livelock {
      return finding.retryContext.flatMap { knowledge.contexts[$0]?.retryAdvice } ?? []
    }
    let new = finding.edges.filter(\.isNew)
    var advice: [String] = []
    for edge in new.isEmpty ? finding.edges : new {
      // The outermost primitive with advice is the call the patch author wrote; the ones it
      // calls (might_fault under copy_from_user) would only repeat it in other words.
      let name = edge.via.first { !(knowledge.primitives[$0]?.advice ?? []).isEmpty }
      for text in name.flatMap({ knowledge.primitives[$0]?.advice }) ?? []
      where !advice.contains(text) {
        advice.append(text)
      }
    }
    return advice
  }

  /// The JSON `reproducer`: the steps, one per line; `nil` when none is known.
  var reproducerText: String? {
    reproducer.map { $0.steps.joined(separator: "\n") }
  }

  /// The JSON `suggestion`: the fixes, one per line; `nil` when none is known.
  var suggestionText: String? {
    let fixes = fixes
    return fixes.isEmpty ? nil : fixes.joined(separator: "\n")
  }
}

extension String {
  func trimmingWhitespace() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }

  /// Every occurrence of `target` replaced, without Foundation.
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let range = rest.range(of: target) {
      out += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }
}
