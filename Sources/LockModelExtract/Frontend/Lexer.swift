/// A tolerant C lexer over raw bytes: no preprocessor run, no include files.
///
/// Comments, strings, character literals and line continuations are handled; `#if 0`
/// regions are dropped (their `#else` kept); every other conditional keeps both branches,
/// because without a `.config` either may be the one that is built — unless a branch
/// leaves braces or parentheses open (two alternative function heads, `if (…) {` written
/// twice): then only the first branch is kept, so the block structure stays whole. Other
/// preprocessor
/// lines are skipped, except that `#define f(x) container_of(x, struct T, m)` is noted.
struct Lexer {
  private let text: String
  private let containerMacros: [String]

  /// - Parameter containerMacros: `container_of`-style macros whose wrappers are noted.
  init(text: String, containerMacros: [String] = []) {
    self.text = text
    self.containerMacros = containerMacros.sorted()
  }

  func lex() -> LexedFile {
    // The string's own UTF-8 storage is lexed in place: copying a tree's 80 MB of source
    // into arrays first cost as much as lexing its preprocessor lines.
    var text = text
    text.makeContiguousUTF8()
    // The token texts are cut from the same storage when read (a second reference, so
    // `withUTF8` below finds the string contiguous and copies nothing).
    let source = text
    return text.withUTF8 { buffer in
      var state = LexState(buffer: buffer, containerMacros: containerMacros.map { Array($0.utf8) })
      state.run()
      return LexedFile(lexemes: state.tokens,
        texts: TokenTexts(source: source, spans: state.spans),
        containerMacros: state.macros)
    }
  }
}

private struct LexState {
  let buffer: UnsafeBufferPointer<UInt8>
  var position = 0
  var line: Int32 = 1
  var lineStart = 0
  var atLineStart = true
  var tokens: [Lexeme] = []
  /// Where each token's bytes start and end: its text is made only if a parser reads it.
  var spans: [TokenTexts.Span] = []
  var macros: [ContainerMacro] = []
  /// Open conditional groups: where the second branch's tokens start (nil while in the
  /// first), and whether any branch so far leaves brackets unbalanced.
  private var groups: [(firstStart: Int, laterStart: Int?, branchStart: Int, uneven: Bool)] = []

  let containerMacros: [[UInt8]]
  /// Read once per file: the static's lazy-initialisation check stays out of the loop.
  private let words = Word.table

  init(buffer: UnsafeBufferPointer<UInt8>, containerMacros: [[UInt8]]) {
    self.buffer = buffer
    self.containerMacros = containerMacros
    tokens.reserveCapacity(buffer.count / 5)
    spans.reserveCapacity(buffer.count / 5)
  }

  private func byte(_ offset: Int) -> UInt8 {
    offset < buffer.count ? buffer[offset] : 0
  }

  private mutating func newline(at offset: Int) {
    line += 1
    lineStart = offset + 1
  }

  mutating func run() {
    while position < buffer.count {
      let c = buffer[position]
      switch c {
      case 0x0A:
        newline(at: position)
        position += 1
        atLineStart = true
      case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
        position += 1
      case 0x5C where byte(position + 1) == 0x0A:
        newline(at: position + 1)
        position += 2
      case 0x2F where byte(position + 1) == 0x2F:
        skipLineComment()
      case 0x2F where byte(position + 1) == 0x2A:
        skipBlockComment()
      case 0x23 where atLineStart:
        directive()
      default:
        atLineStart = false
        token()
      }
    }
  }

  private mutating func skipLineComment() {
    while true {
      position = buffer.firstIndex(of: 0x0A, 0x5C, 0x5C, from: position)
      guard position < buffer.count && buffer[position] != 0x0A else { return }
      if byte(position + 1) == 0x0A {
        newline(at: position + 1)
        position += 2
        continue
      }
      position += 1
    }
  }

  private mutating func skipBlockComment() {
    position += 2
    while position < buffer.count {
      position = buffer.firstIndex(of: 0x2A, 0x0A, 0x0A, from: position)
      guard position < buffer.count else { return }
      if buffer[position] == 0x2A && byte(position + 1) == 0x2F {
        position += 2
        return
      }
      if buffer[position] == 0x0A { newline(at: position) }
      position += 1
    }
  }

  private mutating func skipLogicalLine() -> Range<Int> {
    let start = position
    while position < buffer.count {
      position = buffer.firstIndex(of: 0x0A, 0x5C, 0x2F, from: position)
      guard position < buffer.count else { break }
      let c = buffer[position]
      if c == 0x0A { break }
      if c == 0x5C && byte(position + 1) == 0x0A {
        newline(at: position + 1)
        position += 2
        continue
      }
      if c == 0x5C && byte(position + 1) == 0x0D && byte(position + 2) == 0x0A {
        newline(at: position + 2)
        position += 3
        continue
      }
      if c == 0x2F && byte(position + 1) == 0x2A {
        skipBlockComment()
        continue
      }
      if c == 0x2F && byte(position + 1) == 0x2F {
        skipLineComment()
        break
      }
      position += 1
    }
    return start..<position
  }

