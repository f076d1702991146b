import GEMSim
import LockModelExtract
import PatchParse

/// The `text` format: one reply mail per patch with findings, ready for `git send-email`.
public struct ReplyWriter: Sendable {
  public var settings: WriterSettings

  public init(settings: WriterSettings) { self.settings = settings }

  /// The reply to one review; `nil` when the review has nothing to warn about (no finding,
  /// or only cycles the patch removes: those are mentioned beside a warning, never alone).
  public func reply(to review: Review) -> String? {
    let findings = review.findings.sorted(by: Finding.reviewOrder)
    guard findings.contains(where: { $0.origin != .removed }) else { return nil }
    var lines = headers(review.mail)
    lines.append("")
    lines += attribution(review.mail)
    let newEdges = findings.flatMap { $0.edges.filter(\.isNew) }
    // A livelock or an imbalance is at its retry or its unlock, not only at an edge.
    let places = findings.filter { $0.origin == .introduced }.flatMap { finding in
      [finding.retry?.location, finding.imbalance?.location].compactMap { $0 }
    }
    let quote = HunkQuote(diffs: review.mail.fileDiffs)
      .lines(for: newEdges.map(\.location) + places, anchors: newEdges.map(\.heldSince))
    if !quote.isEmpty { lines += quote + [""] }
    // One new call often closes several cycles (a lock cycle, the reclaim cycle through the
    // same edge, a recursion): the first is reported in full, the others in one paragraph
    // each, so the reply stays about the line the author wrote.
    let changed = Set(review.changedFunctions)
    var reported: Set<String> = []
    for (index, finding) in findings.enumerated() {
      if index > 0 { lines.append("") }
      guard finding.origin == .introduced, let key = Self.change(of: finding, in: changed) else {
        lines += comment(finding, changed: changed)
        continue
      }
      if reported.insert(key).inserted {
        lines += comment(finding, changed: changed)
      } else {
        lines += paragraph(alsoCloses(finding, in: key, changed: changed))
      }
    }
    lines.append("")
    lines += paragraph(baseSentence(review))
    lines += ["", "-- ", "\(ToolInfo.name) \(settings.version)"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Every reply of a run, in review order, as an mbox (the separator line `git
  /// format-patch` writes), so `git send-email` and mail clients read them back.
  public func replies(to run: ReviewRun) -> String {
    run.reviews.compactMap { review in
      reply(to: review).map { text in
        // mboxo: a body line starting with "From " would split the message.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
          line.hasPrefix("From ") ? ">" + line : String(line)
        }
        return "From \(ToolInfo.name) Mon Sep 17 00:00:00 2001\n"
          + lines.joined(separator: "\n")
      }
    }.joined(separator: "\n")
  }

  private func headers(_ mail: Mail) -> [String] {
    var lines = ["From: \(settings.from)"]
    if let author = mail.from { lines.append("To: \(MailHeader.address(author))") }
    var seen = Set([mail.from?.email.lowercased() ?? ""])
    var cc: [String] = []
    for address in mail.to + mail.cc where seen.insert(address.email.lowercased()).inserted {
      cc.append(MailHeader.address(address))
    }
    if !cc.isEmpty { lines.append(MailHeader.line("Cc", cc)) }
    lines.append("Subject: " + MailHeader.encodedWords(MailHeader.replySubject(mail.rawSubject)))
    if let date = settings.date { lines.append("Date: \(date)") }
    if let id = mail.messageID {
      lines.append("In-Reply-To: <\(id)>")
      var references = mail.references.filter { $0 != id }
      references.append(id)
      lines.append(MailHeader.line("References", references.map { "<\($0)>" }, separator: ""))
    } else if !mail.references.isEmpty {
      lines.append(MailHeader.line("References", mail.references.map { "<\($0)>" }, separator: ""))
    }
    lines += [
      "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: 8bit",
    ]
    return lines
  }

  private func attribution(_ mail: Mail) -> [String] {
    let name = mail.from.map { $0.name.isEmpty ? $0.email : $0.name } ?? "the author"
    let text = mail.date.map { "On \($0), \(name) wrote:" } ?? "\(name) wrote:"
    return paragraph(text)
  }

  /// The changed function the finding's site goes through (its root or a callee on the
  /// way), which findings reported together share; a retry's or unlock's function else.
  private static func change(of finding: Finding, in changed: Set<String>) -> String? {
    if let edge = finding.siteEdge(preferring: changed), finding.edges.contains(where: \.isNew) {
      return ([edge.function] + edge.via).first(where: changed.contains) ?? edge.function
    }
    return finding.retry?.function ?? finding.imbalance?.function
  }

  /// The short form of a finding whose change was already reported in full.
  private func alsoCloses(_ finding: Finding, in function: String, changed: Set<String>)
    -> String
  {
    let what =
      switch finding.kind {
      case .circularDependency: "another lock cycle"
      case .reclaimInversion: "a cycle through memory reclaim"
      case .recursiveLocking: "a recursive acquisition"
      case .irqInversion: "an interrupt-state inversion"
      case .livelock: "a livelock"
      case .imbalance: "a lock imbalance"
      }
    let chain = (finding.locks + finding.locks.prefix(1))
      .map(\.name).joined(separator: " -> ")
    let site = finding.siteEdge(preferring: changed)
    let root = site.map { "\($0.function)() at \($0.location.description)" } ?? function + "()"
    return "The same change to \(function)() also closes \(what), reached from \(root):"
      + " \(chain). The JSON output (--format json) has its full report."
  }

  /// The comment on one finding: plain words, the splat, reproducer and fixes.
  func comment(_ finding: Finding, changed: Set<String> = []) -> [String] {
    let narrative = FindingNarrative(
      finding: finding, knowledge: settings.knowledge, changed: changed)
    var lines = paragraph(narrative.summary)
    if finding.origin == .removed { return lines }
    for extra in [narrative.alreadyBroken, narrative.sameTask, narrative.unresolved] {
      if let extra { lines += [""] + paragraph(extra) }
    }
    if finding.origin == .existing {
      lines +=
        [""]
        + paragraph(
          "The base tree already has this problem; it is listed because the patch changes"
            + " one of its functions, and it is not counted against the patch.")
    }
    if !finding.confirmed, finding.kind != .imbalance {
      let why =
        finding.edges.contains(where: \.guessed)
        ? "Part of this chain goes through a call through an ops table whose object could"
          + " not be pinned to one table, so the function it reaches is a guess"
        : "The exploration did not reach this state (it may be prevented by a common outer"
          + " lock or a trylock)"
      lines +=
        [""] + paragraph(why + "; it is listed because unconfirmed findings were asked for.")
    }
    lines += [""] + Splat(finding: finding, changed: changed).lines
    if let reproducer = narrative.reproducer {
      lines += [""] + TextWrap.wrap(reproducer.intro)
      for step in reproducer.steps { lines += TextWrap.wrap(step, first: "  ", rest: "     ") }
    }
    let fixes = narrative.fixes
    if !fixes.isEmpty {
      lines += ["", "Possible fixes:"]
      for fix in fixes { lines += TextWrap.wrap(fix, first: "  - ", rest: "    ") }
    }
    return lines
  }

  private func baseSentence(_ review: Review) -> String {
    if !review.hadBaseTree {
      return "\(ToolInfo.name) had no base tree for this patch: it analysed the patched hunks"
        + " alone, so paths through code outside them were not seen."
    }
    return "Reviewed against \(review.baseDescription)."
  }

  private func paragraph(_ text: String) -> [String] { TextWrap.wrap(text) }
}
