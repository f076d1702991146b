import Dispatch

extension TreeModel {
  /// Links per-file models: resolves calls (static functions within their file first),
  /// builds interprocedural summaries callee-first, and derives entry points.
  ///
  /// Each function's `acquisitions` lists, in program order, its own acquisitions and
  /// trylocks, the implicit ones of knowledge-base primitives it calls (with `via`), and its
  /// callees' acquisitions re-rooted at the call site with the caller's held locks in front.
  /// - Parameters:
  ///   - files: per-file models, in any order.
  ///   - knowledge: the knowledge base the files were extracted with.
  public init(files: [FileModel], knowledge: KnowledgeBase) {
    let linker = TreeLinker(files: files, knowledge: knowledge, limits: AnalysisLimits())
    let summaries = linker.summaries()
    var functions: [FunctionModel] = []
    functions.reserveCapacity(summaries.count)
    for (d, summary) in zip(linker.definitions, summaries) {
      functions.append(FunctionModel(name: d.body.name,
        location: SourceLocation(file: d.path, line: d.body.line, column: d.body.column),
        endLine: d.body.endLine, isStatic: d.body.isStatic,
        acquisitions: summary.acquisitions, trylockRetries: summary.trylockRetries,
        imbalances: summary.imbalances))
    }
    functions.sort { ($0.location, $0.name) < ($1.location, $1.name) }
    let diagnostics = linker.files.flatMap(\.diagnostics).map(\.description)
    self.init(functions: functions, entries: linker.entries(), fileCount: files.count,
      functionsSkipped: files.reduce(0) { $0 + $1.functionsSkipped },
      diagnostics: diagnostics)
  }

  /// Extracts every file in parallel, then links them.
  /// - Parameters:
  ///   - sources: the tree's `.c` and `.h` files with paths relative to the tree root.
  ///   - knowledge: the knowledge base to extract with.
  public init(sources: [SourceFile], knowledge: KnowledgeBase) {
    let store = SlotStore<FileModel>(count: sources.count)
    DispatchQueue.concurrentPerform(iterations: sources.count) { i in
      store[i] = FileModel(extracting: sources[i], knowledge: knowledge)
    }
    self.init(files: (0..<sources.count).compactMap { store[$0] }, knowledge: knowledge)
  }
}

