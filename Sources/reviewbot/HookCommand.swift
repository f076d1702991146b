import ArgumentParser
import Foundation
import ReviewCore

struct HookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hook", abstract: "Install or run reviewbot's git hooks.",
    subcommands: [Install.self, Run.self])

  static let types = ["post-commit", "pre-commit", "pre-push", "sendemail-validate"]

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a hook calling `hook run`.")

    @Option(name: .long, help: "post-commit, pre-commit, pre-push or sendemail-validate.")
    var type: String = "post-commit"

    @Option(name: .long, help: "Git repository (default: the current directory).")
    var repo: String = "."

    @Flag(name: .long, help: "Block the git operation on findings or on reviewbot's failure.")
    var strict = false

    @Flag(name: .long, help: "Overwrite a hook reviewbot did not write.")
    var force = false

    func validate() throws {
      guard HookCommand.types.contains(type) else {
        throw ValidationError(
          "unknown hook type \(type); one of \(HookCommand.types.joined(separator: ", "))")
      }
    }

    func run() throws {
      do {
        emit(try installHook(type: type, repository: repo, strict: strict, force: force) + "\n")
      } catch {
        throw fail(error)
      }
      // Best effort: without it the first hook run models the whole tree itself.
      let request = ReviewRequest(inputs: [], repository: repo)
      if let configuration = try? request.configuration(),
        let knowledge = try? request.knowledge(configuration)
      {
        let reviewer = request.reviewer(knowledge: knowledge, configuration: configuration)
        if (try? modelHEADForHooks(repository: repo, reviewer: reviewer)) == true {
          complain("modelled HEAD's tree for the hook's first run")
        }
      }
    }
  }

  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What an installed hook calls.")

    @Option(name: .long, help: "Git repository (default: the current directory).")
    var repo: String = "."

    @Flag(name: .long, help: "Fail on findings and on reviewbot's own errors.")
    var strict = false

    @Argument(help: "The hook type.")
    var type: String

    @Argument(parsing: .captureForPassthrough, help: "What git passed to the hook.")
    var arguments: [String] = []

    func run() throws {
      let keeper = ModelKeeper()
      exitKeeping(keeper, status(keeper: keeper))
    }

    /// A hook fails open: reviewbot's own trouble never blocks a commit unless --strict.
    private func status(keeper: ModelKeeper) -> ExitCode {
      do {
        let request = ReviewRequest(inputs: [], repository: repo)
        let configuration = try request.configuration()
        let knowledge = try request.knowledge(configuration)
        var reviewer = request.reviewer(knowledge: knowledge, configuration: configuration)
        reviewer.keeper = keeper
        let run = try reviewForHook(
          type: type, arguments: arguments, repository: repo, reviewer: reviewer)
        for error in run.errors { complain(error.description) }
        let text = ReplyWriter(settings: WriterSettings(knowledge: knowledge)).replies(to: run)
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
        if strict && run.hasRegressions { return ExitCode(1) }
        // A patch that did not apply or parse went unreviewed: strict promises nothing
        // leaves unreviewed, so that blocks too.
        if strict && !run.errors.isEmpty { return ExitCode(2) }
        return .success
      } catch {
        complain("hook \(type): \(describe(error))")
        return strict ? ExitCode(2) : .success
      }
    }
  }
}
