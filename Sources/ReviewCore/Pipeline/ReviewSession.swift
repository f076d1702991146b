import Dispatch
import GEMSim
import LockModelExtract
import PatchParse

/// A series (or a lone patch) of one input with each patch's base already chosen.
struct ReviewJob: Sendable {
  /// Position of the input in the run.
  var inputIndex: Int
  var input: String
  var patches: [Mail]
  var bases: [Result<BaseTree?, InputError>]
  /// Per patch: the commit its patched tree is, when known (`BaseTreeProviding.resultID`).
  var results: [String?]
}

/// Reviews jobs against base trees modelled beforehand; jobs are independent, so several
/// run at once.
struct ReviewSession: Sendable {
  let reviewer: Reviewer
  let applier: any PatchApplier
  /// Base id to its modelled tree.
  let modelled: [String: ModelledTree]
  /// Whether some job's base is what an earlier job produced: jobs then run one after
  /// another, each handing its patched tree to the next.
  var chained = false

  private var extractor: ModelExtractor {
    ModelExtractor(knowledge: reviewer.knowledge, cache: reviewer.cache, trees: reviewer.trees)
  }

  private var analysis: AnalysisOptions {
    AnalysisOptions(
      includeUnconfirmed: reviewer.options.includeUnconfirmed,
      includeExisting: reviewer.options.includeExisting)
  }

  /// Each job's outcomes, in job order; jobs run in batches so progress can be told between.
  func run(
    _ jobs: [ReviewJob], progress: (@Sendable (Int, Int) -> Void)?
  ) -> [[Result<Review, InputError>]] {
    var outcomes = [[Result<Review, InputError>]](repeating: [], count: jobs.count)
    let batch = 8
    if chained {
      var handoff: (id: String, tree: ModelledTree)?
      for (index, job) in jobs.enumerated() {
        let result = review(job, handoff: handoff)
        outcomes[index] = result.outcomes
        handoff = result.produced ?? handoff
        if (index + 1) % batch == 0 || index + 1 == jobs.count { progress?(index + 1, jobs.count) }
      }
      return outcomes
    }
    var start = 0
    while start < jobs.count {
      let end = min(jobs.count, start + batch)
      let first = start
      let batchOutcomes = parallelMap(count: end - first, chunk: 1) { offset in
        review(jobs[first + offset], handoff: nil).outcomes
      }
      outcomes.replaceSubrange(first..<end, with: batchOutcomes)
      start = end
      progress?(start, jobs.count)
    }
    return outcomes
  }

  /// Reviews the patches of one series in order; each is reviewed against the base with its
  /// predecessors applied, or against the base alone when they do not apply.
  /// - Parameter handoff: the patched tree of the job before, by the commit it is.
  /// - Returns: the outcomes, and the last patched tree that is a known commit.
  func review(
    _ job: ReviewJob, handoff: (id: String, tree: ModelledTree)?
  ) -> (outcomes: [Result<Review, InputError>], produced: (id: String, tree: ModelledTree)?) {
    var produced: (id: String, tree: ModelledTree)?
    var outcomes: [Result<Review, InputError>] = []
    let storing = DispatchGroup()
    defer {
      storing.wait()
    }
    var previous: (baseID: String, tree: ModelledTree, applied: Int)?
    for (position, (mail, resolved)) in zip(job.patches, job.bases).enumerated() {
      let base: BaseTree?
      switch resolved {
      case .failure(let error):
        outcomes.append(.failure(error))
        continue
      case .success(let tree):
        base = tree
      }
      guard let base else {
        outcomes.append(.success(reviewHunksAlone(mail, input: job.input)))
        continue
      }
      let baseModel =
        modelled[base.id] ?? (handoff?.id == base.id ? handoff?.tree : nil)
        ?? extractor.modelWithGraph(base)
      let stacked = previous.flatMap { $0.baseID == base.id ? $0 : nil }
      var before = stacked?.tree ?? baseModel
      var applied = stacked?.applied ?? 0
      var after: ModelledTree
      do {
        after = try apply(mail, onto: before)
      } catch {
        guard stacked != nil, let alone = try? apply(mail, onto: baseModel) else {
          outcomes.append(
            .failure(
              InputError(
                input: job.input, index: mail.index, messageID: mail.messageID,
                message: describe(error))))
          continue
        }
        before = baseModel
        applied = 0
        after = alone
      }
      // The next review needs this tree's entry, this one does not: its model is encoded
      // on the other core while the graph is built, the graph added when known.
      let storedID = applied == 0 ? job.results[position] : nil
      let finishStoring = storedID.map {
        extractor.beginStoring(after, id: $0, group: storing)
      }
      let simulator = Simulator(knowledge: reviewer.knowledge)
      let baseGraph = before.graph ?? simulator.graph(of: before.tree)
      let update = simulator.update(
        baseGraph, from: before.tree, to: after.tree, changed: after.changedFunctions,
        moved: after.movedFunctions, shift: after.shift)
      after.graph = update.graph
      // Functions whose edges differ from the stored ancestor's graph; past a few thousand a
      // whole graph is the smaller entry.
      if let changed = update.changed, !update.movedAll, let ancestor = before.ancestor,
        ancestor.changed.count + changed.count <= 4_000
      {
        after.ancestor = GraphAncestor(id: ancestor.id, changed: ancestor.changed.union(changed))
      } else {
        after.ancestor = nil
      }
      if let id = storedID {
        finishStoring?(update.graph, after.ancestor)
        if after.ancestor == nil, reviewer.trees != nil {
          after.ancestor = GraphAncestor(id: id, changed: [])
        }
        produced = (id, after)
      }
      previous = (base.id, after, applied + 1)
      reviewer.keeper?.keep(after, in: "patched")
      var description = base.description
      if applied > 0 {
        description +=
          applied == 1
          ? " with the series' previous patch applied"
          : " with the series' \(applied) previous patches applied"
      }
      let findings = simulator.findings(
        base: baseGraph, patched: after.graph ?? simulator.graph(of: after.tree),
        options: analysis, changed: update.changed)
      let changed = ChangedLines(mail.fileDiffs).functions(in: after.tree)
      let (kept, suppressed) = reviewer.select(findings, changedFunctions: changed)
      outcomes.append(
        .success(
          Review(
            mail: mail, findings: kept, baseDescription: description, input: job.input,
            hadBaseTree: true, suppressed: suppressed,
            changedFunctions: changed.sorted())))
    }
    storing.wait()
    return (outcomes, produced)
  }

  /// Without a base tree only the patched side of the hunks is known; every finding there
  /// counts as the patch's, and the review says what it could not see.
  private func reviewHunksAlone(_ mail: Mail, input: String) -> Review {
    let source = HunkOnlyTree.make(from: mail.fileDiffs)
    let patched = extractor.model(source)
    let findings = Simulator(knowledge: reviewer.knowledge)
      .findings(base: nil, patched: patched.tree, options: analysis)
    let changed = ChangedLines(mail.fileDiffs).functions(in: patched.tree)
    let (kept, suppressed) = reviewer.select(findings, changedFunctions: changed)
    return Review(
      mail: mail, findings: kept,
      baseDescription: "no base tree: only the patch's hunks were analysed", input: input,
      hadBaseTree: false, suppressed: suppressed, changedFunctions: changed.sorted())
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

  /// Appliers' errors usually say "patch does not apply" themselves; others get it added.
  private func describe(_ error: any Error) -> String {
    let text = String(describing: error)
    return text.hasPrefix("patch ") ? text : "patch does not apply: \(text)"
  }
}
