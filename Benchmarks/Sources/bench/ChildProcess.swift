import Foundation
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One program to run: its arguments, where it runs and where its streams go.
struct Command: Hashable, Sendable {
  /// `arguments[0]` is looked up in `PATH` like a shell would.
  var arguments: [String]
  var directory: String? = nil
  var standardInput: String = "/dev/null"
  /// `nil` inherits the harness's stdout.
  var standardOutput: String? = "/dev/null"
  /// Captured so a failure can show its first line; `nil` inherits the terminal.
  var standardError: String? = nil
  /// Set on top of the harness's own environment.
  var environment: [String: String] = [:]

  /// The command as a shell line, for logs and for the profile target.
  var shellLine: String {
    arguments.map(\.shellQuoted).joined(separator: " ")
  }
}

/// What one run of a child cost.
struct ChildUsage: Hashable, Sendable {
  var seconds: Double
  /// `ru_maxrss` from `wait4`: the child's peak and that of children it waited for.
  var peakRSSKilobytes: Int
  var exitStatus: Int32
  /// Non-zero when the child died from a signal.
  var signal: Int32
}

/// Why a run did not produce a measurement.
struct ChildFailure: Error, Hashable, Sendable {
  var summary: String
}

/// The small C program that spawns and reaps each measured child (`rusage-probe`).
struct Probe: Hashable, Sendable {
  var program: String
  /// Where the probe writes `<wall ns> <ru_maxrss KB> <wait status> <killed>`.
  var report: String
  /// Seconds after which the probe kills the child; 0 waits for ever.
  var timeoutSeconds: Int
}

extension Command {
  /// Runs the command through `probe`, which spawns it with `posix_spawnp`, reaps it with
  /// `wait4` and reports its wall time and peak RSS.
  ///
  /// Foundation's `Process` does not expose the child's `rusage`; `wait4` does, for this
  /// child alone (plus the descendants it reaped), which is what peak RSS must mean. The
  /// probe rather than this process is the parent because Linux charges the parent's
  /// high-water RSS to a child at `exec` (see `probe/rusage-probe.c`).
  /// - Throws: `ChildFailure` when the probe or the program cannot be started.
  func run(environment base: [String: String], probe: Probe) throws(ChildFailure)
    -> ChildUsage
  {
    unlink(probe.report)
    var probed = self
    probed.arguments = [probe.program, probe.report, "\(probe.timeoutSeconds)"] + arguments
    let direct = try probed.spawnAndWait(environment: base)
    guard direct.exitStatus == 0,
      let report = try? String(contentsOfFile: probe.report, encoding: .utf8)
    else {
      throw ChildFailure(summary: "exit \(direct.exitStatus)")
    }
    let fields = report.split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard fields.count == 4 else {
      throw ChildFailure(summary: "unreadable probe report: \(report)")
    }
    if fields[3] != 0 {
      throw ChildFailure(summary: "killed after the \(probe.timeoutSeconds) s timeout")
    }
    let status = Int32(truncatingIfNeeded: fields[2])
    // The W* macros do not import into Swift; this is their glibc definition.
    let signal = status & 0x7f
    return ChildUsage(
      seconds: Double(fields[0]) / 1e9, peakRSSKilobytes: fields[1],
      exitStatus: signal == 0 ? (status >> 8) & 0xff : 128 + signal, signal: signal)
  }

  /// Spawns the command directly and waits for it; its `ru_maxrss` is not meaningful.
  /// - Throws: `ChildFailure` when the program cannot be started.
  func spawnAndWait(environment base: [String: String]) throws(ChildFailure) -> ChildUsage {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, standardInput, O_RDONLY, 0)
    if let standardOutput {
      posix_spawn_file_actions_addopen(
        &actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    if let standardError {
      posix_spawn_file_actions_addopen(
        &actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    if let directory {
      guard let changeDirectory = addChangeDirectory() else {
        throw ChildFailure(summary: "this libc has no posix_spawn_file_actions_addchdir_np")
      }
      _ = changeDirectory(&actions, directory)
    }

    var merged = base
    for (key, value) in environment { merged[key] = value }
    let environmentLines = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environmentLines.map { strdup($0) } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }

    // What this process printed must come out before the child's output (nil: all).
    fflush(nil)
    var pid = pid_t()
    let start = monotonicSeconds()
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    guard spawned == 0 else {
      let reason = String(cString: strerror(spawned))
      throw ChildFailure(summary: "cannot start \(arguments[0]): \(reason)")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else {
        throw ChildFailure(summary: "wait4 failed: \(String(cString: strerror(errno)))")
      }
    }
    let seconds = monotonicSeconds() - start
    let signal = status & 0x7f
    return ChildUsage(
      seconds: seconds, peakRSSKilobytes: Int(usage.ru_maxrss),
      exitStatus: signal == 0 ? (status >> 8) & 0xff : 128 + signal, signal: signal)
  }
}

/// glibc (2.29+) has the call but its header hides it from Swift's importer; looking it
/// up at run time keeps the C calling convention without a C target.
private func addChangeDirectory() -> (
  @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
    -> Int32
)? {
  let name = "posix_spawn_file_actions_addchdir_np"
  // A null handle is RTLD_DEFAULT: search every loaded library.
  guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
  return unsafeBitCast(
    symbol,
    to: (@convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32).self)
}

/// Seconds on the monotonic clock, which NTP adjustments do not move.
func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

extension String {
  /// Single-quoted for `sh` unless it is made only of safe characters.
  var shellQuoted: String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
    if !isEmpty && allSatisfy({ safe.contains($0) }) { return self }
    return "'" + replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
