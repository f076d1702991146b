import Dispatch
import GEMSim
import LockModelExtract
import PatchParse

/// The review pipeline: patches in, reviews out.
///
/// For each mail that carries a patch, in input order: the base tree, the patch applied in
/// memory (a series on top of its predecessors), the lock models of both trees, the
/// simulator's findings marked against the base, the findings the patch is responsible for,
/// the suppressions. Cover letters and replies carry no diff and are skipped.
public struct Reviewer: Sendable {
  public var knowledge: KnowledgeBase
  public var options: ReviewOptions
  /// Per-file model cache keyed by content id; `nil` extracts every file each run.
  public var cache: (any FileModelCaching)?
  /// Whole-tree model cache keyed by commit id; `nil` models every base each run.
  public var trees: (any TreeModelCaching)?
  /// Where the run's tree models go when it is done, for a command that exits without
  /// freeing them; `nil` frees them as usual.
  public var keeper: ModelKeeper?

  /// - Parameters:
  ///   - knowledge: the bundled knowledge base merged with the configuration's.
  ///   - options: what to report beyond regressions.
  ///   - cache: a per-file model cache, or `nil`.
  ///   - trees: a whole-tree model cache, or `nil`.
  public init(
    knowledge: KnowledgeBase, options: ReviewOptions = ReviewOptions(),
    cache: (any FileModelCaching)? = nil, trees: (any TreeModelCaching)? = nil
  ) {
    self.knowledge = knowledge
    self.options = options
    self.cache = cache
    self.trees = trees
  }

  /// Reviews every patch among `mails`.
  /// - Parameters:
  ///   - mails: the messages of one input, in input order.
  ///   - input: the input's name, for errors and reports.
  ///   - bases: chooses each patch's base tree.
  ///   - applier: applies a patch to a base tree in memory.
  /// - Returns: one review per patch, in input order, and an error per patch that could
  ///   not be reviewed (a hunk that does not apply, an unreadable base).
  public func review(
    _ mails: [Mail], input: String, bases: any BaseTreeProviding, applier: any PatchApplier
  ) -> ReviewRun {
    review([ReviewInput(name: input, mails: mails)], bases: bases, applier: applier)
  }

  /// Reviews the patches of many inputs, several at once, with results in input order:
  /// the same inputs give the same run whatever the scheduling.
  /// - Parameters:
  ///   - inputs: each input's name and messages, in order.
  ///   - bases: chooses each patch's base tree; every base is modelled once for the run.
  ///   - applier: applies a patch to a base tree in memory.
  ///   - progress: called with (series and lone patches done, in all) between batches.
  public func review(
    _ inputs: [ReviewInput], bases: any BaseTreeProviding, applier: any PatchApplier,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> ReviewRun {
    var jobs: [ReviewJob] = []
    var modelled: [String: ModelledTree] = [:]
    var produced: Set<String> = []
    var chained = false
    // A base modelled from scratch is written to the cache while its patches are reviewed.
    let storing = DispatchGroup()
    defer { storing.wait() }
    let extractor = ModelExtractor(knowledge: knowledge, cache: cache, trees: trees)
    for (inputIndex, input) in inputs.enumerated() {
      let patches = input.mails.filter { mail in mail.fileDiffs.contains { !$0.isBinary } }
      for group in SeriesGrouping.groups(patches) {
        let series = group.map { patches[$0] }
        let resolved = series.map { mail -> Result<BaseTree?, InputError> in
          do {
            return .success(try bases.baseTree(for: mail))
          } catch {
            return .failure(
              InputError(
                input: input.name, index: mail.index, messageID: mail.messageID,
                message: "base tree: \(error)"))
          }
        }
        // Built once here rather than in each concurrent job that reviews on this base; a
        // base an earlier job produces (the parent of the next commit in a range) is handed
        // over from that job instead.
        for case .success(let base?) in resolved where modelled[base.id] == nil {
          if produced.contains(base.id) {
            chained = true
            continue
          }
          modelled[base.id] = extractor.modelWithGraph(base, storing: storing)
        }
        let results = series.map(bases.resultID(for:))
        for case let id? in results { produced.insert(id) }
        jobs.append(
          ReviewJob(
            inputIndex: inputIndex, input: input.name, patches: series, bases: resolved,
            results: results))
      }
    }
    let session = ReviewSession(
      reviewer: self, applier: applier, modelled: modelled, chained: chained)
    let outcomes = session.run(jobs, progress: progress)
    keeper?.keep(modelled, in: "bases")
    var run = ReviewRun(reviews: [], errors: [], messagesRead: 0)
    var next = 0
    for (inputIndex, input) in inputs.enumerated() {
      var byIndex: [Int: Result<Review, InputError>] = [:]
      while next < jobs.count, jobs[next].inputIndex == inputIndex {
        for (mail, outcome) in zip(jobs[next].patches, outcomes[next]) {
          byIndex[mail.index] = outcome
        }
        next += 1
      }
      var reviews: [Review] = []
      var errors: [InputError] = []
      for mail in input.mails {
        switch byIndex[mail.index] {
        case .success(let review): reviews.append(review)
        case .failure(let error): errors.append(error)
        case nil: break
        }
      }
      run = run.appending(
        ReviewRun(reviews: reviews, errors: errors, messagesRead: input.mails.count))
    }
    return run
  }

  /// The findings of one patch the review keeps, and how many the suppressions dropped.
  func select(
    _ findings: [Finding], changedFunctions: Set<String>
  ) -> (kept: [Finding], suppressed: Int) {
    var kept: [Finding] = []
    var suppressed = 0
    for finding in findings {
      switch finding.origin {
      case .introduced, .removed:
        break
      case .existing:
        let touched = finding.edges.contains { changedFunctions.contains($0.function) }
        guard options.includeExisting, touched else { continue }
      }
      if options.suppressions.contains(where: { $0.matches(finding) }) {
        suppressed += 1
        continue
      }
      kept.append(finding)
    }
    return (kept.sorted(by: Finding.reviewOrder), suppressed)
  }
}

/// One input's messages, as the reader gave them.
public struct ReviewInput: Sendable {
  public var name: String
  public var mails: [Mail]

  public init(name: String, mails: [Mail]) {
    self.name = name
    self.mails = mails
  }
}

/// The patches of one series, so patch N is applied on top of patches 1…N-1.
enum SeriesGrouping {
  private struct Key: Hashable {
    var author: String
    var version: Int
    var total: Int
    var thread: String
  }

  /// Groups of indices into `patches`: a series in patch-number order, or a lone patch;
  /// groups ordered by their first patch's position.
  static func groups(_ patches: [Mail]) -> [[Int]] {
    var order: [Key] = []
    var members: [Key: [Int]] = [:]
    var groups: [[Int]] = []
    var slot: [Key: Int] = [:]
    for (index, mail) in patches.enumerated() {
      guard let series = mail.series, series.total > 1 else {
        groups.append([index])
        continue
      }
      // A series shares its author, version and size; its thread root separates two
      // postings of the same series in one mailbox.
      let key = Key(
        author: mail.from?.email.lowercased() ?? "", version: series.version,
        total: series.total, thread: mail.references.first ?? mail.inReplyTo ?? "")
      if members[key] == nil {
        order.append(key)
        slot[key] = groups.count
        groups.append([])
      }
      members[key, default: []].append(index)
    }
    for key in order {
      guard let at = slot[key], let indices = members[key] else { continue }
      groups[at] = indices.sorted {
        (patches[$0].series?.number ?? 0, $0) < (patches[$1].series?.number ?? 0, $1)
      }
    }
    return groups
  }
}
