import ArgumentParser
import ReviewCore

struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Review patches from mboxes, .eml/.patch files, HTML pages, maildirs or -.")

  @OptionGroup var base: BaseOptions
  @OptionGroup var options: ReportOptions

  @Argument(help: "Inputs; - for stdin.")
  var inputs: [String]

  func validate() throws {
    if base.tree != nil && base.repo != nil && base.base != nil {
      throw ValidationError("--tree and --repo --base both name a base; give one")
    }
    if base.base != nil && base.repo == nil {
      throw ValidationError("--base needs --repo")
    }
    if inputs.isEmpty { throw ValidationError("no input") }
  }

  func run() throws {
    let request = ReviewRequest(
      inputs: inputs, tree: base.tree, repository: base.repo, base: base.base,
      configPath: options.config, includeExisting: options.includeExisting,
      includeUnconfirmed: options.includeUnconfirmed)
    let status: ExitCode
    let keeper = ModelKeeper()
    do {
      let configuration = try request.configuration()
      let knowledge = try request.knowledge(configuration)
      var reviewer = request.reviewer(knowledge: knowledge, configuration: configuration)
      reviewer.keeper = keeper
      let run = try request.run(
        reviewer: reviewer, reader: .standard(), progress: progressLine(quiet: options.quiet))
      status = try report(run, options: options, knowledge: knowledge)
    } catch {
      status = fail(error)
    }
    exitKeeping(keeper, status)
  }
}

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Review commits (REV or A..B) through libgit2.")

  @Option(name: .long, help: "Git repository (default: the current directory).")
  var repo: String = "."

  @OptionGroup var options: ReportOptions

  @Argument(help: "REV or REV1..REV2.")
  var range: String

  func run() throws {
    let request = ReviewRequest(
      inputs: [], repository: repo, configPath: options.config,
      includeExisting: options.includeExisting, includeUnconfirmed: options.includeUnconfirmed)
    let status: ExitCode
    let keeper = ModelKeeper()
    do {
      let configuration = try request.configuration()
      let knowledge = try request.knowledge(configuration)
      var reviewer = request.reviewer(knowledge: knowledge, configuration: configuration)
      reviewer.keeper = keeper
      let run = try reviewCommits(range, repository: repo, reviewer: reviewer)
      status = try report(run, options: options, knowledge: knowledge)
    } catch {
      status = fail(error)
    }
    exitKeeping(keeper, status)
  }
}
