/// What a relink needs of `receiverParameters(ops:)` for the functions it reads again.
extension TreeLinker {
  /// The holders (`OpsTables.noteHolder`) the ops calls of `bodies` note.
  func holderNotes(
    _ bodies: [FunctionBody], path: String, ops: OpsTables
  ) -> Set<ReceiverFacts.Holder> {
    var notes: Set<ReceiverFacts.Holder> = []
    for body in bodies { notes.formUnion(receiverFacts(body, path: path, ops: ops).holders) }
    return notes
  }

  /// Fills `receivers` for `ids` (definitions with bodies) by the rules of
  /// `receiverParameters(ops:)`, reading the other definitions' receivers as given.
  func localReceivers(_ ids: [Int], ops: OpsTables, into receivers: inout [Set<String>]) {
    var passes: [(caller: Int, callee: Int, position: Int, parameter: String)] = []
    for id in ids {
      let facts = receiverFacts(definitions[id].body, path: definitions[id].path, ops: ops)
      receivers[id] = facts.seeds
      for pass in facts.passes { passes.append((id, pass.callee, pass.position, pass.parameter)) }
    }
    var changed = true
    while changed {
      changed = false
      for pass in passes {
        // As `receiverParameters`: the callee's receiver is its parameter at that position.
        let parameters = definitions[pass.callee].body.parameters
        guard
          receivers[pass.callee].contains(where: {
            parameters.firstIndex(of: $0) == pass.position
          })
        else { continue }
        if receivers[pass.caller].insert(pass.parameter).inserted { changed = true }
      }
    }
  }
}
