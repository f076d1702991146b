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
    let places = finding.alreadyBrokenAt
      .sorted { ($0.location, $0.function) < ($1.location, $1.function) }
      .map { "\($0.function)() at \($0.location.description)" }
    let verb = places.count == 1 ? "takes" : "take"
    return "The base tree already forms this cycle: \(places.joined(separator: ", "))"
      + " \(verb) the same locks in the same order, so the ordering is already broken there;"
      + " this patch adds another instance of it."
  }

  /// The same-task paragraph, for a cycle that closes on one task.
  var sameTask: String? {
    guard finding.sameTask, let site else { return nil }
    return "This can deadlock a single task: while \(site.function)() holds"
      + " \(site.from.name), taking \(site.to.name) at \(site.location.description) can"
      + " re-enter \(site.from.name) on the same task, so it is a real self-deadlock, not"
      + " only a lockdep report."
  }

  /// Lock classes whose struct type could not be resolved, said once.
  var unresolved: String? {
    let names = finding.locks.filter { !$0.isResolved }.map(\.name)
    guard !names.isEmpty else { return nil }
    return "The struct type of \(names.joined(separator: ", ")) could not be resolved; the"
      + " name keeps the access path."
  }

  /// One userspace reproducer step per path, from the entry contexts' templates.
  var reproducerSteps: [String] {
    var steps: [String] = []
    for edge in finding.edges {
      guard let context = edge.context,
        let template = knowledge.contexts[context]?.reproducer, !template.isEmpty
      else { continue }
      let step = Self.fill(template, edge).trimmingWhitespace()
      if !steps.contains(step) { steps.append(step) }
    }
    // A retried trylock is reached through the context that retries on its return code.
    if let retry = finding.retry, case .returns(let code, _) = retry.retry {
      let edge = DependencyEdge(
        from: retry.lock, to: retry.lock, function: retry.function, location: retry.location,
        heldSince: retry.location)
      for name in knowledge.contexts.keys.sorted() {
        guard let context = knowledge.contexts[name], context.retriedOn.contains(code),
          !context.reproducer.isEmpty
        else { continue }
        let step = Self.fill(context.reproducer, edge).trimmingWhitespace()
        if !steps.contains(step) { steps.append(step) }
      }
    }
    return steps
  }

  /// Fix options from the knowledge base's advice for the primitives on the new edges (all
  /// edges when none is new).
  var fixes: [String] {
    let new = finding.edges.filter(\.isNew)
    var advice: [String] = []
    for edge in new.isEmpty ? finding.edges : new {
      for name in edge.via {
        for text in knowledge.primitives[name]?.advice ?? [] where !advice.contains(text) {
          advice.append(text)
        }
      }
    }
    return advice
  }

  /// The JSON `reproducer`: the steps, one per line; `nil` when none is known.
  var reproducerText: String? {
    let steps = reproducerSteps
    return steps.isEmpty ? nil : steps.joined(separator: "\n")
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
