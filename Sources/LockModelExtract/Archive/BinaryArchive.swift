/// A compact binary form for caches: variable-length integers and strings written once and
/// referred to by number after that (call chains and lock names repeat thousands of times
/// in a kernel tree's model).
///
/// Not a stable exchange format: a cache entry names the format version it was written
/// with and a reader that sees another version treats the entry as absent.
public struct BinaryWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []
  private var strings = StringTable()
  /// Arrays written whole once, by the address of their storage (the arrays themselves are
  /// kept, so an address cannot be reused while the writer lives): an acquisition's held
  /// locks are shared by every edge made from it, and call chains by every acquisition
  /// that went through the same callee.
  private var sharedHeld = SharedArrays<HeldLock>()
  private var sharedNames = SharedArrays<String>()

  /// An empty writer.
  public init() {}

  /// Appends an unsigned number in LEB128 form.
  public mutating func write(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// Appends a signed number (zigzag, so small negative numbers stay short).
  public mutating func write(_ value: Int) {
    write(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
  }

  /// Appends a flag as one byte.
  public mutating func write(_ value: Bool) {
    bytes.append(value ? 1 : 0)
  }

  /// Appends a string; a string seen before costs its number only.
  public mutating func write(_ value: String) {
    let (number, inserted) = strings.insert(value)
    if !inserted {
      write(UInt64(number + 1))
      return
    }
    write(UInt64(0))
    var copy = value
    copy.withUTF8 { utf8 in
      write(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  /// Appends whether the string is there, then the string.
  public mutating func write(_ value: String?) {
    write(value != nil)
    if let value { write(value) }
  }

  /// Appends a count, then each string.
  public mutating func write(_ values: [String]) {
    write(UInt64(values.count))
    for value in values { write(value) }
  }

  /// Appends a table's size, then each key (sorted, so a table always gives the same
  /// bytes) and its value.
  public mutating func writeTable<V>(
    _ table: [String: V], _ value: (inout BinaryWriter, V) -> Void
  ) {
    write(UInt64(table.count))
    for key in table.keys.sorted() {
      write(key)
      if let v = table[key] { value(&self, v) }
    }
  }

  /// Held locks, written once per shared storage.
  public mutating func writeShared(_ values: [HeldLock]) {
    if let known = sharedHeld.number(of: values) {
      write(UInt64(known + 1))
      return
    }
    write(UInt64(0))
    sharedHeld.add(values)
    write(values)
  }

  /// Names (a call chain), written once per shared storage.
  public mutating func writeShared(_ values: [String]) {
    if let known = sharedNames.number(of: values) {
      write(UInt64(known + 1))
      return
    }
    write(UInt64(0))
    sharedNames.add(values)
    write(values)
  }

  /// Appends a count, then each number.
  public mutating func write(_ values: [Int]) {
    write(UInt64(values.count))
    for value in values { write(value) }
  }

  /// Appends a count, then each element through `element`.
  public mutating func write<T>(_ values: [T], _ element: (inout BinaryWriter, T) -> Void) {
    write(UInt64(values.count))
    for value in values { element(&self, value) }
  }

  /// Appends values of a type that knows its binary form.
  public mutating func write<T: BinaryCodable>(_ values: [T]) {
    write(UInt64(values.count))
    for value in values { value.write(to: &self) }
  }

  /// Appends a value of a type that knows its binary form.
  public mutating func write<T: BinaryCodable>(_ value: T) {
    value.write(to: &self)
  }

  /// Appends whether the value is there, then the value.
  public mutating func write<T: BinaryCodable>(_ value: T?) {
    write(value != nil)
    if let value { value.write(to: &self) }
  }
}

/// Reads what a ``BinaryWriter`` wrote, in the same order.
public struct BinaryReader: Sendable {
  private let bytes: [UInt8]
  private var offset = 0
  private var strings: [String] = []
  private var sharedHeld: [[HeldLock]] = []
  private var sharedNames: [[String]] = []

  /// A reader at the start of `bytes`.
  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Whether every byte has been read.
  public var isAtEnd: Bool { offset == bytes.count }

  /// An unsigned number in LEB128 form.
  public mutating func readUInt() throws(BinaryArchiveError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < bytes.count, shift < 64 else { throw .truncated(at: offset) }
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7f) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// A signed number written by `write(_: Int)`.
  public mutating func readInt() throws(BinaryArchiveError) -> Int {
    let raw = try readUInt()
    return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
  }

  /// A count, checked against the bytes left so a corrupt entry cannot ask for gigabytes.
  public mutating func readCount() throws(BinaryArchiveError) -> Int {
    let raw = try readUInt()
    guard raw <= UInt64(bytes.count - offset) else { throw .truncated(at: offset) }
    return Int(raw)
  }

  /// A flag; any byte but 0 or 1 is invalid.
  public mutating func readBool() throws(BinaryArchiveError) -> Bool {
    guard offset < bytes.count else { throw .truncated(at: offset) }
    let byte = bytes[offset]
    offset += 1
    guard byte <= 1 else { throw .invalid(at: offset - 1) }
    return byte == 1
  }

  /// A string, new or one read before.
  public mutating func readString() throws(BinaryArchiveError) -> String {
    let tag = try readUInt()
    if tag > 0 {
      guard tag <= UInt64(strings.count) else { throw .invalid(at: offset) }
      return strings[Int(tag - 1)]
    }
    let count = try readCount()
    let string = String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    offset += count
    strings.append(string)
    return string
  }

  /// A string written by `write(_: String?)`.
  public mutating func readOptionalString() throws(BinaryArchiveError) -> String? {
    try readBool() ? try readString() : nil
  }

  /// Strings written by `write(_: [String])`.
  public mutating func readStrings() throws(BinaryArchiveError) -> [String] {
    let count = try readCount()
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try readString()) }
    return values
  }

  /// A table written by `writeTable(_:_:)`.
  public mutating func readTable<V>(
    _ value: (inout BinaryReader) throws(BinaryArchiveError) -> V
  ) throws(BinaryArchiveError) -> [String: V] {
    let count = try readCount()
    var table: [String: V] = [:]
    table.reserveCapacity(count)
    for _ in 0..<count {
      let key = try readString()
      table[key] = try value(&self)
    }
    return table
  }

  /// Held locks written by `writeShared(_:)`; a repeat is the same array, not a copy.
  public mutating func readSharedHeld() throws(BinaryArchiveError) -> [HeldLock] {
    try readShared(\.sharedHeld) { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.read()
    }
  }

  /// Names written by `writeShared(_:)`.
  public mutating func readSharedNames() throws(BinaryArchiveError) -> [String] {
    try readShared(\.sharedNames) { (r: inout BinaryReader) throws(BinaryArchiveError) in
      try r.readStrings()
    }
  }

  /// A number for an array seen before, or 0 and the array, which then joins `seen`.
  private mutating func readShared<T>(
    _ seen: WritableKeyPath<BinaryReader, [[T]]>,
    _ element: (inout BinaryReader) throws(BinaryArchiveError) -> [T]
  ) throws(BinaryArchiveError) -> [T] {
    let tag = try readUInt()
    if tag > 0 {
      guard tag <= UInt64(self[keyPath: seen].count) else { throw .invalid(at: offset) }
      return self[keyPath: seen][Int(tag - 1)]
    }
    let values = try element(&self)
    self[keyPath: seen].append(values)
    return values
  }

  /// Numbers written by `write(_: [Int])`.
  public mutating func readInts() throws(BinaryArchiveError) -> [Int] {
    let count = try readCount()
    var values: [Int] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try readInt()) }
    return values
  }

  /// A count, then that many elements through `element`.
  public mutating func readArray<T>(
    _ element: (inout BinaryReader) throws(BinaryArchiveError) -> T
  ) throws(BinaryArchiveError) -> [T] {
    let count = try readCount()
    var values: [T] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try element(&self)) }
    return values
  }

  /// Values written by `write(_: [T])`.
  public mutating func read<T: BinaryCodable>(
    _ type: [T].Type = [T].self
  ) throws(BinaryArchiveError) -> [T] {
    try readArray { (reader: inout BinaryReader) throws(BinaryArchiveError) in
      try T(from: &reader)
    }
  }

  /// A value written by `write(_: T)`.
  public mutating func read<T: BinaryCodable>(_ type: T.Type = T.self) throws(BinaryArchiveError)
    -> T
  {
    try T(from: &self)
  }

  /// A value written by `write(_: T?)`.
  public mutating func readOptional<T: BinaryCodable>(
    _ type: T.Type = T.self
  ) throws(BinaryArchiveError) -> T? {
    try readBool() ? try T(from: &self) : nil
  }

  /// A raw-value enum case, failing on a value this version does not know.
  public mutating func readEnum<T: RawRepresentable>(
    _ type: T.Type = T.self
  ) throws(BinaryArchiveError) -> T where T.RawValue == String {
    guard let value = T(rawValue: try readString()) else { throw .invalid(at: offset) }
    return value
  }
}

