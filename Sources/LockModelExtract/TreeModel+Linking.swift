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
    self = LinkedTree(files: files, knowledge: knowledge, relinkable: false).tree
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

