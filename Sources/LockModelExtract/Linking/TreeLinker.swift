import Dispatch

/// Links per-file models: resolves calls by name (a static function within its file
/// first), computes summaries callee-first (call-graph levels, each level in parallel),
/// and derives entry points from registrations.
struct TreeLinker {
  struct Definition {
    var file: Int
    var index: Int
    var path: String
    var body: FunctionBody
  }

  /// Who calls whom, and the order summaries are computed in.
  struct CallGraph {
    var callees: [[Int]]
    var tested: [Set<String>]
    /// Per definition, per event in block order: the definition a direct call resolves
    /// to, -1 for none and for every other event, so summaries need not resolve again.
    var eventCallees: [[Int32]] = []
    /// Per definition: it and everything it calls take, assert and expect no lock and call
    /// nothing through a pointer, so its summary is empty whatever a caller passes (see
    /// `lockFree(local:callees:level:)`).
    var lockFree: [Bool] = []
    /// Callees first; a back edge of recursion is cut (a callee's summary is read only
    /// when its level is below the caller's).
    var level: [Int]
  }

  var files: [FileModel]
  let knowledge: KnowledgeBase
  let limits: AnalysisLimits
  var resolver: TypeResolver
  /// Every function of the tree; a relink from a cached tree holds bodies only for the
  /// functions it analyses again (`FunctionBody.isStub` for the others).
  var definitions: [Definition] = []
  var statics: [String: [String: Int]] = [:]
  var globalsByName: [String: [Int]] = [:]
  var workFunctions: [String: String] = [:]
  /// Enumerators of every file (the first file by path wins a clash), then the knowledge
  /// base's named constants.
  var constants: [String: Int] = [:]
  /// `struct.member` set by every designated-initializer table of that struct in the tree
  /// (`drm_driver.gem_free_object_unlocked`): a test of it is true for every driver here.
  var membersAlwaysSet: Set<String> = []
  /// `struct.member` of ops tables → the functions initializers put there, with the file.
  var opsTargets: [String: [Int]] = [:]
  /// Each file's directory, split once (call resolution compares them a lot).
  var directories: [String: ArraySlice<Substring>] = [:]

  /// A linker over a cached tree's tables: `definitions` as given, no files (entries come
  /// from the cache).
  init(
    restoring tables: LinkTables, definitions: [Definition], paths: [String],
    knowledge: KnowledgeBase, limits: AnalysisLimits
  ) {
    files = []
    self.knowledge = knowledge
    self.limits = limits
    resolver = tables.resolver
    constants = tables.constants
    membersAlwaysSet = tables.membersAlwaysSet
    opsTargets = tables.opsTargets
    workFunctions = tables.workFunctions
    for path in paths { directories[path] = path.split(separator: "/").dropLast() }
    self.definitions = definitions
    indexDefinitions()
  }

  /// What of this linker a cache keeps to relink later.
  var tables: LinkTables {
    LinkTables(
      resolver: resolver, constants: constants, membersAlwaysSet: membersAlwaysSet,
      opsTargets: opsTargets, workFunctions: workFunctions)
  }

