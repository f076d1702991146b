import Foundation

/// Turns bytes in a mail charset into a Swift string, leniently: nothing here fails.
enum Charset {
  /// Decodes `bytes` declared as `charset` (a MIME charset name, any case).
  ///
  /// UTF-8 and ASCII that are not valid UTF-8 are read as Latin-1 when undeclared (old mailers
  /// sent 8-bit text without a charset) and with U+FFFD replacements when declared UTF-8.
  /// An unknown charset keeps the bytes as Latin-1 so nothing is lost.
  static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, charset: String?) -> String {
    let name = (charset ?? "").lowercased().trimmingCharacters(in: .whitespaces)
    if name.isEmpty || name == "utf-8" || name == "us-ascii", let text = validUTF8(bytes) {
      return text
    }
    if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
    switch name {
    case "utf-8", "utf8":
      return String(decoding: bytes, as: UTF8.self)
    case "", "us-ascii", "ascii", "unknown-8bit", "x-unknown":
      return validUTF8(bytes) ?? latin1(bytes)
    case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1":
      return latin1(bytes)
    case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
      return latin9(bytes)
    case "windows-1252", "cp1252", "x-cp1252":
      return windows1252(bytes)
    default:
      if let encoding = foundationEncoding(name),
        let text = String(bytes: Array(bytes), encoding: encoding)
      {
        return text
      }
      return latin1(bytes)
    }
  }

  static func validUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
    String(validating: bytes, as: UTF8.self)
  }

  static func latin1<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
    var scalars = String.UnicodeScalarView()
    for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
    return String(scalars)
  }

  /// ISO-8859-15 is Latin-1 with eight code points replaced (the euro sign among them).
  private static func latin9<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
    let changed: [UInt8: UInt32] = [
      0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152,
      0xBD: 0x0153, 0xBE: 0x0178,
    ]
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      let value = changed[byte] ?? UInt32(byte)
      scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
    }
    return String(scalars)
  }

  /// Windows-1252 differs from Latin-1 only in 0x80...0x9F.
  private static func windows1252<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
    let high: [UInt32] = [
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
      scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
    }
    return String(scalars)
  }

  /// The other ISO-8859 and Windows code pages come from Foundation where it has them; the raw
  /// values are CoreFoundation encodings with the bit Foundation uses to mark them.
  private static func foundationEncoding(_ name: String) -> String.Encoding? {
    var digits = Substring(name)
    for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso8859_"] where name.hasPrefix(prefix) {
      digits = name.dropFirst(prefix.count)
      guard let part = Int(digits), (2...16).contains(part) else { return nil }
      switch part {
      case 2: return .isoLatin2
      default: return String.Encoding(rawValue: 0x8000_0200 + UInt(part))
      }
    }
    for prefix in ["windows-", "cp", "x-cp"] where name.hasPrefix(prefix) {
      guard let page = Int(name.dropFirst(prefix.count)) else { return nil }
      switch page {
      case 1250: return .windowsCP1250
      case 1251: return .windowsCP1251
      case 1253: return .windowsCP1253
      case 1254: return .windowsCP1254
      case 1255...1258: return String.Encoding(rawValue: 0x8000_0500 + UInt(page - 1250))
      default: return nil
      }
    }
    switch name {
    case "koi8-r": return String.Encoding(rawValue: 0x8000_0A02)
    case "utf-16": return .utf16
    default: return nil
    }
  }
}
