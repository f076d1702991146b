import ArgumentParser
import LockModelExtract
import PatchParse
import ReviewCore

/// The base tree of `--tree` or `--repo --base` for `graph` and `explain`. A directory is
/// not hashed: with no repository there is no cache its content ids would key.
func openTree(_ base: BaseOptions) throws -> BaseTree {
  try openTree(repo: base.repo, revision: base.base, directory: base.tree)
}

/// `openTree(_:)` of those options' values.
func openTree(repo: String?, revision: String?, directory: String?) throws -> BaseTree {
  if let repo {
    return try openGitTree(repository: repo, revision: revision ?? "HEAD")
  }
  return try openDirectoryTree(directory ?? ".", hashing: false)
}

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph", abstract: "Print the lock dependencies a tree implies.")

  enum Format: String, ExpressibleByArgument { case dot, json }

  @OptionGroup var base: BaseOptions

  @Option(name: .long, help: "dot or json.")
  var format: Format = .json

  @Option(name: .long, help: "Configuration file with knowledge-base extensions.")
  var config: String?

  @Argument(help: "Only edges whose site is under these paths.")
  var paths: [String] = []

  func run() throws {
    let keeper = ModelKeeper()
    do {
      let request = ReviewRequest(inputs: [], repository: base.repo, configPath: config)
      // The tree is listed on another core while the knowledge base is read (errors are
      // still told in that order).
      let (repo, revision, directory) = (base.repo, base.base, base.tree)
      let (listed, read) = beside({
        Result { try openTree(repo: repo, revision: revision, directory: directory) }
      }) {
        Result { try request.knowledge(try request.configuration()) }
      }
      let knowledge = try read.get()
      let tree = try listed.get()
      let cache = fileModelCache(repository: base.repo, knowledge: knowledge)
      let bytes: [UInt8]
      if format == .json {
        bytes = LockGraphReport.jsonBytes(
          tree: tree, paths: paths, knowledge: knowledge, cache: cache, keeper: keeper)
      } else {
        let report = LockGraphReport(tree: tree, paths: paths, knowledge: knowledge, cache: cache)
        bytes = Array(report.dot().utf8)
      }
      try emit(bytes: bytes)
    } catch {
      throw fail(error)
    }
    exitKeeping(keeper, .success)
  }
}

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "List every known path that takes LOCK_B while holding LOCK_A.")

  @OptionGroup var base: BaseOptions

  @Option(name: .long, help: "Configuration file with knowledge-base extensions.")
  var config: String?

  @Argument(help: "The lock held.")
  var lockA: String

  @Argument(help: "The lock taken.")
  var lockB: String

  func run() throws {
    do {
      let request = ReviewRequest(inputs: [], repository: base.repo, configPath: config)
      let knowledge = try request.knowledge(try request.configuration())
      let report = LockGraphReport(tree: try openTree(base), knowledge: knowledge)
      let paths = report.paths(from: lockA, to: lockB, knowledge: knowledge)
      if paths.isEmpty {
        emit("no known path takes \(lockB) while holding \(lockA)\n")
      } else {
        emit(LockGraphReport.describe(paths))
      }
    } catch {
      throw fail(error)
    }
  }
}

struct ParseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse", abstract: "Print what PatchParse read: messages, series, patches.")

  enum Format: String, ExpressibleByArgument { case json, text }

  @Option(name: .long, help: "json or text.")
  var format: Format = .json

  @Argument(help: "Inputs; - for stdin.")
  var inputs: [String]

  func run() throws {
    let summary = ParseReport.stream(
      inputs, json: format == .json, reader: .standard(), emit: emit)
    for error in summary.errors { complain(error.description) }
    if summary.messages == 0 && !summary.errors.isEmpty { throw ExitCode(2) }
  }
}
