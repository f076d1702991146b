
extension LinkedTree: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    let structure = try Self.Structure(from: &reader)
    let summaries: [FunctionSummary] = try reader.read()
    try self.init(structure, summaries: summaries)
  }

  public func write(to writer: inout BinaryWriter) {
    writeStructure(to: &writer)
    writeSummaries(0..<summaries.count, to: &writer)
  }

  /// The tree without its summaries: a cache writes that part and the summaries in
  /// separate streams, so several cores can write and read them at once.
  public func writeStructure(to writer: inout BinaryWriter) {
    writer.write(structure)
  }

  /// The summaries of definitions `range`, in a stream of their own.
  public func writeSummaries(_ range: Range<Int>, to writer: inout BinaryWriter) {
    writer.write(Array(summaries[range]))
  }

  /// The definition count `writeStructure` recorded, to split the summaries by.
  public var summaryCount: Int { summaries.count }

  /// A tree from `writeStructure`'s stream and the summaries' streams in order, all read
  /// at once (each stream has its own string table); every stream must be read to its end.
  public static func decode(
    structure: BinaryReader, summaries parts: [BinaryReader]
  ) throws(BinaryArchiveError) -> LinkedTree {
    let shape = SlotStore<Structure>(count: 1)
    let decoded = parallelMap(count: parts.count + 1, chunk: 1) { index -> [FunctionSummary]? in
      if index == parts.count {
        var reader = structure
        if let value = try? Structure(from: &reader), reader.isAtEnd { shape[0] = value }
        return nil
      }
      var reader = parts[index]
      guard let value = try? reader.read([FunctionSummary].self), reader.isAtEnd else {
        return nil
      }
      return value
    }
    var summaries: [FunctionSummary] = []
    for part in decoded.dropLast() {
      guard let part else { throw .invalid(at: 0) }
      summaries += part
    }
    guard let structure = shape[0] else { throw .invalid(at: 0) }
    return try LinkedTree(structure, summaries: summaries)
  }

  /// A summary-less tree as read back.
  public struct Structure: Sendable {
    var files: [LinkedFile]
    var definitions: [LinkedDefinition]
    var callees: [[Int]]
    var tested: [[String]]
    var level: [Int]
    var tables: LinkTables
    var ops: OpsTables
    var receivers: [[String]]
    var order: [Int]
    var entries: [EntryPoint]
  }
}

extension LinkedTree.Structure: BinaryCodable {
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
    let tables: LinkTables = try reader.read()
    let ops: OpsTables = try reader.read()
    let receivers = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readStrings()
    }
    let order = try reader.readInts()
    let entries: [EntryPoint] = try reader.read()
    self.init(
      files: files, definitions: definitions, callees: callees, tested: tested, level: level,
      tables: tables, ops: ops, receivers: receivers, order: order, entries: entries)
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
    writer.write(tables)
    writer.write(ops)
    writer.write(receivers) { w, list in w.write(list) }
    writer.write(order)
    writer.write(entries)
  }
}

extension LinkedTree {
  /// The tree without its summaries, as `writeStructure` writes it.
  var structure: Structure {
    Structure(
      files: files, definitions: definitions, callees: callees, tested: tested, level: level,
      tables: tables, ops: ops, receivers: receivers, order: functionOrder,
      entries: tree.entries)
  }

  /// The tree from its read-back structure and summaries, checked for ids in range.
  init(_ s: Structure, summaries: [FunctionSummary]) throws(BinaryArchiveError) {
    let count = s.definitions.count
    guard s.files.allSatisfy({ $0.start >= 0 && $0.count >= 0 && $0.start + $0.count <= count }),
      s.definitions.allSatisfy({ $0.file >= 0 && $0.file < s.files.count }),
      s.callees.count == count, s.tested.count == count, s.level.count == count,
      summaries.count == count, s.order.count == count, s.receivers.count == count,
      s.order.allSatisfy({ $0 >= 0 && $0 < count }),
      s.callees.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < count } }),
      s.tables.opsTargets.values.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < count } })
    else { throw .invalid(at: 0) }
    let functions = s.order.map { Self.function(s.definitions[$0], s.files, summaries[$0]) }
    let tree = TreeModel(
      functions: functions, entries: s.entries, fileCount: s.files.count,
      functionsSkipped: s.files.reduce(0) { $0 + $1.functionsSkipped },
      diagnostics: s.files.flatMap(\.diagnostics))
    self.init(
      tree: tree, files: s.files, definitions: s.definitions, callees: s.callees,
      tested: s.tested, level: s.level, summaries: summaries, tables: s.tables, ops: s.ops,
      receivers: s.receivers, functionOrder: s.order)
  }
}
