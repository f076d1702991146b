import ArgumentParser
import Foundation
import ReviewCore

struct ReviewBot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reviewbot",
    abstract: "Reviews Linux kernel patches for lock-ordering regressions.",
    subcommands: [
      ReviewCommand.self, CheckCommand.self, HookCommand.self, GraphCommand.self,
      ExplainCommand.self, ParseCommand.self,
    ],
    defaultSubcommand: ReviewCommand.self)
}

/// Writes to stderr as `reviewbot: …`.
func complain(_ message: String) {
  FileHandle.standardError.write(Data("reviewbot: \(message)\n".utf8))
}

/// Ends the process with `status` without freeing what `keeper` holds: the output is
/// written, and tearing down a kernel tree's model would only delay the exit.
func exitKeeping(_ keeper: ModelKeeper, _ status: ExitCode) -> Never {
  withExtendedLifetime(keeper) { exit(status.rawValue) }
}

func emit(_ text: String) {
  FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes `bytes` to stdout as they are: a whole tree's graph is megabytes, which `emit(_:)`
/// would copy twice on the way.
func emit(bytes: [UInt8]) throws {
  try bytes.withUnsafeBytes { buffer in
    var written = 0
    while written < buffer.count {
      let result = write(1, buffer.baseAddress! + written, buffer.count - written)
      if result < 0 {
        guard errno == EINTR else { throw OutputError(code: errno) }
        continue
      }
      written += result
    }
  }
}

/// Standard output could not be written.
struct OutputError: Error, CustomStringConvertible {
  var code: Int32
  var description: String { "cannot write the output: \(String(cString: strerror(code)))" }
}

/// Exit 2 for anything that stops a command before it could review (DESIGN: bad usage or
/// nothing readable).
func fail(_ error: any Error) -> ExitCode {
  complain(describe(error))
  return ExitCode(2)
}

func describe(_ error: any Error) -> String {
  switch error {
  case let error as ReviewError: error.description
  case let error as ConfigurationError: error.description
  case let error as InputError: error.description
  default: "\(error)"
  }
}
