import Foundation

/// Everything a run depends on, read once from the environment.
///
/// `BENCH_QUICK=1` shrinks the inputs and takes one run per task: a smoke test of the
/// harness, not a measurement.
struct BenchSettings: Sendable {
  /// The product's package root (holds `Package.swift`, `.build-release/`, `samples/`).
  var root: String
  var reviewbot: String
  var runs: Int
  var quick: Bool
  var seed: Int
  var mboxMegabytes: Int
  var commits: Int
  /// How many messages `git mailinfo` runs on when the whole mbox would be too many.
  var mailinfoSample: Int
  /// Task names to run; empty runs all.
  var tasks: [String]
  /// A child still running after this many seconds is killed and its row says so.
  var timeoutSeconds: Int

  var scratch: String { root + "/.build-bench" }
  var corpusFolder: String { root + "/.build-corpus" }
  var corpusTree: String { corpusFolder + "/drm-2018" }
  var corpusMbox: String { corpusFolder + "/i915-2017-2018.mbox" }
  /// The packed corpus shipped beside the project (see the brief: `../shared/corpus/`).
  var packedCorpus: String {
    ProcessInfo.processInfo.environment["BENCH_CORPUS"] ?? root + "/../shared/corpus"
  }
  var benchmarks: String { root + "/Benchmarks" }
  var generators: String { benchmarks + "/generate" }
  var sampleTree: String { root + "/samples/gem-2009/tree" }

  /// Reads `BENCH_*` variables; `root` defaults to the parent of the working directory
  /// when that is `Benchmarks/`, else the working directory.
  static func fromEnvironment() -> BenchSettings {
    let environment = ProcessInfo.processInfo.environment
    let workingDirectory = FileManager.default.currentDirectoryPath
    let defaultRoot =
      workingDirectory.hasSuffix("/Benchmarks")
      ? String(workingDirectory.dropLast("/Benchmarks".count)) : workingDirectory
    let root = standardized(environment["BENCH_ROOT"] ?? defaultRoot)
    let quick = environment["BENCH_QUICK"].map { $0 != "" && $0 != "0" } ?? false
    func number(_ key: String, _ normal: Int, quick small: Int) -> Int {
      environment[key].flatMap(Int.init) ?? (quick ? small : normal)
    }
    let tasks = (environment["BENCH_TASKS"] ?? "")
      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    return BenchSettings(
      root: root,
      reviewbot: environment["BENCH_REVIEWBOT"] ?? root + "/.build-release/release/reviewbot",
      runs: max(1, number("BENCH_RUNS", 5, quick: 1)),
      quick: quick,
      seed: number("BENCH_SEED", 1, quick: 1),
      mboxMegabytes: max(1, number("BENCH_MBOX_MB", 1024, quick: 8)),
      commits: max(2, number("BENCH_COMMITS", 500, quick: 50)),
      mailinfoSample: max(1, number("BENCH_MAILINFO_SAMPLE", 500, quick: 50)),
      tasks: tasks,
      timeoutSeconds: max(0, number("BENCH_TIMEOUT", 1800, quick: 300)))
  }

  /// Environment of every child: the release binary's folder first on `PATH` (the
  /// installed hook calls `reviewbot` by name), and a fixed identity for `git commit`.
  var childEnvironment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    let binFolder = (reviewbot as NSString).deletingLastPathComponent
    environment["PATH"] = binFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["GIT_AUTHOR_NAME"] = "Bench Runner"
    environment["GIT_AUTHOR_EMAIL"] = "bench@example.org"
    environment["GIT_COMMITTER_NAME"] = "Bench Runner"
    environment["GIT_COMMITTER_EMAIL"] = "bench@example.org"
    environment["LC_ALL"] = "C.UTF-8"
    return environment
  }

  private static func standardized(_ path: String) -> String {
    let absolute =
      path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return (absolute as NSString).standardizingPath
  }
}
