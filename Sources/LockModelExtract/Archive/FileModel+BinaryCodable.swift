// Binary forms of a file model, for the per-file cache. Stored properties in declaration
// order; a property added to a type must be added here too (the corpus round-trip test
// compares every file model).

extension LockRef: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    let base: Base
    switch try reader.readUInt() {
    case 0: base = .typed(try reader.readString())
    case 1: base = .global(try reader.readString())
    case 2: base = .returnOf(try reader.readString())
    case 3: base = .unknown
    default: throw .invalid(at: 0)
    }
    self.init(base: base, path: try reader.readStrings())
  }

  public func write(to writer: inout BinaryWriter) {
    switch base {
    case .typed(let name):
      writer.write(UInt64(0))
      writer.write(name)
    case .global(let name):
      writer.write(UInt64(1))
      writer.write(name)
    case .returnOf(let name):
      writer.write(UInt64(2))
      writer.write(name)
    case .unknown:
      writer.write(UInt64(3))
    }
    writer.write(path)
  }
}

extension ValueFact: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      value: try reader.readString(), predicate: try reader.readEnum(),
      settlesOnly: try reader.readBool())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(value)
    writer.write(predicate.rawValue)
    writer.write(settlesOnly)
  }
}

extension Event: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      kind: try reader.readEnum(), name: try reader.readString(), line: try reader.readInt(),
      column: try reader.readInt(), lock: try reader.readOptional(),
      subclass: try reader.readInt())
    subclassName = try reader.readOptionalString()
    acquireContext = try reader.readOptionalString()
    gfp = try reader.readBool() ? try reader.readStrings() : nil
    value = try reader.readOptionalString()
    source = try reader.readOptionalString()
    constantArguments = try reader.readArray {
      (r: inout BinaryReader) throws(BinaryArchiveError) -> ValueFact.Predicate? in
      try r.readBool() ? try r.readEnum() : nil
    }
    argumentNames = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readOptionalString()
    }
    argumentFlags = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readBool() ? try r.readStrings() : nil
    }
    receiver = try reader.readOptionalString()
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(kind.rawValue)
    writer.write(name)
    writer.write(line)
    writer.write(column)
    writer.write(lock)
    writer.write(subclass)
    writer.write(subclassName)
    writer.write(acquireContext)
    writer.write(gfp != nil)
    if let gfp { writer.write(gfp) }
    writer.write(value)
    writer.write(source)
    writer.write(constantArguments) { w, p in w.write(p?.rawValue) }
    writer.write(argumentNames) { w, n in w.write(n) }
    writer.write(argumentFlags) { w, flags in
      w.write(flags != nil)
      if let flags { w.write(flags) }
    }
    writer.write(receiver)
  }
}

extension ReturnValue: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    switch try reader.readUInt() {
    case 0: self = .none
    case 1: self = .zero
    case 2: self = .nonzero
    case 3: self = .unknown
    case 4: self = .error
    case 5: self = .code(try reader.readString())
    case 6: self = .value(try reader.readString())
    default: throw .invalid(at: 0)
    }
  }

  public func write(to writer: inout BinaryWriter) {
    switch self {
    case .none: writer.write(UInt64(0))
    case .zero: writer.write(UInt64(1))
    case .nonzero: writer.write(UInt64(2))
    case .unknown: writer.write(UInt64(3))
    case .error: writer.write(UInt64(4))
    case .code(let code):
      writer.write(UInt64(5))
      writer.write(code)
    case .value(let value):
      writer.write(UInt64(6))
      writer.write(value)
    }
  }
}

