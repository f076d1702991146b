import Foundation
import LockModelExtract

/// The file layout every cache entry shares: a magic line, the format version, the key it
/// was written for, the sections' lengths and a checksum over them, then the sections, each
/// a `BinaryWriter` stream of its own (so several cores can write and read them at once).
struct CacheEntry {
  var magic: String
  var format: UInt64

  /// The entry's bytes.
  func encode(id: String, sections: [[UInt8]]) -> Data {
    var header = BinaryWriter()
    for byte in magic.utf8 { header.write(UInt64(byte)) }
    header.write(format)
    header.write(id)
    header.write(sections.map(\.count)) { w, length in w.write(UInt64(length)) }
    let body = sections.flatMap { $0 }
    header.write(archiveChecksum(body[...]))
    var data = Data(capacity: header.bytes.count + body.count)
    data.append(contentsOf: header.bytes)
    data.append(contentsOf: body)
    return data
  }

  /// The sections of an entry written for `id` with this magic and format; `nil` for
  /// anything else, a different count of sections, or a damaged body.
  func decode(_ data: Data, id: String, sections count: Int) -> [ArraySlice<UInt8>]? {
    let bytes = Array(data)
    var reader = BinaryReader(bytes)
    do {
      for byte in magic.utf8 where try reader.readUInt() != UInt64(byte) { return nil }
      guard try reader.readUInt() == format, try reader.readString() == id else { return nil }
      let lengths = try reader.readArray { (r: inout BinaryReader) throws(BinaryArchiveError) in
        try r.readCount()
      }
      let checksum = try reader.readUInt()
      let total = lengths.reduce(0, +)
      guard lengths.count == count, total <= bytes.count else { return nil }
      var start = bytes.count - total
      guard archiveChecksum(bytes[start...]) == checksum else { return nil }
      var sections: [ArraySlice<UInt8>] = []
      for length in lengths {
        sections.append(bytes[start..<start + length])
        start += length
      }
      return sections
    } catch {
      return nil
    }
  }

  /// Writes `data` at `path` whole (temporary file, then `rename(2)`), creating directories.
  static func write(_ data: Data, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try AtomicFile.write(data, to: path)
  }
}
