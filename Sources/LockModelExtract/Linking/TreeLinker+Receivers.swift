/// What a relink needs of `receiverParameters(ops:)` for the functions it reads again.
extension TreeLinker {
  /// The holders (`OpsTables.noteHolder`) the ops calls of `bodies` note, as text.
  func holderNotes(_ bodies: [FunctionBody], path: String, ops: OpsTables) -> Set<String> {
    var notes: Set<String> = []
    for body in bodies {
      for block in body.blocks {
        for e in block.events where e.kind == .indirectCall {
          guard e.receiver != nil, let ref = e.lock, ref.path.count == 1,
            let type = resolver.structType(of: ref, file: path), ops.hasTables(of: type),
            let object = resolver.structType(of: LockRef(base: ref.base, path: []), file: path)
          else { continue }
          notes.insert(OpsTables.holderNote(type: type, objectType: object, member: ref.path[0]))
        }
      }
    }
    return notes
  }

  /// Fills `receivers` for `ids` (definitions with bodies) by the rules of
  /// `receiverParameters(ops:)`, reading the other definitions' receivers as given.
  func localReceivers(_ ids: [Int], ops: OpsTables, into receivers: inout [Set<String>]) {
    var passes: [(caller: Int, callee: Int, position: Int, parameter: String)] = []
    for id in ids {
      let body = definitions[id].body
      let path = definitions[id].path
      let parameters = Set(body.parameters)
      receivers[id] = []
      for block in body.blocks {
        for e in block.events {
          switch e.kind {
          case .indirectCall:
            guard let receiver = e.receiver, let ref = e.lock, ref.path.count == 1,
              let type = resolver.structType(of: ref, file: path), ops.hasTables(of: type),
              resolver.structType(of: LockRef(base: ref.base, path: []), file: path) != nil,
              parameters.contains(receiver),
              ops.isOptional(type, e.name, in: OpsTables.directory(of: path))
                || indirectTargets(type, e.name, from: path).count > 1
            else { continue }
            receivers[id].insert(receiver)
          case .call where !e.argumentNames.isEmpty && !parameters.isEmpty:
            var resolved: Int??
            for (position, name) in e.argumentNames.enumerated() {
              guard let name, parameters.contains(name) else { continue }
              if resolved == nil { resolved = .some(resolve(e.name, from: path)) }
              guard let callee = resolved ?? nil else { break }
              passes.append((id, callee, position, name))
            }
          default:
            break
          }
        }
      }
    }
    var changed = true
    while changed {
      changed = false
      for pass in passes {
        let parameters = definitions[pass.callee].body.parameters
        guard pass.position < parameters.count,
          receivers[pass.callee].contains(parameters[pass.position])
        else { continue }
        if receivers[pass.caller].insert(pass.parameter).inserted { changed = true }
      }
    }
  }
}