extension Terminator: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    switch try reader.readUInt() {
    case 0: self = .jump(try reader.readInt())
    case 1:
      self = .branch(
        whenTrue: try reader.read(), whenFalse: try reader.read(), then: try reader.readInt(),
        otherwise: try reader.readInt())
    case 2: self = .multi(try reader.readInts())
    case 3: self = .returns(try reader.read(), line: try reader.readInt())
    default: throw .invalid(at: 0)
    }
  }

  public func write(to writer: inout BinaryWriter) {
    switch self {
    case .jump(let target):
      writer.write(UInt64(0))
      writer.write(target)
    case .branch(let t, let f, let then, let otherwise):
      writer.write(UInt64(1))
      writer.write(t)
      writer.write(f)
      writer.write(then)
      writer.write(otherwise)
    case .multi(let targets):
      writer.write(UInt64(2))
      writer.write(targets)
    case .returns(let value, let line):
      writer.write(UInt64(3))
      writer.write(value)
      writer.write(line)
    }
  }
}

extension Block: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      events: try reader.read(), terminator: try reader.read(), line: try reader.readInt(),
      isIteration: try reader.readBool())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(events)
    writer.write(terminator)
    writer.write(line)
    writer.write(isIteration)
  }
}

extension FunctionBody: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      name: try reader.readString(), isStatic: try reader.readBool(), line: try reader.readInt(),
      column: try reader.readInt(), endLine: try reader.readInt(),
      returnType: try reader.readOptionalString(), heldOnEntry: try reader.read(),
      blocks: try reader.read(), parameters: try reader.readStrings())
    parameterTypes = try reader.readStrings()
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(name)
    writer.write(isStatic)
    writer.write(line)
    writer.write(column)
    writer.write(endLine)
    writer.write(returnType)
    writer.write(heldOnEntry)
    writer.write(blocks)
    writer.write(parameters)
    writer.write(parameterTypes)
  }
}

extension StructDecl: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      name: try reader.readString(), isAnonymous: try reader.readBool(),
      fields: try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
        Field(name: try r.readString(), type: try r.readOptionalString())
      })
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(name)
    writer.write(isAnonymous)
    writer.write(fields) { w, f in
      w.write(f.name)
      w.write(f.type)
    }
  }
}

extension TypeAlias: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(name: try reader.readString(), target: try reader.readString())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(name)
    writer.write(target)
  }
}

extension TypedName: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      kind: try reader.readEnum(), name: try reader.readString(), type: try reader.readString(),
      isStatic: try reader.readBool())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(kind.rawValue)
    writer.write(name)
    writer.write(type)
    writer.write(isStatic)
  }
}

extension RegistrationSite: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      form: try reader.readEnum(), structType: try reader.readOptionalString(),
      base: try reader.readOptional(), field: try reader.readOptionalString(),
      name: try reader.readOptionalString(), function: try reader.readString(),
      handle: try reader.readOptionalString(), item: try reader.readOptional(),
      line: try reader.readInt(), column: try reader.readInt(),
      context: try reader.readOptionalString(), table: try reader.readOptionalString())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(form.rawValue)
    writer.write(structType)
    writer.write(base)
    writer.write(field)
    writer.write(name)
    writer.write(function)
    writer.write(handle)
    writer.write(item)
    writer.write(line)
    writer.write(column)
    writer.write(context)
    writer.write(table)
  }
}

extension Diagnostic: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      kind: try reader.readString(), file: try reader.readString(), line: try reader.readInt(),
      detail: try reader.readString())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(kind)
    writer.write(file)
    writer.write(line)
    writer.write(detail)
  }
}

extension FileModel: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    path = try reader.readString()
    functions = try reader.read()
    structs = try reader.read()
    typedefs = try reader.read()
    typedNames = try reader.read()
    registrations = try reader.read()
    enumConstants = try reader.readTable {
      (r: inout BinaryReader) throws(BinaryArchiveError) in try r.readInt()
    }
    functionsSkipped = try reader.readInt()
    diagnostics = try reader.read()
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(path)
    writer.write(functions)
    writer.write(structs)
    writer.write(typedefs)
    writer.write(typedNames)
    writer.write(registrations)
    writer.writeTable(enumConstants) { w, v in w.write(v) }
    writer.write(functionsSkipped)
    writer.write(diagnostics)
  }
}
