import Dispatch
import GEMSim
import LockModelExtract

/// A tree with the per-file models of its `.c`/`.h` files and the linked tree model.
struct ModelledTree: Sendable {
  var source: any TreeSource
  /// Path to model; read only through `sortedModels`.
  var models: [String: FileModel]
  var tree: TreeModel
  /// The tree's dependency graph once built: a base's graph serves every patch on it, and a
  /// patched tree's graph is built from its base's by updating the changed functions.
  var graph: DependencyGraph?

  var sortedModels: [FileModel] { models.keys.sorted().compactMap { models[$0] } }
}

/// Extracts file models, many files at once, through an optional cache.
struct ModelExtractor: Sendable {
  var knowledge: KnowledgeBase
  var cache: (any FileModelCaching)?

  /// Models every `.c`/`.h` file of `source`.
  func model(_ source: any TreeSource) -> ModelledTree {
    let paths = source.paths.filter(HunkOnlyTree.isSource)
    let models = extract(paths, from: source)
    return ModelledTree(
      source: source, models: models,
      tree: TreeModel(files: paths.compactMap { models[$0] }, knowledge: knowledge))
  }

  /// `previous` with the `changed` paths re-read from `source` and `deleted` ones dropped.
  func remodel(
    _ previous: ModelledTree, as source: any TreeSource, changed: [String], deleted: [String]
  ) -> ModelledTree {
    var models = previous.models
    for path in deleted { models[path] = nil }
    let sources = Array(Set(changed.filter(HunkOnlyTree.isSource))).sorted()
    for path in sources { models[path] = nil }
    for (path, model) in extract(sources, from: source) { models[path] = model }
    var next = ModelledTree(source: source, models: models, tree: previous.tree, graph: nil)
    next.tree = TreeModel(files: next.sortedModels, knowledge: knowledge)
    return next
  }

  /// Files that cannot be read are left out; the tree model then lacks their functions.
  private func extract(_ paths: [String], from source: any TreeSource) -> [String: FileModel] {
    var results = [FileModel?](repeating: nil, count: paths.count)
    let knowledge = knowledge
    let cache = cache
    results.withUnsafeMutableBufferPointer { buffer in
      guard let start = buffer.baseAddress else { return }
      // Each iteration writes only its own slot, so the slots need no lock.
      nonisolated(unsafe) let slots = start
      DispatchQueue.concurrentPerform(iterations: paths.count) { index in
        let path = paths[index]
        let id = source.contentID(path)
        if let id, let cached = cache?.load(id: id) {
          slots[index] = cached
          return
        }
        guard let text = try? source.read(path) else { return }
        let model = FileModel(extracting: SourceFile(path: path, text: text), knowledge: knowledge)
        if let id { cache?.store(model, id: id) }
        slots[index] = model
      }
    }
    var models: [String: FileModel] = [:]
    for (path, model) in zip(paths, results) where model != nil { models[path] = model }
    return models
  }
}
