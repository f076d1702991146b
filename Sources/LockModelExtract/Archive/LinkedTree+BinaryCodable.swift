extension LinkedTree: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    let files = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      LinkedFile(
        path: try r.readString(), digest: try r.readUInt(), start: try r.readInt(),
        count: try r.readInt(), diagnostics: try r.readStrings(),
        functionsSkipped: try r.readInt())
    }
    let definitions = try reader.readArray {
      (r: inout BinaryReader) throws(BinaryArchiveError) in
      LinkedDefinition(
        name: try r.readString(), isStatic: try r.readBool(), line: try r.readInt(),
        column: try r.readInt(), endLine: try r.readInt(), parameters: try r.readStrings(),
        file: try r.readInt())
    }
    let callees = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readInts()
    }
    let tested = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readStrings()
    }
    let level = try reader.readInts()
    let summaries: [FunctionSummary] = try reader.read()
    let tables: LinkTables = try reader.read()
    let ops: OpsTables = try reader.read()
    let receivers = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readStrings()
    }
    let order = try reader.readInts()
    let entries: [EntryPoint] = try reader.read()
    let count = definitions.count
    guard files.allSatisfy({ $0.start >= 0 && $0.count >= 0 && $0.start + $0.count <= count }),
      definitions.allSatisfy({ $0.file >= 0 && $0.file < files.count }),
      callees.count == count, tested.count == count, level.count == count,
      summaries.count == count, order.count == count, receivers.count == count,
      order.allSatisfy({ $0 >= 0 && $0 < count }),
      callees.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < count } }),
      tables.opsTargets.values.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < count } })
    else { throw .invalid(at: 0) }
    let functions = order.map { Self.function(definitions[$0], files, summaries[$0]) }
    let tree = TreeModel(
      functions: functions, entries: entries, fileCount: files.count,
      functionsSkipped: files.reduce(0) { $0 + $1.functionsSkipped },
      diagnostics: files.flatMap(\.diagnostics))
    self.init(
      tree: tree, files: files, definitions: definitions, callees: callees, tested: tested,
      level: level, summaries: summaries, tables: tables, ops: ops, receivers: receivers,
      functionOrder: order)
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(files) { w, f in
      w.write(f.path)
      w.write(f.digest)
      w.write(f.start)
      w.write(f.count)
      w.write(f.diagnostics)
      w.write(f.functionsSkipped)
    }
    writer.write(definitions) { w, d in
      w.write(d.name)
      w.write(d.isStatic)
      w.write(d.line)
      w.write(d.column)
      w.write(d.endLine)
      w.write(d.parameters)
      w.write(d.file)
    }
    writer.write(callees) { w, list in w.write(list) }
    writer.write(tested) { w, list in w.write(list) }
    writer.write(level)
    writer.write(summaries)
    writer.write(tables)
    writer.write(ops)
    writer.write(receivers) { w, list in w.write(list) }
    writer.write(functionOrder)
    writer.write(tree.entries)
  }
}
