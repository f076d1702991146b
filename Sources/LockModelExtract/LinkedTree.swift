import Dispatch

/// A linked tree model together with what linking learnt on the way (the call graph, every
/// function's summary, the tree-wide tables), so that a patch which changes function bodies
/// only is relinked by analysing the functions it reaches instead of the whole tree, and a
/// base tree is linked once and then read back from a cache.
public struct LinkedTree: Sendable {
  /// The model, as `TreeModel(files:knowledge:)` gives it.
  public var tree: TreeModel
  /// Sorted by path.
  var files: [LinkedFile]
  /// In file order, then source order: the linker's definition ids.
  var definitions: [LinkedDefinition]
  var callees: [[Int]]
  /// Tested parameters per definition, sorted.
  var tested: [[String]]
  var level: [Int]
  var summaries: [FunctionSummary]
  var tables: LinkTables
  /// Ops tables and the parameters that carry a known object, per definition (sorted).
  var ops: OpsTables
  var receivers: [[String]]
  /// `tree.functions[i]` is definition `functionOrder[i]`.
  var functionOrder: [Int]

  /// Links per-file models (see `TreeModel(files:knowledge:)`) and keeps the state a relink
  /// needs.
  /// - Parameters:
  ///   - files: per-file models, in any order.
  ///   - knowledge: the knowledge base the files were extracted with.
  ///   - relinkable: false when this tree is never relinked nor cached: the files' digests
  ///     (which only a relink reads) are then not computed, and a relink links anew.
  public init(files: [FileModel], knowledge: KnowledgeBase, relinkable: Bool = true) {
    let linker = TreeLinker(files: files, knowledge: knowledge, limits: AnalysisLimits())
    // The call graph and the ops tables read every body and need nothing of each other:
    // each one's serial steps run while the other keeps the cores busy.
    let (state, graph) = beside({ linker.opsState() }) { linker.callGraph() }
    let summaries = linker.summaries(graph, ops: state.ops, receivers: state.receivers)
    // Entry points and digests (which only serve a later relink) are made beside the
    // functions being put together.
    let digests = SlotStore<UInt64>(count: linker.files.count)
    let entries = SlotStore<[EntryPoint]>(count: 1)
    let sorted = linker.files
    let beside = DispatchGroup()
    DispatchQueue.global().async(group: beside) {
      entries[0] = linker.entries()
      // On every core: the functions are put together long before these are done.
      guard relinkable else { return }
      DispatchQueue.concurrentPerform(iterations: sorted.count) { f in
        digests[f] = Self.digest(sorted[f])
      }
    }
    var linkedFiles: [LinkedFile] = []
    var definitions: [LinkedDefinition] = []
    definitions.reserveCapacity(linker.definitions.count)
    for (f, file) in linker.files.enumerated() {
      let start = definitions.count
      for body in file.functions {
        definitions.append(LinkedDefinition(body: body, file: f))
      }
      linkedFiles.append(
        LinkedFile(
          path: file.path, digest: 0, start: start, count: file.functions.count,
          diagnostics: file.diagnostics.map(\.description), functionsSkipped: file.functionsSkipped)
      )
    }
    self.files = linkedFiles
    self.definitions = definitions
    callees = graph.callees
    tested = graph.tested.map { $0.sorted() }
    level = graph.level
    self.summaries = summaries
    tables = linker.tables
    ops = state.ops
    receivers = state.receivers.map { $0.sorted() }
    functionOrder = Self.order(definitions, linkedFiles)
    // Made in model order, on every core: each copies its summary's lists.
    let order = functionOrder
    let files = linkedFiles
    let listed = definitions
    let inOrder = parallelMap(count: order.count) { k in
      Self.function(listed[order[k]], files, summaries[order[k]])
    }
    beside.wait()
    for f in linkedFiles.indices { linkedFiles[f].digest = digests[f] ?? 0 }
    self.files = linkedFiles
    tree = TreeModel(
      functions: inOrder, entries: entries[0] ?? [],
      fileCount: files.count,
      functionsSkipped: linkedFiles.reduce(0) { $0 + $1.functionsSkipped },
      diagnostics: linkedFiles.flatMap(\.diagnostics))
  }

  init(
    tree: TreeModel, files: [LinkedFile], definitions: [LinkedDefinition], callees: [[Int]],
    tested: [[String]], level: [Int], summaries: [FunctionSummary], tables: LinkTables,
    ops: OpsTables, receivers: [[String]], functionOrder: [Int]
  ) {
    self.ops = ops
    self.receivers = receivers
    self.tree = tree
    self.files = files
    self.definitions = definitions
    self.callees = callees
    self.tested = tested
    self.level = level
    self.summaries = summaries
    self.tables = tables
    self.functionOrder = functionOrder
  }

