import ArgumentParser
import Foundation

// ArgumentParser exits 64 on bad usage; the contract says 2.
do {
  var command = try ReviewBot.parseAsRoot()
  try command.run()
} catch {
  if ReviewBot.exitCode(for: error) == .validationFailure {
    FileHandle.standardError.write(Data((ReviewBot.fullMessage(for: error) + "\n").utf8))
    exit(2)
  }
  ReviewBot.exit(withError: error)
}
