/// The ops tables a tree defines with designated initializers (`static const struct
/// x_funcs y = { .m = fn }`), per struct type and directory, and which member of which
/// struct holds a pointer to a table of each type (`engine.funcs`).
///
/// An ops call reaches one table's function, the one of the object it is made on. When
/// the analysis cannot tell which object that is, and some tables of the type leave the
/// member unset (the caller tests `if (x->funcs->m)` first), taking every table's function
/// may give the object a lock it never takes: what such a call reaches is a guess (kept,
/// marked, never a confirmed deadlock), unless the object is pinned to tables, as an ops
/// callback's own object is to the tables holding the callback.
struct OpsTables: Sendable {
  struct Table: Sendable {
    var type: String
    var directory: String
    /// Member → the function the initializer puts there (tree definition id).
    var functions: [String: Int]
    /// Every member the initializer sets to a name, resolved to a function or not.
    var members: Set<String>
  }

  struct Holder: Hashable, Sendable {
    var objectType: String
    var member: String
  }

  /// By `file:variable`.
  var tables: [String: Table] = [:]
  /// Struct type → directory → table keys.
  var byType: [String: [String: [String]]] = [:]
  /// Struct type → directory → the members every table of it there sets.
  var always: [String: [String: Set<String>]] = [:]
  /// Definition id → the tables holding it.
  var containing: [Int: [String]] = [:]
  /// Table struct type → the object members ops calls in the tree read it from.
  var holders: [String: Set<Holder>] = [:]

  init(linker: TreeLinker) {
    for file in linker.files {
      let directory = OpsTables.directory(of: file.path)
      for r in file.registrations where r.form == .field {
        guard let type = r.structType, let name = r.table, let field = r.field else { continue }
        let key = file.path + ":" + name
        var table = tables[key] ?? Table(type: linker.resolver.resolve(type),
          directory: directory, functions: [:], members: [])
        table.members.insert(field)
        if table.functions[field] == nil, let id = linker.resolve(r.function, from: file.path) {
          table.functions[field] = id
        }
        tables[key] = table
      }
    }
    for key in tables.keys.sorted() {
      guard let table = tables[key] else { continue }
      byType[table.type, default: [:]][table.directory, default: []].append(key)
      let common = always[table.type]?[table.directory]
      always[table.type, default: [:]][table.directory] =
        common?.intersection(table.members) ?? table.members
      for id in Set(table.functions.values) { containing[id, default: []].append(key) }
    }
  }

