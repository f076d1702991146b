/// A parsed `Content-Type` (or `Content-Disposition`) value: the lowercased type and its
/// parameters with lowercased names and unquoted values.
struct ContentType: Hashable, Sendable {
  var type: String
  var subtype: String
  var parameters: [String: String]

  var mimeType: String { "\(type)/\(subtype)" }
  var isMultipart: Bool { type == "multipart" }

  /// `text/plain; charset=us-ascii`, the RFC 2045 default.
  static let plainText = ContentType(type: "text", subtype: "plain", parameters: [:])

  /// Reads `type/subtype; name=value; name="quoted value"`; RFC 2231 `name*=charset''text`
  /// values are percent-decoded. A value without a slash becomes the type with no subtype.
  static func parse(_ value: String) -> ContentType {
    let pieces = splitParameters(value)
    let head = (pieces.first ?? "").trimmingSpace().lowercased()
    let slash = head.firstIndex(of: "/")
    let type = slash.map { String(head[..<$0]) } ?? head
    let subtype = slash.map { String(head[head.index(after: $0)...]) } ?? ""
    var parameters: [String: String] = [:]
    // RFC 2231 continuations `name*0*=utf-8''a%20; name*1=b`: segments by number, joined.
    var segments: [String: [(number: Int, extended: Bool, value: String)]] = [:]
    for piece in pieces.dropFirst() {
      guard let equals = piece.firstIndex(of: "=") else { continue }
      var name = piece[..<equals].trimmingSpace().lowercased()
      var raw = piece[piece.index(after: equals)...].trimmingSpace()
      if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
        raw = String(raw.dropFirst().dropLast()).replacingBackslashEscapes()
      }
      let extended = name.hasSuffix("*")
      if extended { name.removeLast() }
      if let star = name.lastIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
        segments[String(name[..<star]), default: []].append((number, extended, raw))
        continue
      }
      if extended { raw = decodeExtended(raw) }
      if parameters[name] == nil { parameters[name] = raw }
    }
    for (name, parts) in segments where parameters[name] == nil {
      let ordered = parts.sorted { $0.number < $1.number }
      guard ordered.first?.extended == true else {
        parameters[name] = ordered.map(\.value).joined()
        continue
      }
      // The first segment names the charset (`utf-8''`); the rest continue its percent-text.
      parameters[name] = decodeExtended(ordered.map(\.value).joined())
    }
    return ContentType(
      type: type.trimmingSpace(), subtype: subtype.trimmingSpace(), parameters: parameters)
  }

  /// Splits at `;` outside quoted strings.
  private static func splitParameters(_ value: String) -> [String] {
    var pieces: [String] = []
    var current = ""
    var quoted = false
    var escaped = false
    for character in value {
      if escaped {
        escaped = false
      } else if character == "\\" && quoted {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
      } else if character == ";" && !quoted {
        pieces.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    pieces.append(current)
    return pieces
  }

  /// RFC 2231: `utf-8'en'%E2%82%AC`.
  private static func decodeExtended(_ value: String) -> String {
    let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3 else { return value }
    var bytes: [UInt8] = []
    var utf8 = Array(parts[2].utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "%"), utf8.count >= 2,
        let decoded = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(decoded)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return Charset.decode(bytes, charset: String(parts[0]))
  }
}

extension StringProtocol {
  func trimmingSpace() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    var output = String.UnicodeScalarView()
    output.append(contentsOf: scalars[first...last])
    return String(output)
  }

  func replacingBackslashEscapes() -> String {
    var output = ""
    var escaped = false
    for character in self {
      if !escaped, character == "\\" {
        escaped = true
        continue
      }
      escaped = false
      output.append(character)
    }
    return output
  }
}
