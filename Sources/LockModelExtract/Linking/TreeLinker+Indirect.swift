/// Ops-table calls: which functions a call through a member reaches, and which parameters
/// carry the object whose tables a caller may know.
extension TreeLinker {
  /// The merged acquisitions of the functions `type.member` reaches from `file` (each
  /// named first in `via`, marked `guessed` when `OpsTables` says so), nil when it reaches
  /// no analysed function.
  /// - Parameters:
  ///   - pinned: the tables the called object is known to hold, or nil.
  ///   - summary: a target's summary, nil while it is not computed (recursion).
  func indirectSummary(
    _ type: String, _ member: String, from file: String, pinned: Set<String>?,
    ops: OpsTables, summary: (Int) -> FunctionSummary?
  ) -> FunctionSummary? {
    let (targets, guessed) = ops.targets(type, member, from: file, pinned: pinned,
      fallback: { indirectTargets(type, member, from: file) })
    var merged = FunctionSummary()
    var any = false
    for t in targets {
      guard let s = summary(t) else { continue }
      any = true
      let name = definitions[t].body.name
      for a in s.acquisitions {
        var copy = a
        copy.via = [name] + a.via
        copy.guessed = a.guessed || guessed
        copy.held = a.held.map { h in
          var moved = h
          moved.via = [name] + h.via
          return moved
        }
        merged.acquisitions.append(copy)
      }
    }
    return any ? merged : nil
  }

  /// Per definition, the parameters whose ops members it calls through, itself or by
  /// passing them on: the ones worth re-analysing a callee for when the caller knows the
  /// object's tables.
  func receiverParameters(ops: OpsTables, level: [Int]) -> [Set<String>] {
    var result = [Set<String>](repeating: [], count: definitions.count)
    for (id, d) in definitions.enumerated() {
      let parameters = Set(d.body.parameters)
      for block in d.body.blocks {
        for e in block.events where e.kind == .indirectCall {
          guard let receiver = e.receiver, parameters.contains(receiver), let ref = e.lock,
            ref.path.count == 1, let type = resolver.structType(of: ref, file: d.path),
            ops.hasTables(of: type)
          else { continue }
          result[id].insert(receiver)
        }
      }
    }
    let order = definitions.indices.sorted { (level[$0], $0) < (level[$1], $1) }
    // Callees come first in level order, so one pass settles all but recursion; a few
    // more passes settle short recursive chains.
    for _ in 0..<3 {
      var changed = false
      for id in order {
        let d = definitions[id]
        let parameters = Set(d.body.parameters)
        for block in d.body.blocks {
          for e in block.events where e.kind == .call && !e.argumentNames.isEmpty {
            guard let c = resolve(e.name, from: d.path), !result[c].isEmpty else { continue }
            let callee = definitions[c].body.parameters
            for (i, name) in e.argumentNames.enumerated() {
              guard let name, parameters.contains(name), i < callee.count,
                result[c].contains(callee[i]), !result[id].contains(name)
              else { continue }
              result[id].insert(name)
              changed = true
            }
          }
        }
      }
      if !changed { break }
    }
    return result
  }
}
