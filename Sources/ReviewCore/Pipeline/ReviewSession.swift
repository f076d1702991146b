import GEMSim
import LockModelExtract
import PatchParse

/// The state of one `Reviewer.review` call: base trees modelled once, series in progress.
struct ReviewSession {
  let reviewer: Reviewer
  let input: String
  let bases: any BaseTreeProviding
  let applier: any PatchApplier
  private var modelledBases: [String: ModelledTree] = [:]

  init(reviewer: Reviewer, input: String, bases: any BaseTreeProviding, applier: any PatchApplier) {
    self.reviewer = reviewer
    self.input = input
    self.bases = bases
    self.applier = applier
  }

  private var extractor: ModelExtractor {
    ModelExtractor(knowledge: reviewer.knowledge, cache: reviewer.cache)
  }

  private var analysis: AnalysisOptions {
    AnalysisOptions(
      includeUnconfirmed: reviewer.options.includeUnconfirmed,
      includeExisting: reviewer.options.includeExisting)
  }

  /// Reviews the patches of one series in order; each is reviewed against the base with its
  /// predecessors applied, or against the base alone when they do not apply.
  mutating func review(series: [Mail]) -> [(Int, Result<Review, InputError>)] {
    var outcomes: [(Int, Result<Review, InputError>)] = []
    var previous: (baseID: String, tree: ModelledTree, applied: Int)?
    for (position, mail) in series.enumerated() {
      let base: BaseTree?
      do {
        base = try bases.baseTree(for: mail)
      } catch {
        outcomes.append((position, .failure(failure(mail, "base tree: \(error)"))))
        continue
      }
      guard let base else {
        outcomes.append((position, .success(reviewHunksAlone(mail))))
        continue
      }
      let baseModel = modelled(base)
      let stacked = previous.flatMap { $0.baseID == base.id ? $0 : nil }
      var before = stacked?.tree ?? baseModel
      var applied = stacked?.applied ?? 0
      var after: ModelledTree
      do {
        after = try apply(mail, onto: before)
      } catch {
        guard stacked != nil, let alone = try? apply(mail, onto: baseModel) else {
          outcomes.append((position, .failure(failure(mail, describe(error)))))
          continue
        }
        before = baseModel
        applied = 0
        after = alone
      }
      previous = (base.id, after, applied + 1)
      var description = base.description
      if applied > 0 {
        description += applied == 1
          ? " with the series' previous patch applied"
          : " with the series' \(applied) previous patches applied"
      }
      let findings = Simulator(knowledge: reviewer.knowledge)
        .findings(base: before.tree, patched: after.tree, options: analysis)
      let changed = ChangedLines(mail.fileDiffs).functions(in: after.tree)
      let (kept, suppressed) = reviewer.select(findings, changedFunctions: changed)
      outcomes.append((position, .success(Review(
        mail: mail, findings: kept, baseDescription: description, input: input,
        hadBaseTree: true, suppressed: suppressed))))
    }
    return outcomes
  }

  /// Without a base tree only the patched side of the hunks is known; every finding there
  /// counts as the patch's, and the review says what it could not see.
  private func reviewHunksAlone(_ mail: Mail) -> Review {
    let source = HunkOnlyTree.make(from: mail.fileDiffs)
    let patched = extractor.model(source)
    let findings = Simulator(knowledge: reviewer.knowledge)
      .findings(base: nil, patched: patched.tree, options: analysis)
    let changed = ChangedLines(mail.fileDiffs).functions(in: patched.tree)
    let (kept, suppressed) = reviewer.select(findings, changedFunctions: changed)
    return Review(
      mail: mail, findings: kept,
      baseDescription: "no base tree: only the patch's hunks were analysed", input: input,
      hadBaseTree: false, suppressed: suppressed)
  }

  private mutating func modelled(_ base: BaseTree) -> ModelledTree {
    if let known = modelledBases[base.id] { return known }
    let model = extractor.model(base.source)
    modelledBases[base.id] = model
    return model
  }

  private func apply(_ mail: Mail, onto tree: ModelledTree) throws -> ModelledTree {
    let diffs = mail.fileDiffs.filter { !$0.isBinary }
    let patched = try applier.apply(diffs, to: tree.source)
    var changed: [String] = []
    var deleted: [String] = []
    for diff in diffs {
      if diff.status == .deleted || diff.status == .renamed, let old = diff.oldPath {
        deleted.append(old)
      }
      if diff.status != .deleted, let new = diff.newPath { changed.append(new) }
    }
    return extractor.remodel(tree, as: patched, changed: changed, deleted: deleted)
  }

  private func describe(_ error: any Error) -> String {
    if let rejected = error as? PatchRejected { return rejected.description }
    return "patch does not apply: \(error)"
  }

  private func failure(_ mail: Mail, _ message: String) -> InputError {
    InputError(input: input, index: mail.index, messageID: mail.messageID, message: message)
  }
}
