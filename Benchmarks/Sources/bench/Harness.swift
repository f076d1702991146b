import Foundation

/// Runs children for the tasks and prepares their inputs under `.build-bench/`.
struct Harness: Sendable {
  let settings: BenchSettings
  let environment: [String: String]
  let probe: Probe

  init(settings: BenchSettings) {
    self.settings = settings
    self.environment = settings.childEnvironment
    self.probe = Probe(
      program: settings.scratch + "/rusage-probe", report: settings.scratch + "/probe-report.txt",
      timeoutSeconds: settings.timeoutSeconds)
  }

  private var stderrFile: String { settings.scratch + "/last-stderr.txt" }

  /// Runs a timed child; an exit status outside `accepted` is a failure whose summary
  /// is `exit N: <first stderr line>`, the form the table prints.
  func timed(_ command: Command, accepted: Set<Int32> = [0]) throws(ChildFailure) -> Sample {
    var command = command
    command.standardError = stderrFile
    let usage: ChildUsage
    do {
      usage = try command.run(environment: environment, probe: probe)
    } catch {
      let line = firstLine(of: stderrFile)
      throw ChildFailure(summary: line.isEmpty ? error.summary : "\(error.summary): \(line)")
    }
    guard accepted.contains(usage.exitStatus) else {
      let kind = usage.signal != 0 ? "signal \(usage.signal)" : "exit \(usage.exitStatus)"
      let line = firstLine(of: stderrFile)
      throw ChildFailure(summary: line.isEmpty ? kind : "\(kind): \(line)")
    }
    return Sample(seconds: usage.seconds, peakRSSKilobytes: usage.peakRSSKilobytes)
  }

  /// Runs an untimed preparation step with the terminal as its stderr.
  func prepare(_ command: Command) throws(ChildFailure) {
    let usage = try command.spawnAndWait(environment: environment)
    guard usage.exitStatus == 0 else {
      throw ChildFailure(summary: "\(command.shellLine) exited \(usage.exitStatus)")
    }
  }

  func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

  func makeFolder(_ path: String) {
    try? FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true)
  }

  func log(_ text: String) {
    FileHandle.standardError.write(Data(("bench: " + text + "\n").utf8))
  }

  private func firstLine(of path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "" }
    let text = String(decoding: data.prefix(4096), as: UTF8.self)
    let line = text.split(whereSeparator: \.isNewline)
      .first { !$0.allSatisfy(\.isWhitespace) } ?? ""
    let trimmed = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "|", with: "/")
    return trimmed.count > 90 ? String(trimmed.prefix(87)) + "..." : trimmed
  }
}

// MARK: - Inputs

extension Harness {
  /// Compiles `probe/rusage-probe.c` into `.build-bench/` when it is missing or older.
  func ensureProbe() throws(ChildFailure) {
    let source = settings.benchmarks + "/probe/rusage-probe.c"
    let files = FileManager.default
    let built = (try? files.attributesOfItem(atPath: probe.program))?[.modificationDate] as? Date
    let edited = (try? files.attributesOfItem(atPath: source))?[.modificationDate] as? Date
    if let built, let edited, built >= edited { return }
    let compiler = ["cc", "clang", "gcc"].first(where: onPath) ?? "cc"
    try prepare(Command(arguments: [compiler, "-O2", "-o", probe.program, source]))
  }
}

extension Harness {
  /// The corpus tree and mbox, unpacked from the packed corpus when missing.
  /// - Returns: `false` when neither the unpacked nor the packed corpus exists.
  func ensureCorpus() throws(ChildFailure) -> Bool {
    if exists(settings.corpusTree) && exists(settings.corpusMbox) { return true }
    let packed = settings.packedCorpus
    guard exists(packed + "/drm-2018.tar.xz"), exists(packed + "/i915-2017-2018.mbox.xz")
    else { return false }
    makeFolder(settings.corpusFolder)
    if !exists(settings.corpusTree) {
      log("unpacking the corpus tree into \(settings.corpusFolder)")
      try prepare(
        Command(arguments: ["tar", "-xJf", packed + "/drm-2018.tar.xz", "-C",
                            settings.corpusFolder]))
    }
    if !exists(settings.corpusMbox) {
      log("unpacking the corpus mbox into \(settings.corpusFolder)")
      let partial = settings.corpusMbox + ".tmp"
      try prepare(
        Command(arguments: ["xz", "-dkc", packed + "/i915-2017-2018.mbox.xz"],
                standardOutput: partial))
      try? FileManager.default.moveItem(atPath: partial, toPath: settings.corpusMbox)
    }
    return true
  }

  /// The generated mbox (`BENCH_MBOX_MB`, seeded), generated once and kept.
  func generatedMbox() throws(ChildFailure) -> String {
    let path = settings.scratch + "/mbox-seed\(settings.seed)-\(settings.mboxMegabytes)MB.mbox"
    if !exists(path) {
      log("generating a \(settings.mboxMegabytes) MB mbox (once; kept in .build-bench)")
      try prepare(
        Command(arguments: [
          "python3", settings.generators + "/mbox.py", "--seed", "\(settings.seed)",
          "--megabytes", "\(settings.mboxMegabytes)", "--out", path,
        ]))
    }
    return path
  }

  /// The repository of generated commits between tags `bench-base` and `bench-tip`.
  func commitsRepository() throws(ChildFailure) -> String {
    let path = settings.scratch + "/commits-seed\(settings.seed)-\(settings.commits)"
    if !exists(path) {
      log("generating a repository of \(settings.commits) commits")
      try prepare(
        Command(arguments: [
          "python3", settings.generators + "/commits.py", "--seed", "\(settings.seed)",
          "--commits", "\(settings.commits)", "--tree", settings.sampleTree, "--out", path,
        ]))
    }
    return path
  }

  /// The corpus tree committed into a scratch repository, and the real patch mail that
  /// applies to its HEAD (see `generate/corpus.py`).
  func corpusRepository() throws(ChildFailure) -> (repository: String, patch: String) {
    let repository = settings.scratch + "/corpus-repo"
    let patch = settings.scratch + "/review-patch.mbox"
    if !exists(repository) || !exists(patch) {
      log("committing the corpus tree into \(repository)")
      try prepare(
        Command(arguments: [
          "python3", settings.generators + "/corpus.py", "--tree", settings.corpusTree,
          "--mbox", settings.corpusMbox, "--out", repository, "--patch", patch,
        ]))
    }
    return (repository, patch)
  }

  /// A fresh clone of the corpus repository for the commit benchmark, so the commits it
  /// makes never change the review task's base.
  func hookRepository(from corpus: String, name: String = "hook-repo") throws(ChildFailure)
    -> String
  {
    let path = settings.scratch + "/" + name
    remove(path)
    try prepare(Command(arguments: ["git", "clone", "-q", corpus, path]))
    return path
  }
}