/// Why a cache entry could not be read back; callers treat it as a miss.
public enum BinaryArchiveError: Error, Hashable, Sendable {
  case truncated(at: Int)
  case invalid(at: Int)
}

/// A type with a ``BinaryWriter``/``BinaryReader`` form.
public protocol BinaryCodable {
  /// Reads a value written by ``write(to:)``.
  init(from reader: inout BinaryReader) throws(BinaryArchiveError)
  /// Appends the value.
  func write(to writer: inout BinaryWriter)
}

/// Strings written so far and their numbers: an open-addressing table with an FNV-1a hash
/// of the UTF-8 bytes, because a kernel tree's model writes about a million strings and
/// `Dictionary`'s seeded SipHash made interning the largest cost of storing it. In front of
/// it, a table keyed by the string's own 16 bytes: most strings written are copies sharing
/// one storage (or one small-string value), found there without reading their bytes.
struct StringTable: Sendable {
  private var keys: [String] = []
  /// Index into `keys` plus one; 0 is empty.
  private var slots = [Int32](repeating: 0, count: 1 << 12)
  private var identities: [(UInt64, UInt64)] = []
  private var identitySlots = [Int32](repeating: 0, count: 1 << 12)
  /// The number of the string each identity stands for.
  private var identityNumbers: [Int32] = []
  /// Each identity's string, kept alive so its storage address cannot be reused by
  /// another string while the writer lives.
  private var identityStrings: [String] = []