  init(files: [FileModel], knowledge: KnowledgeBase, limits: AnalysisLimits) {
    self.files = files.sorted { $0.path < $1.path }
    self.knowledge = knowledge
    self.limits = limits
    // The type tables are read from every declaration of the tree: on the other core
    // while the definitions are listed and indexed, which need no types.
    let sorted = self.files
    let resolved = SlotStore<TypeResolver>(count: 1)
    let resolving = DispatchGroup()
    DispatchQueue.global().async(group: resolving) {
      resolved[0] = TypeResolver(files: sorted, knowledge: knowledge)
    }
    resolver = TypeResolver(files: [], knowledge: knowledge)
    for file in self.files {
      directories[file.path] = file.path.split(separator: "/").dropLast()
    }
    for file in self.files {
      for (name, value) in file.enumConstants where constants[name] == nil {
        constants[name] = value
      }
    }
    constants.merge(knowledge.constants) { _, kb in kb }
    definitions.reserveCapacity(self.files.reduce(0) { $0 + $1.functions.count })
    for (f, file) in self.files.enumerated() {
      for (i, body) in file.functions.enumerated() {
        definitions.append(Definition(file: f, index: i, path: file.path, body: body))
      }
    }
    indexDefinitions()
    resolving.wait()
    if let types = resolved[0] { resolver = types }
    var tables: [String: [String: Set<String>]] = [:]
    for file in self.files {
      for r in file.registrations where r.form == .field {
        guard let type = r.structType, let table = r.table, let field = r.field else { continue }
        tables[resolver.resolve(type), default: [:]][file.path + ":" + table, default: []]
          .insert(field)
      }
    }
    for (type, byTable) in tables {
      let fieldSets = byTable.values
      guard var common = fieldSets.first else { continue }
      for fields in fieldSets { common.formIntersection(fields) }
      for field in common { membersAlwaysSet.insert(type + "." + field) }
    }
    for file in self.files {
      for r in file.registrations where r.form == .field {
        guard let type = r.structType, let field = r.field,
          let id = resolve(r.function, from: file.path)
        else { continue }
        let key = resolver.resolve(type) + "." + field
        if opsTargets[key]?.contains(id) != true { opsTargets[key, default: []].append(id) }
      }
      for r in file.registrations {
        guard let item = r.item else { continue }
        let name = resolver.lockClass(item, file: file.path).name
        if workFunctions[name] == nil { workFunctions[name] = r.function }
      }
    }
  }

  /// Fills the name tables call resolution reads from `definitions`.
  mutating func indexDefinitions() {
    statics = [:]
    globalsByName = [:]
    // A file's definitions are listed together: its table is filled on its own and its
    // path hashed once per run of them, not once per definition.
    var start = 0
    while start < definitions.count {
      let path = definitions[start].path
      let isHeader = path.hasSuffix(".h")
      var local = statics.removeValue(forKey: path) ?? [:]
      var end = start
      while end < definitions.count, definitions[end].path == path {
        let body = definitions[end].body
        if local[body.name] == nil { local[body.name] = end }
        if !body.isStatic || isHeader { globalsByName[body.name, default: []].append(end) }
        end += 1
      }
      statics[path] = local
      start = end
    }
  }

  /// Ops-table targets of `type.member` defined in the caller's directory (a driver calls
  /// its own ops; drm core calling every driver's would merge drivers into one graph), at
  /// most eight.
  func indirectTargets(_ type: String, _ member: String, from file: String) -> [Int] {
    guard let ids = opsTargets[type + "." + member] else { return [] }
    let directory = directories[file] ?? []
    let local = ids.filter { directories[definitions[$0].path] == directory }
    return local.count <= 8 ? local : []
  }

  /// The definition a call to `name` from `file` reaches.
  func resolve(_ name: String, from file: String) -> Int? {
    resolve(name, from: file, statics: statics[file])
  }

  /// `resolve(_:from:)` with the file's own functions already looked up: a body's calls
  /// all come from one file, and hashing its path for each call was a tenth of linking.
  func resolve(_ name: String, from file: String, statics local: [String: Int]?) -> Int? {
    if let id = local?[name] { return id }
    guard let candidates = globalsByName[name] else { return nil }
    if candidates.count == 1 { return candidates[0] }
    let directory = directories[file] ?? []
    return candidates.max { a, b in
      shared(definitions[a].path, directory) < shared(definitions[b].path, directory)
    }
  }

  private func shared(_ path: String, _ directory: ArraySlice<Substring>) -> Int {
    var count = 0
    for (x, y) in zip(directories[path] ?? [], directory) {
      guard x == y else { break }
      count += 1
    }
    return count
  }

