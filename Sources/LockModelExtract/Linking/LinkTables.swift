/// The tree-wide tables linking derives from every file's declarations, kept with a cached
/// tree so a relink need not read the files again.
struct LinkTables: Sendable {
  var resolver: TypeResolver
  var constants: [String: Int]
  var membersAlwaysSet: Set<String>
  /// `struct.member` → definition ids.
  var opsTargets: [String: [Int]]
  var workFunctions: [String: String]
}

extension LinkTables: BinaryCodable {
  init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    resolver = try reader.read()
    constants = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in try r.readInt()
    }
    membersAlwaysSet = Set(try reader.readStrings())
    opsTargets = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in try r.readInts()
    }
    workFunctions = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in try r.readString()
    }
  }

  func write(to writer: inout BinaryWriter) {
    writer.write(resolver)
    writer.writeTable(constants) { w, v in w.write(v) }
    writer.write(membersAlwaysSet.sorted())
    writer.writeTable(opsTargets) { w, v in w.write(v) }
    writer.writeTable(workFunctions) { w, v in w.write(v) }
  }
}
