import ArgumentParser
import ReviewCore

extension OutputFormat: ExpressibleByArgument {}

struct BaseOptions: ParsableArguments {
  @Option(name: .long, help: "Source tree to review against.")
  var tree: String?

  @Option(name: .long, help: "Git repository holding the base (and a base-commit: trailer's).")
  var repo: String?

  @Option(name: .long, help: "Revision of --repo to review against.")
  var base: String?
}

struct ReportOptions: ParsableArguments {
  @Option(name: .long, help: "text (reply mails), json, sarif, junit or dot.")
  var format: OutputFormat = .text

  @Option(name: .long, help: "Directory for one .eml per reply (text format).")
  var output: String?

  @Option(name: .long, help: "Configuration file (default: .reviewbot.yml when present).")
  var config: String?

  @Flag(name: .long, help: "Print nothing but errors; the exit status tells.")
  var quiet = false

  @Flag(name: .long, help: "Also list problems the base tree already had.")
  var includeExisting = false

  @Flag(name: .long, help: "Also list cycles the exploration could not confirm.")
  var includeUnconfirmed = false
}