  static func function(
    _ d: LinkedDefinition, _ files: [LinkedFile], _ summary: FunctionSummary
  ) -> FunctionModel {
    FunctionModel(
      name: d.name,
      location: SourceLocation(file: files[d.file].path, line: d.line, column: d.column),
      endLine: d.endLine, isStatic: d.isStatic, acquisitions: summary.acquisitions,
      trylockRetries: summary.trylockRetries, imbalances: summary.imbalances)
  }

  /// Definition ids in model order (file, line, column, name); files are already in path
  /// order, so only each file's functions need sorting. A definition's function has its
  /// name and place (see `function(_:_:_:)`).
  static func order(_ definitions: [LinkedDefinition], _ files: [LinkedFile]) -> [Int] {
    var order: [Int] = []
    order.reserveCapacity(definitions.count)
    for file in files {
      let range = file.start..<file.start + file.count
      // Already in order unless the scanner met a function out of place: no sort then.
      if range.dropFirst().allSatisfy({ !Self.precedes(definitions, $0, $0 - 1) }) {
        order += range
      } else {
        order += range.sorted { Self.precedes(definitions, $0, $1) }
      }
    }
    return order
  }

  private static func precedes(_ definitions: [LinkedDefinition], _ a: Int, _ b: Int) -> Bool {
    (definitions[a].line, definitions[a].column, definitions[a].name, a)
      < (definitions[b].line, definitions[b].column, definitions[b].name, b)
  }

  /// A digest of what a file contributes beyond its function bodies: declarations, enum
  /// values, registrations and the names other files can call. Two versions of a file
  /// with the same digest link the same except for their bodies.
  static func digest(_ file: FileModel) -> UInt64 {
    var writer = BinaryWriter()
    for s in file.structs {
      writer.write(s.name)
      writer.write(s.isAnonymous)
      writer.write(s.fields) { w, f in
        w.write(f.name)
        w.write(f.type)
      }
    }
    writer.write(file.typedefs) { w, t in
      w.write(t.name)
      w.write(t.target)
    }
    writer.write(file.typedNames) { w, n in
      w.write(n.kind.rawValue)
      w.write(n.name)
      w.write(n.type)
      w.write(n.isStatic)
    }
    // Registrations by what they register, not where: an edit above an ops table moves
    // it, and the relink recomputes the changed file's entry points anyway.
    writer.write(file.registrations) { w, r in
      var moved = r
      moved.line = 0
      moved.column = 0
      w.write(moved)
    }
    writer.write(file.enumConstants.keys.sorted()) { w, key in
      w.write(key)
      w.write(file.enumConstants[key] ?? 0)
    }
    let header = file.path.hasSuffix(".h")
    writer.write(file.functions.filter { header || !$0.isStatic }.map(\.name))
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in writer.bytes {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
  }
}

/// One file of a linked tree.
struct LinkedFile: Sendable, Hashable {
  var path: String
  var digest: UInt64
  /// Its definitions are ids `start..<start + count`.
  var start: Int
  var count: Int
  var diagnostics: [String]
  var functionsSkipped: Int
}

/// A function of a linked tree without its body: enough to resolve calls to it and to
/// name it in the model.
struct LinkedDefinition: Sendable, Hashable {
  var name: String
  var isStatic: Bool
  var line: Int
  var column: Int
  var endLine: Int
  var parameters: [String]
  var file: Int

  init(body: FunctionBody, file: Int) {
    name = body.name
    isStatic = body.isStatic
    line = body.line
    column = body.column
    endLine = body.endLine
    parameters = body.parameters
    self.file = file
  }

  init(
    name: String, isStatic: Bool, line: Int, column: Int, endLine: Int, parameters: [String],
    file: Int
  ) {
    self.name = name
    self.isStatic = isStatic
    self.line = line
    self.column = column
    self.endLine = endLine
    self.parameters = parameters
    self.file = file
  }

  /// A body with this definition's head and no statements: it resolves calls and names the
  /// function, and is never analysed.
  var stub: FunctionBody {
    FunctionBody(
      name: name, isStatic: isStatic, line: line, column: column, endLine: endLine,
      returnType: nil, heldOnEntry: [], blocks: [], parameters: parameters)
  }
}
