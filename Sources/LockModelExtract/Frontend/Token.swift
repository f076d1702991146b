/// One lexical token of C source without its text (`LexedFile.texts` has that): 16 bytes
/// and nothing to retain, so the parsers, which look at every token many times, copy
/// them for free. Preprocessor lines never reach the parser.
struct Lexeme: Hashable, Sendable {
  var line: Int32
  var column: Int32
  /// A punctuator's bytes packed into an integer, so tests against one are a compare.
  var code: UInt32 = 0
  var kind: Token.Kind
  /// The keyword an identifier is, when the parsers test for it by name.
  var word: Word = .other
  /// The word lists an identifier belongs to (type keywords, qualifiers, …).
  var traits: Word.Traits = []

  // Always inlined, here and below: the tests then compile to a load and a compare.
  @inline(__always)
  func isPunct(_ p: StaticString) -> Bool {
    kind == .punctuator && code == Token.code(p)
  }
  /// Whether the token is the identifier `w`: one byte compared, no string.
  @inline(__always)
  func isWord(_ w: Word) -> Bool { word == w }
}

/// A token with its text, as tests and tools look at the lexer's output.
struct Token: Hashable, Sendable {
  enum Kind: UInt8, Hashable, Sendable {
    case identifier, number, string, character, punctuator
  }

  var text: String
  var lexeme: Lexeme
  var kind: Kind { lexeme.kind }
  var line: Int32 { lexeme.line }
  var column: Int32 { lexeme.column }

  @inline(__always)
  static func code(_ p: StaticString) -> UInt32 {
    var packed: UInt32 = 0
    p.withUTF8Buffer { bytes in
      for i in 0..<min(bytes.count, 3) { packed |= UInt32(bytes[i]) << (8 * i) }
    }
    return packed
  }

  func isPunct(_ p: StaticString) -> Bool { lexeme.isPunct(p) }
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
  var lexemes: [Lexeme]
  /// The text of each lexeme, by index.
  var texts: TokenTexts
  var containerMacros: [ContainerMacro]

  /// The tokens with their texts.
  var tokens: [Token] {
    lexemes.indices.map { Token(text: texts[$0], lexeme: lexemes[$0]) }
  }
}

/// Codes (`Token.code`) of the punctuators the expression parser switches over, as
/// literals: a `switch` on them is integer compares, where one on the text compared
/// strings and one on `Token.code("…")` calls ran per case.
enum Punct {
  static let star: UInt32 = 0x2A  // *
  static let slash: UInt32 = 0x2F  // /
  static let percent: UInt32 = 0x25  // %
  static let plus: UInt32 = 0x2B  // +
  static let minus: UInt32 = 0x2D  // -
  static let shiftLeft: UInt32 = 0x3C3C  // <<
  static let shiftRight: UInt32 = 0x3E3E  // >>
  static let less: UInt32 = 0x3C  // <
  static let lessEqual: UInt32 = 0x3D3C  // <=
  static let greater: UInt32 = 0x3E  // >
  static let greaterEqual: UInt32 = 0x3D3E  // >=
  static let equal: UInt32 = 0x3D3D  // ==
  static let notEqual: UInt32 = 0x3D21  // !=
  static let ampersand: UInt32 = 0x26  // &
  static let caret: UInt32 = 0x5E  // ^
  static let bar: UInt32 = 0x7C  // |
  static let and: UInt32 = 0x2626  // &&
  static let or: UInt32 = 0x7C7C  // ||
  static let assign: UInt32 = 0x3D  // =
  static let plusAssign: UInt32 = 0x3D2B  // +=
  static let minusAssign: UInt32 = 0x3D2D  // -=
  static let starAssign: UInt32 = 0x3D2A  // *=
  static let slashAssign: UInt32 = 0x3D2F  // /=
  static let percentAssign: UInt32 = 0x3D25  // %=
  static let ampersandAssign: UInt32 = 0x3D26  // &=
  static let barAssign: UInt32 = 0x3D7C  // |=
  static let caretAssign: UInt32 = 0x3D5E  // ^=
  static let shiftLeftAssign: UInt32 = 0x3D3C3C  // <<=
  static let shiftRightAssign: UInt32 = 0x3D3E3E  // >>=
  static let bang: UInt32 = 0x21  // !
  static let tilde: UInt32 = 0x7E  // ~
  static let increment: UInt32 = 0x2B2B  // ++
  static let decrement: UInt32 = 0x2D2D  // --
  static let openParen: UInt32 = 0x28  // (
  static let openBracket: UInt32 = 0x5B  // [
  static let openBrace: UInt32 = 0x7B  // {
  static let dot: UInt32 = 0x2E  // .
  static let arrow: UInt32 = 0x3E2D  // ->

  /// A binary operator's C precedence (higher binds tighter); nil for other punctuators.
  static func binaryPrecedence(_ code: UInt32) -> Int? {
    switch code {
    case star, slash, percent: 13
    case plus, minus: 12
    case shiftLeft, shiftRight: 11
    case less, lessEqual, greater, greaterEqual: 10
    case equal, notEqual: 9
    case ampersand: 8
    case caret: 7
    case bar: 6
    case and: 5
    case or: 4
    default: nil
    }
  }

  /// Whether the code is an assignment operator (`=`, `+=`, … `>>=`).
  static func isAssignment(_ code: UInt32) -> Bool {
    switch code {
    case assign, plusAssign, minusAssign, starAssign, slashAssign, percentAssign,
      ampersandAssign, barAssign, caretAssign, shiftLeftAssign, shiftRightAssign:
      true
    default: false
    }
  }
}

/// The texts of a file's tokens, cut from the source when read: most are never read
/// (punctuators, struct bodies, prototypes), and making a string for every token while
/// lexing was much of the lexer's time.
struct TokenTexts: Sendable {
  /// The lexed source, contiguous UTF-8.
  let source: String
  /// Token `k` is the bytes `spans[k].start..<spans[k].end` of `source` (one array, so
  /// the lexer appends once a token).
  let spans: [Span]

  struct Span: Sendable {
    var start: Int32
    var end: Int32
  }

  subscript(k: Int) -> String {
    let range = Int(spans[k].start)..<Int(spans[k].end)
    if let text = source.utf8.withContiguousStorageIfAvailable({
      String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
    }) {
      return text
    }
    let utf8 = source.utf8
    let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
    let to = utf8.index(from, offsetBy: range.count)
    return String(decoding: utf8[from..<to], as: UTF8.self)
  }
}
