import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes the small POSIX sh scripts git runs as hooks; each calls
/// `reviewbot hook run [--strict] TYPE "$@"`.
///
/// A hook must never stop a commit because reviewbot itself is missing or broken: unless
/// installed with `strict`, the script exits 0 whatever the binary does.
public struct HookInstaller: Hashable, Sendable {
  /// The line that marks a hook as reviewbot's, so reinstalling replaces it silently while
  /// a hook someone else wrote is left alone.
  public static let marker = "# reviewbot-managed hook: reinstall with `reviewbot hook install`"

  /// Where hooks go: `GitRepository.hooksDirectory()`.
  public var hooksDirectory: String
  /// Absolute path of the reviewbot binary the hooks call.
  public var binaryPath: String

  public init(hooksDirectory: String, binaryPath: String) {
    var directory = hooksDirectory
    while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
    self.hooksDirectory = directory
    self.binaryPath = binaryPath
  }

  /// The script for `type`. `strict` makes a missing binary or a finding block the
  /// operation.
  public func script(for type: HookType, strict: Bool) -> String {
    let binary = HookInstaller.shellQuoted(binaryPath)
    var lines = [
      "#!/bin/sh",
      HookInstaller.marker,
      "# \(type.rawValue)\(strict ? " --strict" : ""): reviews lock ordering before it lands.",
      "reviewbot=\(binary)",
      "if [ ! -x \"$reviewbot\" ]; then",
      "  echo \"reviewbot: $reviewbot not found; \(type.rawValue) review skipped\" >&2",
      "  exit \(strict ? 1 : 0)",
      "fi",
    ]
    if strict {
      lines.append("exec \"$reviewbot\" hook run --strict \(type.rawValue) \"$@\"")
    } else {
      // Not exec: whatever the binary does (a finding, a crash), git goes on.
      lines.append("\"$reviewbot\" hook run \(type.rawValue) \"$@\"")
      lines.append("exit 0")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Whether `text` is a hook script reviewbot wrote.
  public static func isManaged(_ text: String) -> Bool {
    text.split(separator: "\n", maxSplits: 3).contains { $0 == marker }
  }

  /// Writes `hooks/<type>` (mode 0755) atomically; an existing reviewbot hook is replaced.
  /// - Returns: the path written.
  /// - Throws: `HookError.foreignHook` when another hook is there and `force` is false.
  @discardableResult
  public func install(
    _ type: HookType, strict: Bool = false, force: Bool = false
  ) throws(HookError) -> String {
    let path = hooksDirectory + "/" + type.rawValue
    var info = stat()
    if !force, lstat(path, &info) == 0 {
      // A link or an unreadable file counts as foreign: we cannot tell it is ours.
      let ours = (info.st_mode & S_IFMT) == S_IFREG
        && FileManager.default.contents(atPath: path).map {
          HookInstaller.isManaged(String(decoding: $0, as: UTF8.self))
        } == true
      if !ours { throw .foreignHook(path: path) }
    }
    do {
      try FileManager.default.createDirectory(
        atPath: hooksDirectory, withIntermediateDirectories: true)
      try AtomicFile.write(Data(script(for: type, strict: strict).utf8), to: path, mode: 0o755)
    } catch {
      throw .writeFailed(path: path, reason: "\(error)")
    }
    return path
  }

  /// The absolute path of the running reviewbot, links resolved, for the hook to call;
  /// `nil` when the system cannot say.
  public static func runningBinaryPath() -> String? {
    guard let url = Bundle.main.executableURL else { return nil }
    let path = url.resolvingSymlinksInPath().path
    return path.hasPrefix("/") ? path : nil
  }

  /// `'…'` with embedded quotes escaped, so any path survives the shell unchanged.
  static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