  /// Records that ops calls in the tree read tables of `type` from `member` of objects of
  /// `objectType` (`e->funcs->m(e)`): how an ops callback's parameter is told apart.
  mutating func noteHolder(of type: String, objectType: String, member: String) {
    holders[type, default: []].insert(Holder(objectType: objectType, member: member))
  }

  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }

  /// The tables of `keys` defined in `file`'s directory: the only ones a call from there
  /// resolves through (see `targets`).
  func local(_ keys: Set<String>, to file: String) -> Set<String> {
    let directory = OpsTables.directory(of: file)
    return keys.filter { tables[$0]?.directory == directory }
  }

  /// Whether the tree defines tables of `type`: only then can an object of it be pinned.
  func hasTables(of type: String) -> Bool { byType[type] != nil }

  /// Whether some table of `type` in `directory` leaves `member` unset.
  func isOptional(_ type: String, _ member: String, in directory: String) -> Bool {
    guard let common = always[type]?[directory] else { return false }
    return !common.contains(member)
  }

  /// What an ops callback knows of its own object: `parameter.member` → the tables that
  /// hold the callback. Only when exactly one parameter has a type whose member holds
  /// tables of that struct (a callback given two objects could be called for either), and
  /// only when those tables are all in the callback's directory: a core helper other
  /// directories' tables hold too runs for objects whose tables the linker never resolves
  /// through from here (see `targets`).
  func ownTables(
    of id: Int, body: FunctionBody, file: String, resolver: TypeResolver
  ) -> [String: Set<String>] {
    guard let keys = containing[id] else { return [:] }
    var owned: [String: Set<String>] = [:]
    for key in keys {
      if let type = tables[key]?.type { owned[type, default: []].insert(key) }
    }
    var result: [String: Set<String>] = [:]
    for type in owned.keys.sorted() {
      guard let own = owned[type], local(own, to: file) == own else { continue }
      var found: [String] = []
      for (name, declared) in zip(body.parameters, body.parameterTypes) where !declared.isEmpty {
        let resolved = resolver.resolve(declared)
        for holder in holders[type] ?? [] where holder.objectType == resolved {
          found.append(name + "." + holder.member)
        }
      }
      guard found.count == 1, let key = found.first, result[key] == nil else { continue }
      result[key] = own
    }
    return result
  }

  /// The functions an ops call may reach, and whether calling them is a guess: the pinned
  /// tables' functions when the object is pinned (a guess when one of those tables leaves
  /// the member unset), otherwise `fallback`, a guess when the member is optional among
  /// the tables of the caller's directory. Pinned tables count in the caller's directory
  /// only, as `fallback` does (a drm core helper in every driver's table must not reach
  /// every driver's functions).
  func targets(
    _ type: String, _ member: String, from file: String, pinned: Set<String>?,
    fallback: () -> [Int]
  ) -> (ids: [Int], guessed: Bool) {
    let directory = OpsTables.directory(of: file)
    let local = (pinned ?? []).filter {
      tables[$0]?.type == type && tables[$0]?.directory == directory
    }
    if !local.isEmpty {
      var ids: [Int] = []
      var guessed = false
      for key in local.sorted() {
        guard let id = tables[key]?.functions[member] else {
          guessed = true
          continue
        }
        if !ids.contains(id) { ids.append(id) }
      }
      return (ids, guessed)
    }
    return (fallback(), isOptional(type, member, in: directory))
  }
}

extension OpsTables {
  /// The same tables with definition ids mapped (a relinked tree numbers them anew); an id
  /// that maps to nothing is dropped.
  func remapped(_ map: (Int) -> Int?) -> OpsTables {
    var copy = self
    for (key, table) in tables {
      var moved = table
      moved.functions = table.functions.compactMapValues(map)
      copy.tables[key] = moved
    }
    copy.containing = [:]
    for (id, keys) in containing {
      if let new = map(id) { copy.containing[new, default: []] += keys }
    }
    return copy
  }
}

extension OpsTables: BinaryCodable {
  init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    tables = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in
      Table(
        type: try r.readString(), directory: try r.readString(),
        functions: try r.readTable {
          (r: inout BinaryReader) throws(BinaryArchiveError) in try r.readInt()
        },
        members: Set(try r.readStrings()))
    }
    byType = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
        try r.readStrings()
      }
    }
    always = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
        Set(try r.readStrings())
      }
    }
    let pairs = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      (try r.readInt(), try r.readStrings())
    }
    containing = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    holders = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in
      Set(
        try r.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
          Holder(objectType: try r.readString(), member: try r.readString())
        })
    }
  }

  func write(to writer: inout BinaryWriter) {
    writer.writeTable(tables) { w, table in
      w.write(table.type)
      w.write(table.directory)
      w.writeTable(table.functions) { w, id in w.write(id) }
      w.write(table.members.sorted())
    }
    writer.writeTable(byType) { w, byDirectory in
      w.writeTable(byDirectory) { w, keys in w.write(keys) }
    }
    writer.writeTable(always) { w, byDirectory in
      w.writeTable(byDirectory) { w, members in w.write(members.sorted()) }
    }
    writer.write(containing.keys.sorted()) { w, id in
      w.write(id)
      w.write(containing[id] ?? [])
    }
    writer.writeTable(holders) { w, set in
      w.write(set.sorted { ($0.objectType, $0.member) < ($1.objectType, $1.member) }) {
        w, holder in
        w.write(holder.objectType)
        w.write(holder.member)
      }
    }
  }
}
