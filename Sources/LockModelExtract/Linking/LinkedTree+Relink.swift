import Dispatch

/// A relinked tree and which functions' models the change reached.
public struct Relinked: Sendable {
  /// The changed tree.
  public var linked: LinkedTree
  /// Names of the functions whose model differs from the previous tree's (edited,
  /// added or removed functions, and callers whose summaries changed with them).
  public var changedFunctions: Set<String>
  /// Those of `changedFunctions` whose models only moved down or up their file (an edit
  /// above them): `shift` maps each old location of theirs to the new one.
  public var movedFunctions: Set<String> = []
  /// Where the lines of the changed files went.
  public var shift: LineShift = LineShift([:])
}

extension LinkedTree {
  /// This tree with `changed` files replaced, relinked by analysing again only the changed
  /// files' functions and the callers their new summaries reach; the result is the model
  /// `LinkedTree(files:knowledge:)` gives for the whole changed tree.
  ///
  /// - Parameters:
  ///   - changed: the new models of files this tree has.
  ///   - knowledge: the knowledge base this tree was linked with.
  ///   - load: the model of an unchanged file of this tree, for the bodies of callers that
  ///     must be analysed again; `nil` makes the relink give up.
  /// - Returns: `nil` when the change reaches beyond function bodies (a file added or
  ///   removed, declarations, registrations, or the set of functions other files can call
  ///   changed): only a full link is right then.
  public func relinking(
    changed: [FileModel], knowledge: KnowledgeBase, load: (String) -> FileModel?
  ) -> Relinked? {
    var fileIndex: [String: Int] = [:]
    for (f, file) in files.enumerated() { fileIndex[file.path] = f }
    var replaced: [Int: FileModel] = [:]
    for model in changed {
      // A digest of 0: not computed (`init(files:knowledge:relinkable:)`).
      guard let f = fileIndex[model.path], files[f].digest != 0,
        Self.digest(model) == files[f].digest
      else {
        return nil
      }
      replaced[f] = model
    }
    if replaced.isEmpty { return Relinked(linked: self, changedFunctions: []) }

    // Definitions of the changed tree: unchanged files keep theirs (as stubs until a body
    // is needed), changed files bring new ones.
    var definitions: [TreeLinker.Definition] = []
    definitions.reserveCapacity(self.definitions.count)
    var newFiles = files
    var newInfos: [LinkedDefinition] = []
    var oldToNew = [Int](repeating: -1, count: self.definitions.count)
    var newToOld: [Int] = []
    var fresh: [Int] = []
    for (f, file) in files.enumerated() {
      let start = definitions.count
      if let model = replaced[f] {
        var oldByName: [String: Int] = [:]
        for old in file.start..<file.start + file.count
        where oldByName[self.definitions[old].name] == nil {
          oldByName[self.definitions[old].name] = old
        }
        for (i, body) in model.functions.enumerated() {
          fresh.append(definitions.count)
          newToOld.append(oldByName[body.name] ?? -1)
          definitions.append(
            TreeLinker.Definition(file: f, index: i, path: file.path, body: body))
          newInfos.append(LinkedDefinition(body: body, file: f))
        }
        newFiles[f].count = model.functions.count
        newFiles[f].diagnostics = model.diagnostics.map(\.description)
        newFiles[f].functionsSkipped = model.functionsSkipped
      } else {
        for old in file.start..<file.start + file.count {
          oldToNew[old] = definitions.count
          newToOld.append(old)
          let info = self.definitions[old]
          definitions.append(
            TreeLinker.Definition(
              file: f, index: old - file.start, path: file.path, body: info.stub))
          newInfos.append(info)
        }
      }
      newFiles[f].start = start
    }
    var linker = TreeLinker(
      restoring: tables, definitions: definitions, paths: files.map(\.path),
      knowledge: knowledge, limits: AnalysisLimits())
    // An old id in a changed file maps to the new definition of the same name there.
    func remap(_ old: Int) -> Int? {
      if oldToNew[old] >= 0 { return oldToNew[old] }
      let d = self.definitions[old]
      return linker.statics[files[d.file].path]?[d.name]
    }
    var opsTargets: [String: [Int]] = [:]
    for (key, ids) in tables.opsTargets { opsTargets[key] = ids.compactMap(remap) }
    linker.opsTargets = opsTargets

    var callees = [[Int]](repeating: [], count: definitions.count)
    var tested = [[String]](repeating: [], count: definitions.count)
    for (id, old) in newToOld.enumerated() where old >= 0 && oldToNew[old] == id {
      callees[id] = self.callees[old].compactMap(remap)
      tested[id] = self.tested[old]
    }
    for id in fresh {
      let read = linker.reading(id)
      callees[id] = read.callees
      tested[id] = read.tested.sorted()
    }
    let level = linker.levels(callees: callees)
    var callers = [[Int]](repeating: [], count: definitions.count)
    for (caller, list) in callees.enumerated() {
      for callee in list { callers[callee].append(caller) }
    }

    var moves: [String: (old: [(String, Int, Int)], new: [(String, Int, Int)])] = [:]
    for (f, model) in replaced {
      let file = files[f]
      moves[file.path] = (
        old: (file.start..<file.start + file.count).map {
          (self.definitions[$0].name, self.definitions[$0].line, self.definitions[$0].endLine)
        },
        new: model.functions.map { ($0.name, $0.line, $0.endLine) }
      )
    }
    let shift = LineShift(moves)

    let results = SlotStore<FunctionSummary>(count: definitions.count)
    for (id, old) in newToOld.enumerated() where old >= 0 && oldToNew[old] == id {
      results[id] = summaries[old]
    }
    // Functions to look at again, by level; those in `analyse` need their bodies analysed,
    // the others only saw callees move and move with them.
    var pending: [Int: Set<Int>] = [:]
    var analyse: Set<Int> = []
    // A function of a changed file whose body only moved is moved, not analysed: unless
    // a callee of it changed, its summary is its old one moved.
    var edited: Set<Int> = []
    var before: [Int: FileModel] = [:]
    for f in replaced.keys { before[f] = load(files[f].path) }
    for id in fresh {
      pending[level[id], default: []].insert(id)
      let old = newToOld[id]
      let f = definitions[id].file
      if old >= 0, let model = before[f], model.functions.count == files[f].count,
        model.functions[old - files[f].start].shifted(
          by: definitions[id].body.line
            - self.definitions[old].line) == definitions[id].body
      {
        continue
      }
      edited.insert(id)
      analyse.insert(id)
    }
    // A caller whose call graph level now hides (or shows) a callee's summary, as a new
    // recursion cut does, sees that callee differently.
    for (id, old) in newToOld.enumerated() where old >= 0 && oldToNew[old] == id {
      for callee in callees[id] {
        let before = newToOld[callee]
        let wasSeen = before >= 0 && self.level[before] < self.level[old]
        if wasSeen != (level[callee] < level[id]) {
          pending[level[id], default: []].insert(id)
          analyse.insert(id)
        }
      }
    }

    let testedSets = tested.map(Set.init)
    let freshSet = Set(fresh)
    // Ops tables and receivers come from the cache; they hold only while the changed
    // files note the same holders and their functions carry the same receivers.
    let ops = self.ops.remapped(remap)
    var receivers = [Set<String>](repeating: [], count: definitions.count)
    for (id, old) in newToOld.enumerated() where old >= 0 && oldToNew[old] == id {
      receivers[id] = Set(self.receivers[old])
    }
    for (f, model) in replaced {
      guard let previous = before[f],
        linker.holderNotes(previous.functions, path: files[f].path, ops: ops)
          == linker.holderNotes(model.functions, path: files[f].path, ops: ops)
      else { return nil }
      let file = files[f]
      for old in file.start..<file.start + file.count
      where !self.receivers[old].isEmpty
        && !model.functions.contains(where: {
          $0.name == self.definitions[old].name
        })
      {
        return nil
      }
    }
    linker.localReceivers(fresh, ops: ops, into: &receivers)
    for id in fresh {
      let old = newToOld[id]
      let previous = old >= 0 ? Set(self.receivers[old]) : []
      guard receivers[id] == previous else { return nil }
      if !previous.isEmpty, self.definitions[old].parameters != definitions[id].body.parameters {
        return nil
      }
    }
    let frozenReceivers = receivers
    let memo = SpecializationMemo()
    var reached: Set<Int> = Set(fresh)
    var loaded: [Int: FileModel] = [:]
    var current = 0
    let top = level.max() ?? 0
    while current <= top {
      defer { current += 1 }
      guard let all = pending[current].map({ $0.sorted() }), !all.isEmpty else { continue }
      var group: [Int] = []
      for id in all {
        if !analyse.contains(id), let moved = shift.map(summaries[newToOld[id]]) {
          results[id] = moved
        } else {
          group.append(id)
        }
      }
      // Bodies of the group and of the callees the analysis may specialise on constant
      // arguments (those with tested parameters, further down the call graph).
      var needed: [Int] = []
      var stack = group
      var seen: Set<Int> = []
      while let id = stack.popLast() {
        guard seen.insert(id).inserted else { continue }
        needed.append(id)
        for callee in callees[id]
        where (!testedSets[callee].isEmpty || !receivers[callee].isEmpty)
          && level[callee] < level[id]
        {
          stack.append(callee)
        }
      }
      for id in needed where !freshSet.contains(id) && linker.definitions[id].body.blocks.isEmpty {
        let f = definitions[id].file
        if loaded[f] == nil {
          guard let model = load(files[f].path), model.functions.count == files[f].count else {
            return nil
          }
          loaded[f] = model
        }
        guard let model = loaded[f] else { return nil }
        linker.definitions[id].body = model.functions[definitions[id].index]
      }
      // Made again for each level: the bodies this level needs were loaded just above.
      let pass = SummaryPass(linker: linker, level: level, tested: testedSets,
        receivers: frozenReceivers, ops: ops, results: results, memo: memo)
      let work = group
      DispatchQueue.concurrentPerform(iterations: work.count) { n in
        let id = work[n]
        results[id] = pass.analyzer(for: id, below: level[id], depth: 4).analyze()
      }
      for id in all {
        reached.insert(id)
        let old = newToOld[id]
        guard let summary = results[id] else { continue }
        let previous = old >= 0 ? summaries[old] : nil
        // A fresh body with tested parameters is analysed again by callers that pass
        // constants: it counts as changed for them even when its own summary is not.
        let respecialised =
          edited.contains(id) && (!testedSets[id].isEmpty || !frozenReceivers[id].isEmpty)
        if summary == previous && !respecialised { continue }
        let onlyMoved = !respecialised && previous.flatMap(shift.map) == summary
        for caller in callers[id] where level[caller] > level[id] {
          pending[level[caller], default: []].insert(caller)
          if !onlyMoved { analyse.insert(caller) }
        }
      }
    }

    let newSummaries = (0..<definitions.count).map { results[$0] ?? FunctionSummary() }
    var position = [Int](repeating: 0, count: self.definitions.count)
    for (index, id) in functionOrder.enumerated() { position[id] = index }
    var changedFunctions: Set<String> = []
    var movedFunctions: Set<String> = []
    for (f, model) in replaced {
      let file = files[f]
      let names = Set(model.functions.map(\.name))
      for old in file.start..<file.start + file.count
      where !names.contains(self.definitions[old].name) {
        changedFunctions.insert(self.definitions[old].name)
      }
    }
    var functions: [FunctionModel] = []
    functions.reserveCapacity(definitions.count)
    for (id, info) in newInfos.enumerated() {
      let old = newToOld[id]
      if old >= 0, oldToNew[old] == id, !reached.contains(id) || newSummaries[id] == summaries[old]
      {
        functions.append(tree.functions[position[old]])
        continue
      }
      let function = Self.function(info, newFiles, newSummaries[id])
      if old >= 0, tree.functions[position[old]] == function {
        functions.append(tree.functions[position[old]])
        continue
      }
      functions.append(function)
      if old >= 0, shift.map(tree.functions[position[old]]) == function {
        movedFunctions.insert(info.name)
      } else {
        changedFunctions.insert(info.name)
      }
    }
    let order = Self.order(newInfos, newFiles)
    var model = tree
    model.functions = order.map { functions[$0] }
    var entries = Set(
      tree.entries.filter { entry in
        !replaced.values.contains { $0.path == entry.registeredAt.file }
      })
    for file in replaced.values { entries.formUnion(linker.entries(of: file)) }
    model.entries = TreeLinker.sorted(entries)
    model.functionsSkipped = newFiles.reduce(0) { $0 + $1.functionsSkipped }
    model.diagnostics = newFiles.flatMap(\.diagnostics)
    let relinked = LinkedTree(
      tree: model, files: newFiles, definitions: newInfos, callees: callees, tested: tested,
      level: level, summaries: newSummaries,
      tables: LinkTables(
        resolver: tables.resolver, constants: tables.constants,
        membersAlwaysSet: tables.membersAlwaysSet, opsTargets: opsTargets,
        workFunctions: tables.workFunctions),
      ops: ops, receivers: receivers.map { $0.sorted() }, functionOrder: order)
    return Relinked(
      linked: relinked, changedFunctions: changedFunctions.union(movedFunctions),
      movedFunctions: movedFunctions.subtracting(changedFunctions), shift: shift)
  }
}