  /// Call-graph levels: callees first; a back edge of recursion is cut.
  func levels(callees: [[Int]]) -> [Int] {
    var level = [Int](repeating: -1, count: definitions.count)
    var onStack = [Bool](repeating: false, count: definitions.count)
    for root in 0..<definitions.count where level[root] < 0 {
      var stack: [(Int, Int)] = [(root, 0)]
      onStack[root] = true
      while let (node, next) = stack.last {
        if next < callees[node].count {
          stack[stack.count - 1].1 += 1
          let c = callees[node][next]
          if level[c] < 0 && !onStack[c] {
            onStack[c] = true
            stack.append((c, 0))
          }
        } else {
          stack.removeLast()
          onStack[node] = false
          var l = 0
          for c in callees[node] where level[c] >= 0 { l = max(l, level[c] + 1) }
          level[node] = l
        }
      }
    }
    return level
  }

  /// What one pass over the events of definition `id` finds (they are tens of megabytes
  /// for a whole tree):
  /// - `callees`: the definitions it calls, directly (first, by block) or through an ops
  ///   table, each once;
  /// - `events`: what each event in block order calls directly (`CallGraph.eventCallees`);
  /// - `tested`: the parameters (and `parameter&FLAG` bit tests) whose value the body
  ///   decides on: a call passing constants for them is analysed again with those values;
  /// - `lockFree`: the body takes, asserts and expects no lock and calls nothing through a
  ///   pointer (`CallGraph.lockFree` adds its callees).
  func reading(_ id: Int) -> (
    callees: [Int], events: [Int32], tested: Set<String>, lockFree: Bool
  ) {
    let path = definitions[id].path
    let local = statics[path]
    let parameters = definitions[id].body.parameters
    var seen: Set<Int> = []
    var list: [Int] = []
    var resolved: [Int32] = []
    var tested: Set<String> = []
    var lockFree = definitions[id].body.heldOnEntry.isEmpty
    // By index: a loop over the values would copy every event of the body.
    let blocks = definitions[id].body.blocks
    for b in blocks.indices {
      if !parameters.isEmpty, case .branch(let t, let f, _, _) = blocks[b].terminator {
        for facts in [t, f] {
          for fact in facts where Self.tests(fact.value, oneOf: parameters) {
            tested.insert(fact.value)
          }
        }
      }
      let events = blocks[b].events
      for e in events.indices {
        // A handful of parameters: a linear search beats hashing each name.
        if !parameters.isEmpty {
          for case let name? in events[e].argumentNames where parameters.contains(name) {
            tested.insert(name)
          }
          if let name = events[e].subclassName, parameters.contains(name) { tested.insert(name) }
        }
        switch events[e].kind {
        case .primitive, .assertHeld, .indirectCall: lockFree = false
        case .call, .assign: break
        }
        guard events[e].kind == .call,
          let id = resolve(events[e].name, from: path, statics: local)
        else {
          resolved.append(-1)
          continue
        }
        resolved.append(Int32(id))
        if seen.insert(id).inserted { list.append(id) }
      }
      for e in events.indices where events[e].kind == .indirectCall {
        guard let ref = events[e].lock, let type = resolver.structType(of: ref, file: path)
        else { continue }
        for id in indirectTargets(type, events[e].name, from: path)
        where seen.insert(id).inserted {
          list.append(id)
        }
      }
    }
    return (list, resolved, tested, lockFree)
  }

  /// `CallGraph.lockFree`: a body free of lock events whose callees (all direct then) are
  /// lower in the call graph and lock-free too. Analysing such a function for any facts
  /// finds nothing: facts only prune paths, and no path has anything to find.
  func lockFree(local: [Bool], callees: [[Int]], level: [Int]) -> [Bool] {
    var free = local
    let order = level.indices.sorted { (level[$0], $0) < (level[$1], $1) }
    for id in order where free[id] {
      free[id] = callees[id].allSatisfy { level[$0] < level[id] && free[$0] }
    }
    return free
  }

  /// Whether branch fact `value` tests one of `parameters`: the parameter itself, or a
  /// bit of it (`flags&FLAG`).
  static func tests(_ value: String, oneOf parameters: [String]) -> Bool {
    let utf8 = value.utf8
    guard let amp = utf8.firstIndex(of: UInt8(ascii: "&")) else {
      return parameters.contains(value)
    }
    let length = utf8.distance(from: utf8.startIndex, to: amp)
    return parameters.contains { $0.utf8.count == length && utf8.starts(with: $0.utf8) }
  }

