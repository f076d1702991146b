/// Content-Transfer-Encoding decoders; both are lenient and linear.
enum TransferEncoding {
  /// Base64 with anything outside the alphabet skipped and missing padding tolerated.
  static func decodeBase64<Bytes: Collection<UInt8>>(_ text: Bytes) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(text.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in text {
      let value: UInt32
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
      case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
      case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
      case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
      default: continue
      }
      accumulator = (accumulator << 6) | value
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    return output
  }

  /// Quoted-printable; in headers (RFC 2047 Q) `_` is a space. A `=` not followed by two hex
  /// digits or a line break is kept as written, as mail readers do.
  static func decodeQuotedPrintable<Bytes: Collection<UInt8>>(
    _ text: Bytes, header: Bool = false
  ) -> [UInt8] where Bytes.Index == Int {
    var output: [UInt8] = []
    output.reserveCapacity(text.count)
    var position = text.startIndex
    while position < text.endIndex {
      let byte = text[position]
      if byte == UInt8(ascii: "=") {
        let next = position + 1
        if next < text.endIndex, text[next] == 0x0A {
          position = next + 1
          continue
        }
        if next + 1 < text.endIndex, text[next] == 0x0D, text[next + 1] == 0x0A {
          position = next + 2
          continue
        }
        if next + 1 < text.endIndex, let high = hex(text[next]), let low = hex(text[next + 1]) {
          output.append(high << 4 | low)
          position = next + 2
          continue
        }
        output.append(byte)
      } else if header, byte == UInt8(ascii: "_") {
        output.append(0x20)
      } else {
        output.append(byte)
      }
      position += 1
    }
    return output
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    default: return nil
    }
  }
}
