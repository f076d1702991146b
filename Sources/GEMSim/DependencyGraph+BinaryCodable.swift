import LockModelExtract

// Binary forms for the cached base graph. Stored properties in declaration order; a new
// property must be added here too (the corpus round-trip test compares every edge).

extension DependencyEdge: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      from: try reader.read(), to: try reader.read(),
      fromMode: try LockMode(code: reader.readUInt()),
      toMode: try LockMode(code: reader.readUInt()), function: try reader.readString(),
      location: try reader.read(), heldSince: try reader.read(), via: try reader.readSharedNames(),
      context: try reader.readOptionalString(), userHandle: try reader.readOptionalString(),
      isNew: try reader.readBool(), held: try reader.readSharedHeld(),
      toKind: try LockKind(code: reader.readUInt()),
      toSubclass: try reader.readInt(), irq: try reader.read(),
      entered: try reader.readOptionalString(), trylockedHeld: try reader.readInts())
    guessed = try reader.readBool()
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(from)
    writer.write(to)
    writer.write(fromMode.code)
    writer.write(toMode.code)
    writer.write(function)
    writer.write(location)
    writer.write(heldSince)
    writer.writeShared(via)
    writer.write(context)
    writer.write(userHandle)
    writer.write(isNew)
    writer.writeShared(held)
    writer.write(toKind.code)
    writer.write(toSubclass)
    writer.write(irq)
    writer.write(entered)
    writer.write(trylockedHeld)
    writer.write(guessed)
  }
}

extension SpinningRetry: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      retry: try reader.read(), context: try reader.readOptionalString(),
      holder: try reader.read())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(retry)
    writer.write(context)
    writer.write(holder)
  }
}

extension DependencyGraph: BinaryCodable {
  public init(from reader: inout BinaryReader) throws(BinaryArchiveError) {
    self.init(
      edges: try reader.read(), recursions: try reader.read(), usages: try reader.read(),
      spins: try reader.read(), imbalances: try reader.read())
  }

  public func write(to writer: inout BinaryWriter) {
    writer.write(edges)
    writer.write(recursions)
    writer.write(usages)
    writer.write(spins)
    writer.write(imbalances)
  }
}

extension LineShift {
  /// Whether a place of `edge` is in a changed file.
  func touches(_ edge: DependencyEdge) -> Bool {
    covers(edge.location.file) || covers(edge.heldSince.file)
      || edge.held.contains { covers($0.location.file) }
  }

  /// `edge` with its places moved; `nil` when one of them cannot be.
  func map(_ edge: DependencyEdge) -> DependencyEdge? {
    guard let location = map(edge.location), let heldSince = map(edge.heldSince) else {
      return nil
    }
    var moved = edge
    moved.location = location
    moved.heldSince = heldSince
    moved.held = []
    moved.held.reserveCapacity(edge.held.count)
    for held in edge.held {
      guard let m = map(held) else { return nil }
      moved.held.append(m)
    }
    return moved
  }
}
