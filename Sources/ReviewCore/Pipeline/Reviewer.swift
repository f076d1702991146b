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

  /// - Parameters:
  ///   - knowledge: the bundled knowledge base merged with the configuration's.
  ///   - options: what to report beyond regressions.
  ///   - cache: a per-file model cache, or `nil`.
  public init(
    knowledge: KnowledgeBase, options: ReviewOptions = ReviewOptions(),
    cache: (any FileModelCaching)? = nil
  ) {
    self.knowledge = knowledge
    self.options = options
    self.cache = cache
  }

  /// Reviews every patch among `mails`.
  /// - Parameters:
  ///   - mails: the messages of one input, in input order.
  ///   - input: the input's name, for errors and reports.
  ///   - bases: chooses each patch's base tree.
  ///   - applier: applies a patch to a base tree in memory.
  ///   - progress: called with (patches done, patches in all) after each patch.
  /// - Returns: one review per patch, in input order, and an error per patch that could
  ///   not be reviewed (a hunk that does not apply, an unreadable base).
  public func review(
    _ mails: [Mail], input: String, bases: any BaseTreeProviding, applier: any PatchApplier,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> ReviewRun {
    let patches = mails.filter { mail in mail.fileDiffs.contains { !$0.isBinary } }
    var session = ReviewSession(reviewer: self, input: input, bases: bases, applier: applier)
    var outcomes: [Int: Result<Review, InputError>] = [:]
    for group in SeriesGrouping.groups(patches) {
      for (position, outcome) in session.review(series: group.map { patches[$0] }) {
        outcomes[group[position]] = outcome
        progress?(outcomes.count, patches.count)
      }
    }
    var reviews: [Review] = []
    var errors: [InputError] = []
    for index in patches.indices {
      switch outcomes[index] {
      case .success(let review): reviews.append(review)
      case .failure(let error): errors.append(error)
      case nil: break
      }
    }
    return ReviewRun(reviews: reviews, errors: errors, messagesRead: mails.count)
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