  /// The directive named after `#` (spaces allowed between), consumed.
  private mutating func directiveName() -> Directive {
    while position < buffer.count && (buffer[position] == 0x20 || buffer[position] == 0x09) {
      position += 1
    }
    let start = position
    while position < buffer.count && Self.isIdentBody(buffer[position]) { position += 1 }
    return Directive(UnsafeBufferPointer(rebasing: buffer[start..<position]))
  }

  /// Whether the `#if` condition at the current position is a literal 0.
  private func conditionIsZero() -> Bool {
    var k = position
    while k < buffer.count && (buffer[k] == 0x20 || buffer[k] == 0x09 || buffer[k] == 0x28) {
      k += 1
    }
    guard byte(k) == 0x30 else { return false }
    let next = byte(k + 1)
    return !Self.isIdentBody(next)
  }

  private func contains(_ pattern: [UInt8], in range: Range<Int>) -> Bool {
    let n = pattern.count
    guard n > 0, range.count >= n else { return false }
    var k = range.lowerBound
    while k + n <= range.upperBound {
      if buffer[k] == pattern[0] {
        var j = 1
        while j < n && buffer[k + j] == pattern[j] { j += 1 }
        if j == n { return true }
      }
      k += 1
    }
    return false
  }

  private mutating func directive() {
    position += 1
    switch directiveName() {
    case .if where conditionIsZero():
      _ = skipLogicalLine()
      if skipDisabledRegion() {
        groups.append((tokens.count, nil, tokens.count, false))
      }
      return
    case .if, .ifdef, .ifndef:
      groups.append((tokens.count, nil, tokens.count, false))
    case .else, .elif:
      if var group = groups.popLast() {
        if !isBalanced(from: group.branchStart) { group.uneven = true }
        if group.laterStart == nil { group.laterStart = tokens.count }
        group.branchStart = tokens.count
        groups.append(group)
      }
    case .endif:
      if var group = groups.popLast() {
        if !isBalanced(from: group.branchStart) { group.uneven = true }
        if group.uneven, let later = group.laterStart, later < tokens.count {
          tokens.removeSubrange(later...)
          spans.removeSubrange(later...)
        }
      }
    case .define:
      // Only function-like macros can wrap container_of: `#define to_x(p) …`.
      var k = position
      while k < buffer.count && (buffer[k] == 0x20 || buffer[k] == 0x09) { k += 1 }
      while k < buffer.count && Self.isIdentBody(buffer[k]) { k += 1 }
      let functionLike = byte(k) == 0x28
      let range = skipLogicalLine()
      if functionLike, let macro = containerMacros.first(where: { contains($0, in: range) }) {
        noteContainerMacro(range, macro: String(decoding: macro, as: UTF8.self))
      }
      return
    case .otherIf, .other:
      break
    }
    _ = skipLogicalLine()
  }

  private func isBalanced(from start: Int) -> Bool {
    // Plain compares against local codes: a `switch` over static lets matched through `~=`
    // and a lazy-initialisation check on every token of every `#if` branch.
    let (openBrace, closeBrace) = (Token.code("{"), Token.code("}"))
    let (openParen, closeParen) = (Token.code("("), Token.code(")"))
    var braces = 0
    var parens = 0
    for t in tokens[start...] where t.kind == .punctuator {
      if t.code == openBrace {
        braces += 1
      } else if t.code == closeBrace {
        braces -= 1
      } else if t.code == openParen {
        parens += 1
      } else if t.code == closeParen {
        parens -= 1
      }
    }
    return braces == 0 && parens == 0
  }

  /// Skips an `#if 0` region; true when it stopped at an `#else`/`#elif` (kept), false at
  /// its `#endif`.
  private mutating func skipDisabledRegion() -> Bool {
    var depth = 0
    var lineBegins = true
    while position < buffer.count {
      let c = buffer[position]
      if c == 0x0A {
        newline(at: position)
        position += 1
        lineBegins = true
        continue
      }
      if c == 0x20 || c == 0x09 || c == 0x0D {
        position += 1
        continue
      }
      if c == 0x2F && byte(position + 1) == 0x2A {
        skipBlockComment()
        continue
      }
      if c == 0x23 && lineBegins {
        position += 1
        let name = directiveName()
        _ = skipLogicalLine()
        switch name {
        case .if, .ifdef, .ifndef, .otherIf:
          depth += 1
        case .endif:
          if depth == 0 { return false }
          depth -= 1
        case .else, .elif:
          if depth == 0 { return true }
        case .define, .other:
          break
        }
        continue
      }
      lineBegins = false
      position += 1
    }
    return false
  }

