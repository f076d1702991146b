import ArgumentParser
import ReviewCore

struct ReviewBot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reviewbot",
    abstract: "Reviews Linux kernel patches for lock-ordering regressions.")
}

ReviewBot.main()