  /// The string's number, and whether it was new.
  mutating func insert(_ value: String) -> (Int, Bool) {
    guard MemoryLayout<String>.size == 16 else { return insertByContent(value) }
    let bits = unsafeBitCast(value, to: (UInt64, UInt64).self)
    if identities.count * 2 >= identitySlots.count { growIdentities() }
    let mask = identitySlots.count - 1
    var index = Int(truncatingIfNeeded: Self.mix(bits)) & mask
    while true {
      let slot = Int(identitySlots[index])
      if slot == 0 { break }
      let known = identities[slot - 1]
      if known.0 == bits.0 && known.1 == bits.1 { return (Int(identityNumbers[slot - 1]), false) }
      index = (index + 1) & mask
    }
    let (number, inserted) = insertByContent(value)
    identities.append(bits)
    identityNumbers.append(Int32(number))
    identityStrings.append(value)
    identitySlots[index] = Int32(identities.count)
    return (number, inserted)
  }

  private static func mix(_ bits: (UInt64, UInt64)) -> UInt64 {
    var h = bits.0 &* 0x9E37_79B9_7F4A_7C15 ^ bits.1
    h ^= h >> 32
    h = h &* 0xD6E8_FEB8_6659_FD93
    return h ^ (h >> 29)
  }

  private mutating func growIdentities() {
    identitySlots = [Int32](repeating: 0, count: identitySlots.count * 2)
    let mask = identitySlots.count - 1
    for (number, bits) in identities.enumerated() {
      var index = Int(truncatingIfNeeded: Self.mix(bits)) & mask
      while identitySlots[index] != 0 { index = (index + 1) & mask }
      identitySlots[index] = Int32(number + 1)
    }
  }

  private mutating func insertByContent(_ value: String) -> (Int, Bool) {
    if keys.count * 2 >= slots.count { grow() }
    let mask = slots.count - 1
    var index = Int(truncatingIfNeeded: Self.hash(value)) & mask
    while true {
      let slot = Int(slots[index])
      if slot == 0 {
        keys.append(value)
        slots[index] = Int32(keys.count)
        return (keys.count - 1, true)
      }
      if keys[slot - 1] == value { return (slot - 1, false) }
      index = (index + 1) & mask
    }
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for (number, key) in keys.enumerated() {
      var index = Int(truncatingIfNeeded: Self.hash(key)) & mask
      while slots[index] != 0 { index = (index + 1) & mask }
      slots[index] = Int32(number + 1)
    }
  }

  private static func hash(_ value: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    if let done = value.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
      var h = hash
      for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
      return h
    }) {
      return done ^ (done >> 29)
    }
    for byte in value.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash ^ (hash >> 29)
  }
}

/// A checksum over bytes, eight at a time, so a cache entry damaged on disk (a torn sector,
/// a bit flip) reads as a miss instead of as a model with indices that point nowhere.
public func archiveChecksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  bytes.withUnsafeBytes { raw in
    let words = raw.count / 8
    for index in 0..<words {
      let word = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
      hash = (hash ^ word) &* 0x100_0000_01b3
      hash ^= hash >> 31
    }
    for index in (words * 8)..<raw.count {
      hash = (hash ^ UInt64(raw[index])) &* 0x100_0000_01b3
    }
  }
  return hash ^ UInt64(bytes.count)
}

/// Arrays a writer has written, by the address of their storage; the arrays are kept, so an
/// address cannot be reused by another array while the writer lives.
struct SharedArrays<Element: Sendable>: Sendable {
  private var numbers: [UInt: Int] = [:]
  private var kept: [[Element]] = []

  func number(of values: [Element]) -> Int? {
    numbers[unsafeBitCast(values, to: UInt.self)]
  }

  mutating func add(_ values: [Element]) {
    numbers[unsafeBitCast(values, to: UInt.self)] = kept.count
    kept.append(values)
  }
}
