/// One lexical token of C source; preprocessor lines never reach the parser.
struct Token: Hashable, Sendable {
  enum Kind: UInt8, Hashable, Sendable {
    case identifier, number, string, character, punctuator
  }

  var kind: Kind
  var text: String
  var line: Int32
  var column: Int32

  func isPunct(_ p: String) -> Bool { kind == .punctuator && text == p }
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
