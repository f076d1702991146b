import Foundation

/// One line of the result table: a task measured on reviewbot and on its peer.
struct ResultRow: Hashable, Sendable {
  /// Short name used by `BENCH_TASKS` and `bench profile`.
  var task: String
  var title: String
  var peerName: String
  var reviewbot: Outcome
  var peer: Outcome
  /// What the row needs said beside its figures (extrapolation, commits per second).
  var note: String = ""

  /// reviewbot's median time over the peer's: below 1 means reviewbot is faster.
  var ratio: Double? {
    guard let ours = reviewbot.medianSeconds, let theirs = peer.medianSeconds, theirs > 0
    else { return nil }
    return ours / theirs
  }

  /// A row whose inputs could not be prepared: both sides fail with the same reason.
  static func unprepared(
    _ task: String, _ title: String, peer: String, reason: String
  ) -> ResultRow {
    ResultRow(
      task: task, title: title, peerName: peer, reviewbot: .failed(reason),
      peer: .failed(reason))
  }
}

/// A goal from the benchmark issue and whether the last run met it.
struct TargetCheck: Hashable, Sendable {
  var goal: String
  /// `nil` when the figure is missing (the task failed or was skipped).
  var met: Bool?
  var measured: String

  /// Whether the task produced the figure at all (failed and skipped tasks do not).
  var hasFigure: Bool { measured != TargetCheck.noFigure }

  static let noFigure = "no figure"
}

/// Renders rows as a Markdown table, ready to paste into `Benchmarks/README.md`.
func renderTable(_ rows: [ResultRow]) -> String {
  var lines = [
    "| task | reviewbot median (min–max) | peer | peer median (min–max) | ratio "
      + "| reviewbot peak RSS | note |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ]
  for row in rows {
    let ratio = row.ratio.map { String(format: $0 < 0.1 ? "%.3f×" : "%.2f×", $0) } ?? "–"
    let rss = row.reviewbot.peakRSSKilobytes.map(formatMegabytes) ?? "–"
    let cells = [
      row.title, describe(row.reviewbot), row.peerName, describe(row.peer), ratio, rss,
      row.note,
    ]
    lines.append("| " + cells.joined(separator: " | ") + " |")
  }
  return lines.joined(separator: "\n")
}

/// The targets as a list of `met` / `NOT MET` lines.
func renderTargets(_ checks: [TargetCheck]) -> String {
  checks.map { check in
    let verdict =
      check.met.map { $0 ? "met" : "NOT MET" } ?? (check.hasFigure ? "reported" : "not measured")
    return "- \(check.goal): \(verdict) (\(check.measured))"
  }.joined(separator: "\n")
}

func describe(_ outcome: Outcome) -> String {
  switch outcome {
  case .measured(let samples):
    let times = samples.map(\.seconds)
    let middle = formatSeconds(median(times))
    guard samples.count > 1 else { return middle }
    return "\(middle) (\(formatSeconds(times.min()!))–\(formatSeconds(times.max()!)))"
  case .failed(let reason):
    return "failed (\(reason))"
  case .skipped(let reason):
    return "skipped (\(reason))"
  }
}

func formatSeconds(_ seconds: Double) -> String {
  switch seconds {
  case ..<0.01: String(format: "%.4f s", seconds)
  case ..<10: String(format: "%.3f s", seconds)
  default: String(format: "%.1f s", seconds)
  }
}

func formatMegabytes(_ kilobytes: Int) -> String {
  String(format: "%.1f MB", Double(kilobytes) / 1024)
}
