import Foundation
import LockModelExtract
import PatchParse

/// Everything `reviewbot review` was asked, as values.
public struct ReviewRequest: Sendable {
  public var inputs: [String]
  /// `--tree DIR`.
  public var tree: String?
  /// `--repo GITDIR`.
  public var repository: String?
  /// `--base REV`.
  public var base: String?
  /// `--config FILE`; when `nil`, `.reviewbot.yml` in the repository or the current
  /// directory is read if present.
  public var configPath: String?
  public var includeExisting: Bool
  public var includeUnconfirmed: Bool

  public init(
    inputs: [String], tree: String? = nil, repository: String? = nil, base: String? = nil,
    configPath: String? = nil, includeExisting: Bool = false, includeUnconfirmed: Bool = false
  ) {
    self.inputs = inputs
    self.tree = tree
    self.repository = repository
    self.base = base
    self.configPath = configPath
    self.includeExisting = includeExisting
    self.includeUnconfirmed = includeUnconfirmed
  }

  /// The configuration named or found, or an empty one.
  /// - Throws: ``ConfigurationError`` when a named or found file is unusable.
  public func configuration() throws(ConfigurationError) -> Configuration {
    if let configPath { return try Configuration.load(path: configPath) }
    let candidates = [repository.map { $0 + "/.reviewbot.yml" }, ".reviewbot.yml"]
    for case let path? in candidates where FileManager.default.fileExists(atPath: path) {
      return try Configuration.load(path: path)
    }
    return Configuration()
  }

  /// The bundled knowledge base with the configuration's extensions.
  public func knowledge(_ configuration: Configuration) throws -> KnowledgeBase {
    configuration.knowledgeBase(extending: try KnowledgeBase.bundled())
  }

  /// The reviewer this request describes.
  public func reviewer(
    knowledge: KnowledgeBase, configuration: Configuration
  ) -> Reviewer {
    let cache = fileModelCache(repository: repository, knowledge: knowledge)
    return Reviewer(
      knowledge: knowledge,
      options: ReviewOptions(
        includeExisting: includeExisting, includeUnconfirmed: includeUnconfirmed,
        suppressions: configuration.suppressions),
      cache: cache, trees: cache as? any TreeModelCaching)
  }

  /// Reads every input and reviews its patches, inputs in order.
  /// - Parameters:
  ///   - reviewer: from ``reviewer(knowledge:configuration:)``.
  ///   - reader: the input reader (with PatchParse's HTML support when wired).
  ///   - progress: called with (series and lone patches done, in all).
  /// - Throws: when the base tree or the patch applier cannot be set up.
  public func run(
    reviewer: Reviewer, reader: InputReader = InputReader(),
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> ReviewRun {
    let fallback = try tree.map { try openDirectoryTree($0) }
    let bases: any BaseTreeProviding =
      try repository.map {
        try gitBaseTrees(repository: $0, base: base, fallback: fallback)
      } ?? FixedBase(fallback)
    // Without any base tree the hunks are reviewed alone and nothing is applied.
    let applier: any PatchApplier =
      tree == nil && repository == nil ? NoBaseApplier() : try makePatchApplier()
    var inputsRead: [ReviewInput] = []
    var readErrors: [[InputError]] = []
    for input in inputs {
      let (mails, errors) = reader.readAll(input)
      inputsRead.append(ReviewInput(name: input, mails: mails))
      readErrors.append(errors)
    }
    let reviewed = reviewer.review(inputsRead, bases: bases, applier: applier, progress: progress)
    // Reading errors first, then review errors, per input in input order; the review
    // errors of one input are contiguous, so they are taken in turn.
    var errors: [InputError] = []
    var pending = reviewed.errors[...]
    for (input, readingErrors) in zip(inputs, readErrors) {
      errors += readingErrors
      while let next = pending.first, next.input == input {
        errors.append(next)
        pending = pending.dropFirst()
      }
    }
    errors += pending
    let run = ReviewRun(
      reviews: reviewed.reviews, errors: errors, messagesRead: reviewed.messagesRead)
    return run
  }
}

/// The applier of a run with no base tree: never called, since there is nothing to apply to.
private struct NoBaseApplier: PatchApplier {
  func apply(_ diffs: [FileDiff], to base: any TreeSource) throws -> any TreeSource {
    throw ReviewError.unsupported("patch application without a base tree")
  }
}
