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
  /// passing them on, where knowing the object's tables changes what the call reaches (a
  /// member some tables leave unset, or one with several functions): the ones worth
  /// re-analysing a callee for when the caller knows the object. Notes in `ops` which
  /// member of which struct the tree's ops calls read each table type from.
  func receiverParameters(ops: inout OpsTables) -> [Set<String>] {
    var result = [Set<String>](repeating: [], count: definitions.count)
    var work: [(Int, String)] = []
    /// Callee → (caller, argument position, the caller's parameter passed there).
    var passedTo: [Int: [(caller: Int, position: Int, parameter: String)]] = [:]
    let tables = ops
    let all = parallelMap(count: definitions.count) { id in
      receiverFacts(definitions[id].body, path: definitions[id].path, ops: tables)
    }
    for (id, facts) in all.enumerated() {
      for holder in facts.holders {
        ops.noteHolder(of: holder.type, objectType: holder.objectType, member: holder.member)
      }
      for receiver in facts.seeds.sorted() {
        result[id].insert(receiver)
        work.append((id, receiver))
      }
      for pass in facts.passes {
        passedTo[pass.callee, default: []].append((id, pass.position, pass.parameter))
      }
    }
    while let (callee, parameter) = work.popLast() {
      let position = definitions[callee].body.parameters.firstIndex(of: parameter)
      for site in passedTo[callee] ?? [] where site.position == position {
        if result[site.caller].insert(site.parameter).inserted {
          work.append((site.caller, site.parameter))
        }
      }
    }
    return result
  }

  /// What one body gives `receiverParameters(ops:)`: the holders its ops calls note, the
  /// parameters it calls ops members through itself, and the parameters it passes on.
  func receiverFacts(_ body: FunctionBody, path: String, ops: OpsTables) -> ReceiverFacts {
    var facts = ReceiverFacts()
    let local = statics[path]
    // A handful of parameters: a linear search beats hashing each name.
    let parameters = body.parameters
    // By index: a loop over the values would copy every event of the body.
    let blocks = body.blocks
    for b in blocks.indices {
      let events = blocks[b].events
      for i in events.indices {
        switch events[i].kind {
        case .indirectCall:
          guard let ref = events[i].lock, ref.path.count == 1, let receiver = events[i].receiver,
            let type = resolver.structType(of: ref, file: path), ops.hasTables(of: type),
            let object = resolver.structType(of: LockRef(base: ref.base, path: []), file: path)
          else { continue }
          let e = events[i]
          facts.holders.append(
            ReceiverFacts.Holder(type: type, objectType: object, member: ref.path[0]))
          guard parameters.contains(receiver),
            ops.isOptional(type, e.name, in: OpsTables.directory(of: path))
              || indirectTargets(type, e.name, from: path).count > 1
          else { continue }
          facts.seeds.insert(receiver)
        case .call where !parameters.isEmpty && !events[i].argumentNames.isEmpty:
          var resolved: Int??
          for (position, name) in events[i].argumentNames.enumerated() {
            guard let name, parameters.contains(name) else { continue }
            if resolved == nil {
              resolved = .some(resolve(events[i].name, from: path, statics: local))
            }
            guard let callee = resolved ?? nil else { break }
            facts.passes.append((callee, position, name))
          }
        default:
          break
        }
      }
    }
    return facts
  }
}

/// One body's share of the receiver analysis (`TreeLinker.receiverFacts`).
struct ReceiverFacts {
  struct Holder: Hashable {
    var type: String
    var objectType: String
    var member: String
  }

  var holders: [Holder] = []
  var seeds: Set<String> = []
  /// Calls passing a parameter on: the callee, the argument's position, the parameter.
  var passes: [(callee: Int, position: Int, parameter: String)] = []
}
