/// UTF-8 output of a JSON document under construction.
///
/// Bytes rather than a `String`: appending to a `String` piece by piece re-checks its
/// storage on every append, which made writing a tree's graph cost as much as lexing it.
/// Escaping is byte for byte the same as PatchParse's `jsonString`, so documents written
/// either way agree.
struct JSONBytes: Sendable {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// The document as text (it is valid UTF-8 by construction).
  var string: String { String(decoding: bytes, as: UTF8.self) }

  mutating func append(_ byte: UInt8) { bytes.append(byte) }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func append(_ other: JSONBytes) { bytes.append(contentsOf: other.bytes) }

  mutating func append(integer value: Int) {
    if value >= 0 && value < 10 {
      bytes.append(0x30 + UInt8(value))
    } else {
      bytes.append(contentsOf: String(value).utf8)
    }
  }

  /// `count` spaces of indentation.
  mutating func pad(_ count: Int) {
    bytes.append(contentsOf: repeatElement(0x20, count: count))
  }

  /// `text` as a JSON string: quotes, backslashes and control characters (and DEL) escaped,
  /// everything else copied as it is, in runs.
  mutating func quote(_ text: String) {
    bytes.append(0x22)
    func copy(_ utf8: UnsafeBufferPointer<UInt8>) {
      var runStart = 0
      for index in utf8.indices {
        let byte = utf8[index]
        guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        escape(byte)
        runStart = index + 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
    // A native string is read in place; only a bridged one is copied to be read.
    if text.utf8.withContiguousStorageIfAvailable(copy) == nil {
      var text = text
      text.withUTF8(copy)
    }
    bytes.append(0x22)
  }

  private mutating func escape(_ byte: UInt8) {
    switch byte {
    case 0x22: append("\\\"")
    case 0x5C: append("\\\\")
    case 0x0A: append("\\n")
    case 0x0D: append("\\r")
    case 0x09: append("\\t")
    case 0x08: append("\\b")
    case 0x0C: append("\\f")
    default:
      let hex: [UInt8] = Array("0123456789abcdef".utf8)
      append("\\u00")
      bytes.append(hex[Int(byte >> 4)])
      bytes.append(hex[Int(byte & 0x0F)])
    }
  }
}

extension JSONBytes {
  /// `"key": ` of an object member, `indent` columns in.
  mutating func field(_ key: String, indent: Int) {
    pad(indent)
    quote(key)
    append(": ")
  }
}