  /// The call graph: callees, tested parameters and call-graph levels per definition.
  func callGraph() -> CallGraph {
    let all = parallelMap(count: definitions.count) { id in reading(id) }
    let lists = all.map(\.callees)
    let level = levels(callees: lists)
    return CallGraph(
      callees: lists, tested: all.map(\.tested), eventCallees: all.map(\.events),
      lockFree: lockFree(local: all.map(\.lockFree), callees: lists, level: level),
      level: level)
  }

  func summaries() -> [FunctionSummary] {
    summaries(callGraph())
  }

  /// Which tables each ops call may reach and which parameters carry a known object
  /// (`OpsTables`, `receiverParameters(ops:)`): read from every file and body.
  func opsState() -> (ops: OpsTables, receivers: [Set<String>]) {
    var tables = OpsTables(linker: self)
    let receivers = receiverParameters(ops: &tables)
    return (tables, receivers)
  }

  func summaries(_ graph: CallGraph) -> [FunctionSummary] {
    let state = opsState()
    return summaries(graph, ops: state.ops, receivers: state.receivers)
  }

  func summaries(
    _ graph: CallGraph, ops: OpsTables, receivers: [Set<String>]
  ) -> [FunctionSummary] {
    let level = graph.level
    var byLevel: [[Int]] = []
    for (id, l) in level.enumerated() {
      while byLevel.count <= l { byLevel.append([]) }
      byLevel[l].append(id)
    }
    let results = SlotStore<FunctionSummary>(count: definitions.count)
    let pass = SummaryPass(linker: self, level: level, tested: graph.tested,
      receivers: receivers, ops: ops, results: results, memo: SpecializationMemo(),
      eventCallees: graph.eventCallees, lockFree: graph.lockFree)
    for group in byLevel {
      DispatchQueue.concurrentPerform(iterations: group.count) { n in
        let id = group[n]
        results[id] =
          pass.isLockFree(id)
          ? FunctionSummary() : pass.analyzer(for: id, below: level[id], depth: 4).analyze()
      }
    }
    return (0..<definitions.count).map { results[$0] ?? FunctionSummary() }
  }

  func entries() -> [EntryPoint] {
    var result: Set<EntryPoint> = []
    for file in files { result.formUnion(entries(of: file)) }
    return Self.sorted(result)
  }

  static func sorted(_ entries: Set<EntryPoint>) -> [EntryPoint] {
    entries.sorted {
      ($0.registeredAt, $0.function, $0.context) < ($1.registeredAt, $1.function, $1.context)
    }
  }

  /// The entry points `file` registers.
  func entries(of file: FileModel) -> Set<EntryPoint> {
    var result: Set<EntryPoint> = []
    for r in file.registrations {
      guard let spec = registration(for: r, file: file.path),
        let context = knowledge.contexts[spec.context],
        let id = resolve(r.function, from: file.path)
      else { continue }
      let function = definitions[id].body.name
      let at = SourceLocation(file: file.path, line: r.line, column: r.column)
      let held = context.held.map { il in
        let name = il.lock.name.replacingOccurrences(of: "{function}", with: function)
        return HeldLock(lock: LockClass(knowledge.canonical(name),
          isResolved: il.lock.isResolved), kind: il.kind, mode: il.mode, location: at)
      }
      result.insert(EntryPoint(function: function, context: context.name, held: held,
        irq: context.irq, retriedOn: context.retriedOn, registeredAt: at,
        userHandle: r.handle))
    }
    return result
  }

  private func registration(for site: RegistrationSite, file: String) -> Registration? {
    switch site.form {
    case .field:
      var type: String?
      if let t = site.structType {
        type = resolver.resolve(t)
      } else if let base = site.base {
        type = resolver.structType(of: base, file: file)
      }
      guard let type else { return nil }
      return knowledge.registrations.first { $0.structType == type && $0.field == site.field }
    case .macro, .call:
      return knowledge.registrations.first {
        ($0.macro == site.name || $0.call == site.name) && $0.context == site.context
      }
    }
  }
}

