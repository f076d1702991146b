/// Names lock classes from the declarations of the whole tree (DESIGN.md "Lock classes").
///
/// A lock that is a struct member is named after the innermost named struct that declares
/// it (`dev_priv->drm.struct_mutex` is `drm_device.struct_mutex`, as lockdep keys it by the
/// one `mutex_init` in the struct's constructor); a member of an anonymous struct keeps
/// the path from the enclosing named struct (`drm_i915_private.mm.obj_lock` when `mm` is an
/// anonymous struct). Globals are named by themselves; what cannot be typed keeps the
/// access path behind `?.`.
struct TypeResolver: Sendable {
  private var fields: [String: [String: String?]] = [:]
  private var typedefs: [String: String] = [:]
  private var globals: [String: String] = [:]
  private var fileStatics: [String: [String: String]] = [:]
  private var returnTypes: [String: String] = [:]
  private let aliases: [String: String]

  init(files: [FileModel], knowledge: KnowledgeBase) {
    aliases = knowledge.aliases
    for (type, members) in knowledge.types {
      fields[type] = members.mapValues { Optional($0) }
    }
    globals = knowledge.globals
    for file in files {
      for s in file.structs {
        var known = fields[s.name] ?? [:]
        for f in s.fields where known[f.name] == nil { known[f.name] = f.type }
        fields[s.name] = known
      }
      for t in file.typedefs where typedefs[t.name] == nil { typedefs[t.name] = t.target }
      for n in file.typedNames {
        switch n.kind {
        case .function:
          if returnTypes[n.name] == nil { returnTypes[n.name] = n.type }
        case .global where n.isStatic:
          fileStatics[file.path, default: [:]][n.name] = n.type
        case .global:
          if globals[n.name] == nil { globals[n.name] = n.type }
        }
      }
    }
  }

  /// Follows typedefs to a struct tag (bounded, typedef cycles happen in broken trees).
  func resolve(_ type: String) -> String {
    var current = type
    for _ in 0..<8 {
      guard let next = typedefs[current], next != current else { return current }
      current = next
    }
    return current
  }

  private func baseType(_ ref: LockRef, file: String) -> String? {
    switch ref.base {
    case .typed(let t): return resolve(t)
    case .global(let g):
      return (fileStatics[file]?[g] ?? globals[g]).map(resolve)
    case .returnOf(let f): return returnTypes[f].map(resolve)
    case .unknown: return nil
    }
  }

  /// The lock class a reference names.
  func lockClass(_ ref: LockRef, file: String) -> LockClass {
    if case .global(let g) = ref.base, ref.path.isEmpty {
      return LockClass(aliases[g] ?? g)
    }
    guard var type = baseType(ref, file: file) else {
      return LockClass("?." + ref.path.joined(separator: "."), isResolved: false)
    }
    for (index, field) in ref.path.enumerated() {
      if index == ref.path.count - 1 {
        let name = type + "." + field
        return LockClass(aliases[name] ?? name)
      }
      guard let next = fields[type]?[field], let next else {
        let rest = ref.path[index...].joined(separator: ".")
        return LockClass("?." + rest, isResolved: false)
      }
      type = resolve(next)
    }
    return LockClass(aliases[type] ?? type, isResolved: true)
  }

  /// The struct type of the object a reference designates (`dev_priv->mm.shrinker` →
  /// `shrinker`), for ops fields assigned at run time.
  func structType(of ref: LockRef, file: String) -> String? {
    guard var type = baseType(ref, file: file) else { return nil }
    for field in ref.path {
      guard let next = fields[type]?[field], let next else { return nil }
      type = resolve(next)
    }
    return type
  }
}

extension TypeResolver: BinaryCodable {
  init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    fields = try reader.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
        try r.readOptionalString()
      }
    }
    typedefs = try reader.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readString()
    }
    globals = try reader.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readString()
    }
    fileStatics = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
        try r.readString()
      }
    }
    returnTypes = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in try r.readString()
    }
    aliases = try reader.readTable { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readString()
    }
  }

  func write(to writer: inout BinaryWriter) {
    writer.writeTable(fields) { w, members in
      w.writeTable(members) { w, type in w.write(type) }
    }
    writer.writeTable(typedefs) { w, v in w.write(v) }
    writer.writeTable(globals) { w, v in w.write(v) }
    writer.writeTable(fileStatics) { w, names in
      w.writeTable(names) { w, v in w.write(v) }
    }
    writer.writeTable(returnTypes) { w, v in w.write(v) }
    writer.writeTable(aliases) { w, v in w.write(v) }
  }
}
