import Dispatch
import GEMSim
import LockModelExtract

/// A tree with its linked model, the per-file models read so far, and its graph once built.
struct ModelledTree: Sendable {
  var source: any TreeSource
  /// Path to model. Every `.c`/`.h` file when `modelsComplete`; a tree read back from the
  /// tree cache starts with none and gains those a relink reads.
  var models: [String: FileModel]
  var modelsComplete: Bool
  var linked: LinkedTree
  /// The tree's dependency graph once built: a base's graph serves every patch on it, and a
  /// patched tree's graph is built from its base's by updating the changed functions.
  var graph: DependencyGraph?
  /// After a relink: the functions whose models differ from the tree it was made from.
  var changedFunctions: Set<String>?
  /// After a relink: those of `changedFunctions` that only moved, and where lines went.
  var movedFunctions: Set<String> = []
  var shift: LineShift?
  /// The stored commit whose graph this tree's differs from only in some functions' edges.
  var ancestor: GraphAncestor?

  var tree: TreeModel { linked.tree }
}

/// Extracts file models, many files at once, through optional caches.
struct ModelExtractor: Sendable {
  var knowledge: KnowledgeBase
  var cache: (any FileModelCaching)?
  var trees: (any TreeModelCaching)? = nil
  /// False when the models made here are never remodelled nor stored (a whole-tree graph):
  /// what only a relink needs is then not made.
  var relinkable = true

  /// Models every `.c`/`.h` file of `source`.
  func model(_ source: any TreeSource) -> ModelledTree {
    let paths = source.paths.filter(HunkOnlyTree.isSource)
    let models = extract(paths, from: source)
    return ModelledTree(
      source: source, models: models, modelsComplete: true,
      linked: LinkedTree(
        files: paths.compactMap { models[$0] }, knowledge: knowledge, relinkable: relinkable))
  }

  /// The base's model and graph: from the tree cache when the base is a commit it holds,
  /// else modelled, linked and stored there.
  /// - Parameter storing: when given, a base modelled here is written to the cache in the
  ///   background under this group (the caller waits for it before it ends).
  func modelWithGraph(_ base: BaseTree, storing: DispatchGroup? = nil) -> ModelledTree {
    if let trees, let cached = trees.loadTree(id: base.id) {
      return ModelledTree(
        source: base.source, models: [:], modelsComplete: false, linked: cached.linked,
        graph: cached.graph, ancestor: cached.ancestor ?? GraphAncestor(id: base.id, changed: []))
    }
    var model = model(base.source)
    model.graph = Simulator(knowledge: knowledge).graph(of: model.tree)
    if trees != nil { model.ancestor = GraphAncestor(id: base.id, changed: []) }
    if let storing {
      let done = model
      let extractor = self
      DispatchQueue.global().async(group: storing) { extractor.store(done, id: base.id) }
    } else {
      store(model, id: base.id)
    }
    return model
  }

  /// Starts keeping `model` for commit `id` before its graph is built: the model's part is
  /// encoded in the background under `group`; `finish` then adds the graph (also in the
  /// background, under `group`). Nothing happens without a tree cache.
  func beginStoring(
    _ model: ModelledTree, id: String, group: DispatchGroup
  ) -> (_ graph: DependencyGraph, _ ancestor: GraphAncestor?) -> Void {
    guard let trees else { return { _, _ in } }
    // Handed from the encoding task to the store that follows it (`notify` orders them).
    let encoded = SlotStore<EncodedTreeModel>(count: 1)
    let encoding = DispatchGroup()
    let linked = model.linked
    DispatchQueue.global().async(group: encoding) { encoded[0] = trees.encodeModel(linked) }
    return { graph, ancestor in
      group.enter()
      encoding.notify(queue: .global()) {
        if let model = encoded[0] {
          trees.storeTree(model, graph: graph, ancestor: ancestor, id: id)
        }
        group.leave()
      }
    }
  }

  /// Keeps a modelled tree with its graph for commit `id` (nothing without a tree cache).
  func store(_ model: ModelledTree, id: String) {
    guard let trees, let graph = model.graph else { return }
    trees.storeTree(
      CachedTree(linked: model.linked, graph: graph, ancestor: model.ancestor), id: id)
  }

  /// `previous` with the `changed` paths re-read from `source` and `deleted` ones dropped:
  /// relinked from `previous` when the change is in function bodies only, else linked anew.
  func remodel(
    _ previous: ModelledTree, as source: any TreeSource, changed: [String], deleted: [String]
  ) -> ModelledTree {
    let sources = Array(Set(changed.filter(HunkOnlyTree.isSource))).sorted()
    let extracted = extract(sources, from: source)
    var models = previous.models
    for path in sources { models[path] = extracted[path] }
    let removed = deleted.filter(HunkOnlyTree.isSource)
    if removed.isEmpty, extracted.count == sources.count {
      var loaded: [String: FileModel] = [:]
      let relinked = previous.linked.relinking(
        changed: sources.compactMap { extracted[$0] }, knowledge: knowledge
      ) { path in
        if let model = previous.models[path] { return model }
        let model = extract([path], from: previous.source)[path]
        loaded[path] = model
        return model
      }
      if let relinked {
        models.merge(loaded) { kept, _ in kept }
        return ModelledTree(
          source: source, models: models, modelsComplete: previous.modelsComplete,
          linked: relinked.linked, changedFunctions: relinked.changedFunctions,
          movedFunctions: relinked.movedFunctions, shift: relinked.shift)
      }
    }
    for path in removed { models[path] = nil }
    if !previous.modelsComplete {
      let missing = source.paths.filter { HunkOnlyTree.isSource($0) && models[$0] == nil }
      models.merge(extract(missing, from: source)) { kept, _ in kept }
    }
    let files = models.keys.sorted().compactMap { models[$0] }
    return ModelledTree(
      source: source, models: models, modelsComplete: true,
      linked: LinkedTree(files: files, knowledge: knowledge))
  }

  /// Files that cannot be read are left out; the tree model then lacks their functions.
  private func extract(_ paths: [String], from source: any TreeSource) -> [String: FileModel] {
    let knowledge = knowledge
    let cache = cache
    // One file per job: their sizes differ by a thousand times.
    let results = parallelMap(count: paths.count, chunk: 1) { index -> FileModel? in
      let path = paths[index]
      let id = source.contentID(path)
      if let id, let cached = cache?.load(id: id) { return cached }
      guard let text = try? source.read(path) else { return nil }
      let model = FileModel(extracting: SourceFile(path: path, text: text), knowledge: knowledge)
      if let id { cache?.store(model, id: id) }
      return model
    }
    var models: [String: FileModel] = [:]
    for (path, model) in zip(paths, results) where model != nil { models[path] = model }
    return models
  }
}
