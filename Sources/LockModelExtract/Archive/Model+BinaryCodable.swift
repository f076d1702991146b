// Binary forms of the model types a cached tree snapshot holds. Each writes its stored
// properties in declaration order; a property added to a type must be added here too (the
// round-trip test of the corpus snapshot compares every value).

extension SourceLocation: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      file: try reader.readString(), line: try reader.readInt(), column: try reader.readInt())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(file)
    writer.write(line)
    writer.write(column)
  }
}

extension LockClass: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(try reader.readString(), isResolved: try reader.readBool())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(name)
    writer.write(isResolved)
  }
}

extension IRQUsage: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    let bits = try reader.readUInt()
    self.init(
      inHardirq: bits & 1 != 0, inSoftirq: bits & 2 != 0, hardirqsDisabled: bits & 4 != 0,
      softirqsDisabled: bits & 8 != 0)
  }

  public func write(to writer: inout BinaryWriter) {
    var bits: UInt64 = 0
    if inHardirq { bits |= 1 }
    if inSoftirq { bits |= 2 }
    if hardirqsDisabled { bits |= 4 }
    if softirqsDisabled { bits |= 8 }
    writer.write(bits)
  }
}

extension HeldLock: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      lock: try reader.read(), kind: try LockKind(code: reader.readUInt()),
      mode: try LockMode(code: reader.readUInt()),
      subclass: try reader.readInt(), location: try reader.read(),
      via: try reader.readSharedNames(), maybe: try reader.readBool())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(lock)
    writer.write(kind.code)
    writer.write(mode.code)
    writer.write(subclass)
    writer.write(location)
    writer.writeShared(via)
    writer.write(maybe)
  }
}

extension Acquisition: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      lock: try reader.read(), kind: try LockKind(code: reader.readUInt()),
      mode: try LockMode(code: reader.readUInt()),
      subclass: try reader.readInt(), isTrylock: try reader.readBool(),
      acquireContext: try reader.readOptionalString(), irq: try reader.read(),
      held: try reader.readSharedHeld(), function: try reader.readString(),
      location: try reader.read(), via: try reader.readSharedNames(), maybe: try reader.readBool(),
      releasedBefore: try reader.read())
    guessed = try reader.readBool()
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(lock)
    writer.write(kind.code)
    writer.write(mode.code)
    writer.write(subclass)
    writer.write(isTrylock)
    writer.write(acquireContext)
    writer.write(irq)
    writer.writeShared(held)
    writer.write(function)
    writer.write(location)
    writer.writeShared(via)
    writer.write(maybe)
    writer.write(releasedBefore)
    writer.write(guessed)
  }
}

extension TrylockRetry: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    let lock: LockClass = try reader.read()
    let function = try reader.readString()
    let location: SourceLocation = try reader.read()
    let retry: Retry
    if try reader.readBool() {
      retry = .loop(backTo: try reader.read())
    } else {
      retry = .returns(code: try reader.readString(), at: try reader.read())
    }
    self.init(
      lock: lock, function: function, location: location, retry: retry,
      yieldsWith: try reader.readStrings())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(lock)
    writer.write(function)
    writer.write(location)
    switch retry {
    case .loop(let back):
      writer.write(true)
      writer.write(back)
    case .returns(let code, let at):
      writer.write(false)
      writer.write(code)
      writer.write(at)
    }
    writer.write(yieldsWith)
  }
}

extension Imbalance: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      lock: try reader.read(), function: try reader.readString(), location: try reader.read(),
      problem: try reader.readEnum())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(lock)
    writer.write(function)
    writer.write(location)
    writer.write(problem.rawValue)
  }
}

extension FunctionModel: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      name: try reader.readString(), location: try reader.read(), endLine: try reader.readInt(),
      isStatic: try reader.readBool(), acquisitions: try reader.read(),
      trylockRetries: try reader.read(), imbalances: try reader.read())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(name)
    writer.write(location)
    writer.write(endLine)
    writer.write(isStatic)
    writer.write(acquisitions)
    writer.write(trylockRetries)
    writer.write(imbalances)
  }
}

extension EntryPoint: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      function: try reader.readString(), context: try reader.readString(),
      held: try reader.read(), irq: try reader.read(), retriedOn: try reader.readStrings(),
      registeredAt: try reader.read(), userHandle: try reader.readOptionalString())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(function)
    writer.write(context)
    writer.write(held)
    writer.write(irq)
    writer.write(retriedOn)
    writer.write(registeredAt)
    writer.write(userHandle)
  }
}

extension TreeModel: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      functions: try reader.read(), entries: try reader.read(), fileCount: try reader.readInt(),
      functionsSkipped: try reader.readInt(), diagnostics: try reader.readStrings())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(functions)
    writer.write(entries)
    writer.write(fileCount)
    writer.write(functionsSkipped)
    writer.write(diagnostics)
  }
}

extension ExitLock: BinaryCodable {
  init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    lock = try reader.read()
    heldWhen = try reader.readBool() ? try reader.readEnum() : nil
    disablesHardirqs = try reader.readBool()
    disablesSoftirqs = try reader.readBool()
  }

  func write(to writer: inout BinaryWriter) {
    writer.write(lock)
    writer.write(heldWhen?.rawValue)
    writer.write(disablesHardirqs)
    writer.write(disablesSoftirqs)
  }
}

extension FunctionSummary: BinaryCodable {
  init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    acquisitions = try reader.read()
    exits = try reader.read()
    releases = try reader.read()
    trylockRetries = try reader.read()
    imbalances = try reader.read()
  }

  func write(to writer: inout BinaryWriter) {
    writer.write(acquisitions)
    writer.write(exits)
    writer.write(releases)
    writer.write(trylockRetries)
    writer.write(imbalances)
  }
}

// Lock kinds and modes as small numbers: they are in every acquisition, held lock and edge,
// and reading a string and matching it against the cases cost more than the rest of a
// held lock.
extension LockKind {
  private static let order: [LockKind] = [
    .mutex, .rwsem, .spinlock, .rwlock, .seqlock, .wwMutex, .pseudo,
  ]

  /// The kind `code` stands for.
  public init(code: UInt64) throws(BinaryArchiveError) {
    guard code < UInt64(Self.order.count) else { throw .invalid(at: 0) }
    self = Self.order[Int(code)]
  }

  /// The kind as a small number, stable across versions of the cache format.
  public var code: UInt64 {
    switch self {
    case .mutex: 0
    case .rwsem: 1
    case .spinlock: 2
    case .rwlock: 3
    case .seqlock: 4
    case .wwMutex: 5
    case .pseudo: 6
    }
  }
}

extension LockMode {
  /// The mode `code` stands for.
  public init(code: UInt64) throws(BinaryArchiveError) {
    switch code {
    case 0: self = .write
    case 1: self = .read
    default: throw .invalid(at: 0)
    }
  }

  /// The mode as a small number.
  public var code: UInt64 { self == .write ? 0 : 1 }
}