  /// `#define to_foo(x) container_of(x, struct foo, base)` makes `to_foo` a typed helper.
  private mutating func noteContainerMacro(_ range: Range<Int>, macro: String) {
    let body = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    let lexed = Lexer(text: body).lex()
    let (sub, texts) = (lexed.lexemes, lexed.texts)
    guard sub.count > 3, sub[0].kind == .identifier, sub[1].isPunct("("),
      let at = sub.indices.first(where: { sub[$0].kind == .identifier && texts[$0] == macro })
    else { return }
    var index = at
    while index + 1 < sub.count {
      if sub[index].isWord(.struct) && sub[index + 1].kind == .identifier {
        macros.append(ContainerMacro(name: texts[0], structType: texts[index + 1]))
        return
      }
      index += 1
    }
  }

  // Bit sets of the ASCII bytes, low and high half: a shift and a mask a byte, for these
  // run on every byte of every identifier. `$`, `_` and letters start one; digits too
  // continue one; every byte from 0x80 is taken for part of a UTF-8 name.
  private static let startLow: UInt64 = 1 << 0x24
  private static let startHigh: UInt64 = 0x07FF_FFFE_87FF_FFFE
  private static let digits: UInt64 = 0x03FF_0000_0000_0000

  @inline(__always)
  private static func isIdentStart(_ c: UInt8) -> Bool {
    c >= 0x80 || ((c < 0x40 ? startLow : startHigh) >> UInt64(c & 0x3F)) & 1 != 0
  }

  @inline(__always)
  private static func isIdentBody(_ c: UInt8) -> Bool {
    c >= 0x80 || ((c < 0x40 ? startLow | digits : startHigh) >> UInt64(c & 0x3F)) & 1 != 0
  }

  private mutating func emit(_ kind: Token.Kind, from start: Int) {
    let bytes = UnsafeBufferPointer(rebasing: buffer[start..<position])
    var code: UInt32 = 0
    var word = Word.other
    var traits: Word.Traits = []
    if kind == .punctuator {
      for k in 0..<min(3, position - start) { code |= UInt32(buffer[start + k]) << (8 * k) }
    } else if kind == .identifier {
      (word, traits) = words.classify(bytes)
    }
    tokens.append(Lexeme(line: line, column: Int32(start - lineStart + 1), code: code,
      kind: kind, word: word, traits: traits))
    spans.append(TokenTexts.Span(start: Int32(truncatingIfNeeded: start),
      end: Int32(truncatingIfNeeded: position)))
  }

  private mutating func token() {
    let start = position
    let startLine = line
    let startLineStart = lineStart
    let c = buffer[position]
    if Self.isIdentStart(c) {
      while position < buffer.count && Self.isIdentBody(buffer[position]) { position += 1 }
      emit(.identifier, from: start)
      return
    }
    if (c >= 0x30 && c <= 0x39) || (c == 0x2E && byte(position + 1) >= 0x30
      && byte(position + 1) <= 0x39)
    {
      while position < buffer.count {
        let d = buffer[position]
        if Self.isIdentBody(d) || d == 0x2E {
          position += 1
        } else if (d == 0x2B || d == 0x2D),
          [0x65, 0x45, 0x70, 0x50].contains(buffer[position - 1])
        {
          position += 1
        } else {
          break
        }
      }
      emit(.number, from: start)
      return
    }
    if c == 0x22 || c == 0x27 {
      position += 1
      while position < buffer.count && buffer[position] != c {
        if buffer[position] == 0x5C && byte(position + 1) == 0x0A {
          newline(at: position + 1)
          position += 2
          continue
        }
        if buffer[position] == 0x5C { position += 1 }
        if position < buffer.count && buffer[position] == 0x0A {
          // An unterminated literal ends at the line end; the lexer never runs away.
          break
        }
        position += 1
      }
      // The closing quote is part of the literal; a line end that cut it short is not, so
      // the main loop still counts that line.
      position = min(position, buffer.count)
      if position < buffer.count && buffer[position] == c { position += 1 }
      // A literal continued with `\` over lines is placed where it starts.
      let saved = (line, lineStart)
      (line, lineStart) = (startLine, startLineStart)
      emit(c == 0x22 ? .string : .character, from: start)
      (line, lineStart) = saved
      return
    }
    position += punctuatorLength(at: position)
    emit(.punctuator, from: start)
  }

  private func punctuatorLength(at offset: Int) -> Int {
    let a = buffer[offset]
    let b = byte(offset + 1)
    let c = byte(offset + 2)
    if (a == 0x3C && b == 0x3C && c == 0x3D) || (a == 0x3E && b == 0x3E && c == 0x3D)
      || (a == 0x2E && b == 0x2E && c == 0x2E)
    {
      return 3
    }
    switch (a, b) {
    case (0x2D, 0x3E), (0x2B, 0x2B), (0x2D, 0x2D), (0x3C, 0x3C), (0x3E, 0x3E),
      (0x3C, 0x3D), (0x3E, 0x3D), (0x3D, 0x3D), (0x21, 0x3D), (0x26, 0x26),
      (0x7C, 0x7C), (0x2B, 0x3D), (0x2D, 0x3D), (0x2A, 0x3D), (0x2F, 0x3D),
      (0x25, 0x3D), (0x26, 0x3D), (0x7C, 0x3D), (0x5E, 0x3D), (0x23, 0x23):
      return 2
    default:
      return 1
    }
  }
}
