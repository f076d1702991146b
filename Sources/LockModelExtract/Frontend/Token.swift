/// One lexical token of C source; preprocessor lines never reach the parser.
struct Token: Hashable, Sendable {
  enum Kind: UInt8, Hashable, Sendable {
    case identifier, number, string, character, punctuator
  }

  // The text first and the kind last: 32 bytes a token instead of 40, and the parser walks
  // these arrays many times over.
  var text: String
  var line: Int32
  var column: Int32
  /// A punctuator's bytes packed into an integer, so tests against one are a compare.
  var code: UInt32 = 0
  var kind: Kind

  init(kind: Kind, text: String, line: Int32, column: Int32) {
    self.kind = kind
    self.text = text
    self.line = line
    self.column = column
    if kind == .punctuator {
      var packed: UInt32 = 0
      for (i, b) in text.utf8.prefix(3).enumerated() { packed |= UInt32(b) << (8 * i) }
      code = packed
    }
  }

  /// A token whose punctuator code the caller packed already (the lexer, from the bytes).
  init(kind: Kind, text: String, line: Int32, column: Int32, code: UInt32) {
    self.kind = kind
    self.text = text
    self.line = line
    self.column = column
    self.code = code
  }

  static func code(_ p: StaticString) -> UInt32 {
    var packed: UInt32 = 0
    p.withUTF8Buffer { bytes in
      for i in 0..<min(bytes.count, 3) { packed |= UInt32(bytes[i]) << (8 * i) }
    }
    return packed
  }

  func isPunct(_ p: StaticString) -> Bool {
    kind == .punctuator && code == Self.code(p)
  }
  func isIdent(_ name: String) -> Bool { kind == .identifier && text == name }
}

/// A function-like macro whose body is `container_of(p, struct X, member)`: calling it
/// yields a `struct X *`, which lock-class naming needs (`to_intel_crtc(x)`).
struct ContainerMacro: Hashable, Sendable, Codable {
  var name: String
  var structType: String
}

/// Tokens of one file plus what the lexer learnt from preprocessor lines.
struct LexedFile: Sendable {
  var tokens: [Token]
  var containerMacros: [ContainerMacro]
}
