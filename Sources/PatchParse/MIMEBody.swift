/// Picks the text a patch mail carries out of its MIME structure, decoded to UTF-8 with LF
/// line ends: the text/plain body, then patch attachments, in message order, as `git am`
/// would read them one after the other.
struct MIMEBody {
  var limits: MessageLimits
  /// Turns a byte offset of the message into a located error.
  var locate: (_ offset: Int, _ problem: MailProblem) -> MailError

  /// The text parts of an entity with these headers and this body.
  /// The text parts, what was skipped, and whether the first part is `format=flowed`.
  struct Decoded {
    var parts: [String] = []
    var notes: [String] = []
    /// `format=flowed` on the first text part (the commit message's), with its `delsp`.
    var flowed: (isFlowed: Bool, deleteSpace: Bool) = (false, false)
    /// The text is the message body itself, line for line (one part, no transfer encoding),
    /// so a line of the text is a line of the input.
    var isVerbatim = false
  }

  func textParts(headers: HeaderBlock, body: ArraySlice<UInt8>) throws(MailError) -> Decoded {
    var decoded = Decoded()
    try collect(
      headers: headers, body: body, depth: 0, topLevel: true, into: &decoded.parts,
      notes: &decoded.notes, flowed: &decoded.flowed)
    let type = headers.text("content-type").map(ContentType.parse) ?? .plainText
    let encoding = (headers.text("content-transfer-encoding") ?? "").trimmingSpace().lowercased()
    decoded.isVerbatim =
      !type.isMultipart && decoded.parts.count == 1
      && ["", "7bit", "8bit", "binary"].contains(encoding)
    return decoded
  }

  private func collect(
    headers: HeaderBlock, body: ArraySlice<UInt8>, depth: Int, topLevel: Bool,
    into parts: inout [String], notes: inout [String],
    flowed: inout (isFlowed: Bool, deleteSpace: Bool)
  ) throws(MailError) {
    let type = headers.text("content-type").map(ContentType.parse) ?? .plainText
    if type.isMultipart {
      guard let boundary = type.parameters["boundary"], !boundary.isEmpty else {
        parts.append(decodeText(headers: headers, type: type, body: body))
        return
      }
      if depth >= limits.maxMIMEDepth { throw locate(body.startIndex, .tooDeep) }
      var children: [(HeaderBlock, ArraySlice<UInt8>)] = []
      let split = Self.split(body, boundary: Array(boundary.utf8))
      if !split.closed {
        notes.append("multipart/\(type.subtype) body has no closing boundary; read to the end")
      }
      for part in split.parts {
        let parsed = try HeaderBlock.parse(part, limits: limits) { offset, _, problem in
          locate(offset, problem)
        }
        children.append((parsed.block, part[parsed.bodyStart...]))
      }
      switch type.subtype {
      case "alternative":
        // The plain-text alternative carries the patch; HTML renderings never do.
        let chosen =
          children.first { Self.type(of: $0.0).mimeType == "text/plain" }
          ?? children.first { Self.type(of: $0.0).isMultipart }
        if let (childHeaders, childBody) = chosen {
          try collect(
            headers: childHeaders, body: childBody, depth: depth + 1, topLevel: false, into: &parts,
            notes: &notes, flowed: &flowed)
        }
      case "signed":
        // RFC 1847: the first part is the signed content, the second the signature.
        if let (childHeaders, childBody) = children.first {
          try collect(
            headers: childHeaders, body: childBody, depth: depth + 1, topLevel: false, into: &parts,
            notes: &notes, flowed: &flowed)
        }
      default:
        for (childHeaders, childBody) in children {
          try collect(
            headers: childHeaders, body: childBody, depth: depth + 1, topLevel: false, into: &parts,
            notes: &notes, flowed: &flowed)
        }
      }
      return
    }
    if Self.carriesPatchText(headers: headers, type: type, topLevel: topLevel) {
      if parts.isEmpty, type.parameters["format"]?.lowercased() == "flowed" {
        flowed = (true, type.parameters["delsp"]?.lowercased() == "yes")
      }
      parts.append(decodeText(headers: headers, type: type, body: body))
    }
  }

  private static func type(of headers: HeaderBlock) -> ContentType {
    headers.text("content-type").map(ContentType.parse) ?? .plainText
  }

  /// text/plain unless it is a named attachment that is not a patch; the patch types in
  /// either disposition; any text at the top level (a bare non-MIME mail).
  private static func carriesPatchText(
    headers: HeaderBlock, type: ContentType, topLevel: Bool
  ) -> Bool {
    let disposition = headers.text("content-disposition").map(ContentType.parse)
    let filename = (disposition?.parameters["filename"] ?? type.parameters["name"] ?? "")
      .lowercased()
    let patchName = filename.hasSuffix(".patch") || filename.hasSuffix(".diff")
    switch type.mimeType {
    case "text/x-patch", "text/x-diff", "text/x-diff-patch", "application/x-patch",
      "application/x-diff", "text/diff", "text/patch":
      return true
    case "text/plain":
      return disposition?.type != "attachment" || patchName
    case "application/octet-stream":
      return patchName
    default:
      return topLevel && (type.type == "text" && type.subtype != "html")
    }
  }

  private func decodeText(headers: HeaderBlock, type: ContentType, body: ArraySlice<UInt8>)
    -> String
  {
    let encoding = (headers.text("content-transfer-encoding") ?? "").trimmingSpace().lowercased()
    let bytes: [UInt8]
    switch encoding {
    case "base64": bytes = TransferEncoding.decodeBase64(body)
    case "quoted-printable": bytes = TransferEncoding.decodeQuotedPrintable(Array(body))
    default: bytes = Array(body)
    }
    return Self.normalizeLineEnds(Charset.decode(bytes, charset: type.parameters["charset"]))
  }

  static func normalizeLineEnds(_ text: String) -> String {
    guard text.utf8.contains(0x0D) else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var previousCR = false
    for byte in text.utf8 {
      if previousCR, byte != 0x0A { bytes.append(0x0D) }
      previousCR = byte == 0x0D
      if !previousCR { bytes.append(byte) }
    }
    if previousCR { bytes.append(0x0D) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The parts between `--boundary` lines; preamble and epilogue dropped, a missing closing
  /// boundary tolerated (the last part runs to the end). The line break before a boundary
  /// belongs to the boundary (RFC 2046 section 5.1.1).
  static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8])
    -> (parts: [ArraySlice<UInt8>], closed: Bool)
  {
    let marker = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
    var parts: [ArraySlice<UInt8>] = []
    var partStart: Int?
    var position = body.startIndex
    var previousLineEnd = body.startIndex
    while position < body.endIndex {
      let lineEnd = body[position...].firstIndex(of: 0x0A) ?? body.endIndex
      let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
      let line = body[position..<lineEnd]
      if line.starts(with: marker) {
        let rest = line.dropFirst(marker.count)
        let closing = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
        let tail = closing ? rest.dropFirst(2) : rest
        if tail.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
          if let start = partStart {
            parts.append(body[start..<max(start, previousLineEnd)])
          }
          if closing { return (parts, true) }
          partStart = next
          position = next
          previousLineEnd = next
          continue
        }
      }
      // Where this line's break starts: a boundary found next takes the break with it.
      previousLineEnd = lineEnd > position && body[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
      position = next
    }
    if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
    return (parts, false)
  }
}
