import Foundation

extension Bench {
  /// Runs reviewbot's side of `task` once under `valgrind --tool=callgrind` and prints the
  /// functions with the most instructions. Instruction counts barely move on a noisy
  /// machine, so they show where a target is missed even when timings jump around.
  /// - Returns: the exit status for the process.
  static func profile(_ harness: Harness, task: String) -> Int32 {
    let settings = harness.settings
    guard let command = profiledCommand(harness, task: task) else { return 2 }
    guard harness.onPath("valgrind"), harness.onPath("callgrind_annotate") else {
      harness.log("valgrind is not installed (apt-get install valgrind)")
      return 2
    }
    let output = settings.scratch + "/callgrind.\(task).out"
    harness.log("callgrind: \(command.shellLine)")
    // Valgrind 3.19 gives up on the DWARF 5 that Swift 6 writes ("possibly corrupted
    // debuginfo"); a copy without debug sections keeps its symbols, so names survive.
    let stripped = settings.scratch + "/reviewbot-for-callgrind"
    do throws(ChildFailure) {
      try harness.prepare(Command(arguments: ["cp", command.arguments[0], stripped]))
      try harness.prepare(Command(arguments: ["strip", "--strip-debug", stripped]))
    } catch {
      harness.log("cannot make a stripped copy: \(error.summary)")
      return 2
    }
    var profiled = command
    profiled.arguments =
      ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + output, stripped]
      + command.arguments.dropFirst()
    do throws(ChildFailure) {
      let sample = try harness.timed(profiled, accepted: [0, 1])
      harness.log("callgrind run took \(formatSeconds(sample.seconds)); profile in \(output)")
    } catch {
      harness.log("the profiled run failed: \(error.summary)")
      return 1
    }
    // Swift symbols are mangled in the profile; swift demangle makes them readable.
    func annotate(inclusive: Bool) -> String {
      "callgrind_annotate --inclusive=\(inclusive ? "yes" : "no") \(output.shellQuoted)"
        + " | sed -n '/PROGRAM TOTALS/,$p'"
        + " | (swift demangle --simplified 2>/dev/null || cat) | head -n 40"
    }
    print("== self cost (top functions) ==")
    try? harness.prepare(
      Command(arguments: ["sh", "-c", annotate(inclusive: false)], standardOutput: nil))
    print("== inclusive cost ==")
    try? harness.prepare(
      Command(arguments: ["sh", "-c", annotate(inclusive: true)], standardOutput: nil))
    return 0
  }

  /// The reviewbot command a task times, after preparing its input.
  static func profiledCommand(_ harness: Harness, task: String) -> Command? {
    let settings = harness.settings
    do throws(ChildFailure) {
      switch task {
      case "parse":
        guard try harness.ensureCorpus() else { throw ChildFailure(summary: "no corpus") }
        return harness.reviewbot(
          ["parse", "--format", "json", settings.corpusMbox], output: "parse.json")
      case "parse-big":
        return harness.reviewbot(
          ["parse", "--format", "json", try harness.generatedMbox()], output: "parse-big.json")
      case "graph":
        guard try harness.ensureCorpus() else { throw ChildFailure(summary: "no corpus") }
        return harness.reviewbot(
          ["graph", "--tree", settings.corpusTree, "--format", "json"], output: "graph.json")
      case "review":
        guard try harness.ensureCorpus() else { throw ChildFailure(summary: "no corpus") }
        let (repository, patch) = try harness.corpusRepository()
        harness.remove(repository + "/.git/reviewbot")
        return harness.reviewbot(
          ["review", "--repo", repository, "--base", "HEAD", patch], output: "review.txt")
      case "review-warm":
        guard try harness.ensureCorpus() else { throw ChildFailure(summary: "no corpus") }
        let (repository, patch) = try harness.corpusRepository()
        let review = harness.reviewbot(
          ["review", "--repo", repository, "--base", "HEAD", patch], output: "review.txt")
        // One run outside the profile fills the cache the profiled run then reads.
        _ = try harness.timed(review, accepted: [0, 1])
        return review
      case "check":
        let repository = try harness.commitsRepository()
        harness.remove(repository + "/.git/reviewbot")
        return harness.reviewbot(
          ["check", "--repo", repository, "bench-base..bench-tip"], output: "check.txt")
      default:
        harness.log("profile: tasks are parse, parse-big, graph, review, review-warm, check")
        return nil
      }
    } catch {
      harness.log("profile: cannot prepare \(task): \(error.summary)")
      return nil
    }
  }
}
