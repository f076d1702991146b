/// Precedence-climbing C expression parser over a token range. It never fails: what it
/// cannot read becomes `.unknown` and parsing resumes at the next token, so one odd macro
/// argument never hides the calls around it.
struct ExpressionParser {
  let tokens: [Lexeme]
  let texts: TokenTexts
  /// For each opening bracket, the index of its closing bracket (or the range end).
  let match: [Int32]
  var position: Int
  /// Where the range being read ends (a nested part's end while that is read).
  private(set) var end: Int
  /// Levels of expression around the one being read (nested parsers start at their
  /// parent's). Past `maxDepth` the rest of the range is skipped and `tooDeep` set, so
  /// hostile nesting (20 000 parentheses, a 100 000-term chain) cannot exhaust the stack.
  var depth = 0
  private(set) var tooDeep = false
  /// Far beyond any real kernel expression; small enough for a 512 KiB thread stack.
  static let maxDepth = 256

  init(tokens: [Lexeme], texts: TokenTexts, match: [Int32], range: Range<Int>) {
    self.tokens = tokens
    self.texts = texts
    self.match = match
    position = range.lowerBound
    end = range.upperBound
  }

  static let typeKeywords: Set<String> = [
    "struct", "union", "enum", "const", "volatile", "unsigned", "signed", "int", "char",
    "short", "long", "void", "bool", "_Bool", "float", "double", "typeof", "__typeof__",
    "__iomem", "__user", "__force", "restrict", "__restrict",
  ]

  private var atEnd: Bool { position >= end }

  /// Whether one more level fits under `maxDepth`; when not, gives up on the range.
  private mutating func descend() -> Bool {
    guard depth < Self.maxDepth else {
      tooDeep = true
      position = end
      return false
    }
    depth += 1
    return true
  }

  /// Runs `body` on `range` as a parser of its own would (its own end and `tooDeep`, this
  /// depth), then restores this one; `deep` says whether the nested part gave up, which
  /// stops this one too. The same parser serves: a new one a parenthesis or argument cost
  /// three array retains and releases.
  private mutating func nested<T>(
    _ range: Range<Int>, _ body: (inout ExpressionParser) -> T
  ) -> (value: T, deep: Bool) {
    let saved = (end: end, depth: depth, tooDeep: tooDeep)
    (position, end, tooDeep) = (range.lowerBound, range.upperBound, false)
    let value = body(&self)
    let deep = tooDeep
    (end, depth, tooDeep) = (saved.end, saved.depth, saved.tooDeep || deep)
    return (value, deep)
  }
  private var current: Lexeme? { position < end ? tokens[position] : nil }
  /// The text of the token at `position`.
  private var currentText: String { texts[position] }

  /// Points the parser at `range`, as if new, and parses it all; `tooDeep` says whether it
  /// gave up. Lets one parser serve a whole function body.
  mutating func parseAll(in range: Range<Int>) -> (Expr, tooDeep: Bool) {
    (position, end, depth, tooDeep) = (range.lowerBound, range.upperBound, 0, false)
    let value = parseAll()
    return (value, tooDeep)
  }

  /// Parses the whole range as a comma expression; leftovers are parsed too.
  mutating func parseAll() -> Expr {
    // The usual single expression comes back without an array made around it.
    guard !atEnd else { return .sequence([]) }
    var before = position
    let first = parseComma()
    if position == before { position += 1 }
    if atEnd { return first }
    var items = [first]
    while !atEnd {
      before = position
      items.append(parseComma())
      if position == before { position += 1 }
    }
    return .sequence(items)
  }

  mutating func parseComma() -> Expr {
    let first = parseAssignment()
    guard let t = current, t.isPunct(",") else { return first }
    var items = [first]
    while let t = current, t.isPunct(",") {
      position += 1
      items.append(parseAssignment())
    }
    return .sequence(items)
  }

  mutating func parseAssignment() -> Expr {
    guard descend() else { return .unknown }
    defer { depth -= 1 }
    let lhs = parseConditional()
    if let t = current, t.kind == .punctuator, Punct.isAssignment(t.code) {
      let op = currentText
      position += 1
      return .assign(op, lhs, parseAssignment())
    }
    return lhs
  }

  private mutating func parseConditional() -> Expr {
    guard descend() else { return .unknown }
    defer { depth -= 1 }
    let test = parseBinary(minimum: 4)
    guard let t = current, t.isPunct("?") else { return test }
    position += 1
    let yes = current?.isPunct(":") == true ? test : parseComma()
    if let c = current, c.isPunct(":") { position += 1 }
    return .conditional(test, yes, parseConditional())
  }

  private mutating func parseBinary(minimum: Int) -> Expr {
    let outer = depth
    defer { depth = outer }
    var lhs = parseUnary()
    while let t = current, t.kind == .punctuator,
      let precedence = Punct.binaryPrecedence(t.code), precedence >= minimum
    {
      guard descend() else { return lhs }
      let op = currentText
      position += 1
      let rhs = parseBinary(minimum: precedence + 1)
      lhs = .binary(op, lhs, rhs)
    }
    return lhs
  }

  private func closing(_ index: Int) -> Int { min(Int(match[index]), end) }

  /// Whether `(` at `index` opens a type name (a cast, compound literal or sizeof type).
  private func isTypeInParens(at index: Int) -> Bool {
    let close = closing(index)
    guard close > index + 1 else { return false }
    let first = tokens[index + 1]
    if first.traits.contains(.typeKeyword) { return true }
    var identifiers = 0
    for k in (index + 1)..<close {
      let t = tokens[k]
      if t.kind == .identifier {
        identifiers += 1
      } else if !t.isPunct("*") {
        return false
      }
    }
    if tokens[close - 1].isPunct("*") && identifiers >= 1 && first.kind == .identifier {
      return true
    }
    guard identifiers == 1, close == index + 2, close + 1 < end else { return false }
    let next = tokens[close + 1]
    switch next.kind {
    case .identifier, .number, .string, .character: return true
    case .punctuator:
      return next.code == Punct.openParen || next.code == Punct.bang || next.code == Punct.tilde
    }
  }

  private func typeName(in range: Range<Int>) -> String? {
    var sawTag = false
    var name: String?
    for k in range {
      let t = tokens[k]
      guard t.kind == .identifier else { continue }
      if t.word == .struct || t.word == .union {
        sawTag = true
      } else if sawTag {
        return texts[k]
      } else if !t.traits.contains(.typeKeyword) && name == nil {
        name = texts[k]
      }
    }
    return name
  }

  private mutating func parseUnary() -> Expr {
    guard descend() else { return .unknown }
    defer { depth -= 1 }
    guard let t = current else { return .unknown }
    if t.kind == .punctuator {
      switch t.code {
      case Punct.ampersand, Punct.star, Punct.bang, Punct.tilde, Punct.minus, Punct.plus,
        Punct.increment, Punct.decrement:
        let op = currentText
        position += 1
        return .unary(op, parseUnary())
      case Punct.openParen where isTypeInParens(at: position):
        let close = closing(position)
        let type = typeName(in: (position + 1)..<close)
        position = close + 1
        if let b = current, b.isPunct("{") {
          return .cast(type: type, parsePostfix(parseBraced()))
        }
        return .cast(type: type, parseUnary())
      default:
        break
      }
    }
    if t.kind == .identifier {
      switch t.word {
      case .sizeof, .alignof, .gnuAlignof, .typeof, .gnuTypeof, .offsetof:
        let name = currentText
        position += 1
        if let p = current, p.isPunct("(") {
          position = closing(position) + 1
        } else {
          _ = parseUnary()
        }
        return .number(name)
      default:
        break
      }
    }
    return parsePostfix(parsePrimary())
  }

  private mutating func parseBraced() -> Expr {
    let close = closing(position)
    let (items, deep) = nested((position + 1)..<close) { $0.bracedItems() }
    position = close + 1
    if deep { position = end }
    return .sequence(items)
  }

  /// The items of an initializer list or statement expression, up to `end`.
  private mutating func bracedItems() -> [Expr] {
    var items: [Expr] = []
    while !atEnd {
      let before = position
      if let t = current, t.isPunct("."), position + 2 < end,
        tokens[position + 1].kind == .identifier,
        tokens[position + 2].isPunct("=")
      {
        // A designator keeps its field and line: `.fault = fn` registers `fn`.
        let (field, name) = (tokens[position + 1], texts[position + 1])
        position += 3
        items.append(.assign(".\(field.line)", .name(name), parseAssignment()))
      } else {
        if let t = current, t.isPunct(".") || t.isPunct("[") {
          skipDesignator()
        }
        items.append(parseAssignment())
      }
      if let t = current, t.isPunct(",") || t.isPunct(";") { position += 1 }
      if position == before { position += 1 }
    }
    return items
  }

  private mutating func skipDesignator() {
    while let t = current, !t.isPunct("=") {
      if t.isPunct("[") { position = closing(position) }
      position += 1
      if position >= end { return }
    }
    position += 1
  }

  private mutating func parsePrimary() -> Expr {
    guard let t = current else { return .unknown }
    switch t.kind {
    case .identifier:
      position += 1
      if t.traits.contains(.typeKeyword) {
        let end = argumentEnd()
        let type = typeName(in: (position - 1)..<end)
        position = max(position, end)
        return .typeName(type)
      }
      return .name(texts[position - 1])
    case .number, .character:
      position += 1
      return .number(texts[position - 1])
    case .string:
      while let s = current, s.kind == .string { position += 1 }
      return .literal
    case .punctuator:
      if t.code == Punct.openParen {
        let close = closing(position)
        if position + 1 < close && tokens[position + 1].isPunct("{") {
          position += 1
          let body = parseBraced()
          position = close + 1
          return body
        }
        let (e, deep) = nested((position + 1)..<close) { $0.parseAll() }
        position = close + 1
        if deep { position = end }
        return e
      }
      if t.code == Punct.openBrace { return parseBraced() }
      position += 1
      return .unknown
    }
  }

  private func argumentEnd() -> Int {
    var k = position
    while k < end && !tokens[k].isPunct(",") && !tokens[k].isPunct(")")
      && !tokens[k].isPunct(";") && !tokens[k].isPunct("=")
    {
      if tokens[k].isPunct("(") || tokens[k].isPunct("[") { k = closing(k) }
      k += 1
    }
    return min(k, end)
  }

  private mutating func parsePostfix(_ base: Expr) -> Expr {
    let outer = depth
    defer { depth = outer }
    var e = base
    while let t = current, t.kind == .punctuator {
      guard descend() else { return e }
      switch t.code {
      case Punct.openParen:
        let close = closing(position)
        // The anchor first: reading the arguments moves `position`.
        let anchor = previousToken(before: position)
        let args = arguments(in: (position + 1)..<close)
        e = .call(callee: e, args: args, line: anchor.line, column: anchor.column)
        position = close + 1
      case Punct.openBracket:
        let close = closing(position)
        let (indexValue, deep) = nested((position + 1)..<close) { $0.parseAll() }
        e = .index(e, indexValue)
        position = close + 1
        if deep { position = end }
      case Punct.dot, Punct.arrow:
        position += 1
        guard let f = current, f.kind == .identifier else { return e }
        position += 1
        e = .member(e, field: texts[position - 1], arrow: t.code == Punct.arrow)
      case Punct.increment, Punct.decrement:
        position += 1
        e = .unary("post" + texts[position - 1], e)
      default:
        return e
      }
    }
    return e
  }

  private func previousToken(before index: Int) -> Lexeme {
    index > 0 ? tokens[index - 1] : tokens[index]
  }

  private mutating func arguments(in range: Range<Int>) -> [Expr] {
    var result: [Expr] = []
    var start = range.lowerBound
    var k = start
    while k <= range.upperBound {
      if k == range.upperBound || tokens[k].isPunct(",") {
        if k > start || k < range.upperBound {
          let (argument, deep) = nested(start..<k) { $0.parseAll() }
          result.append(argument)
          if deep { position = end }
          if tooDeep { return result }
        }
        start = k + 1
      } else if tokens[k].isPunct("(") || tokens[k].isPunct("[") || tokens[k].isPunct("{") {
        k = min(Int(match[k]), range.upperBound) - 1
      }
      k += 1
    }
    if range.isEmpty { return [] }
    return result
  }
}

extension Array where Element == Lexeme {
  /// Closing-bracket index for each opening `(`, `[`, `{` (unmatched ones close at the end).
  func bracketMatches() -> [Int32] {
    var match = [Int32](repeating: -1, count: count)
    var stack: [Int] = []
    var kinds: [Int] = []
    // Openers of each kind on the stack: a closer with none open is skipped without a
    // search, so a run of stray closers stays linear.
    var openCount = [0, 0, 0]
    for index in indices where self[index].kind == .punctuator {
      let code = self[index].code
      let open: Int? = code == Punct.openParen ? 0 : code == Punct.openBracket ? 1
        : code == Punct.openBrace ? 2 : nil
      let close: Int? = code == 0x29 ? 0 : code == 0x5D ? 1 : code == 0x7D ? 2 : nil
      if let kind = open {
        stack.append(index)
        kinds.append(kind)
        openCount[kind] += 1
      } else if let kind = close {
        if kinds.last == kind {
          // The usual case, the innermost opener closing: no search, no slices.
          match[stack.removeLast()] = Int32(index)
          kinds.removeLast()
          openCount[kind] -= 1
          continue
        }
        // A stray closer pops until its own kind, so `#ifdef` halves cannot cascade.
        if openCount[kind] > 0, let at = kinds.lastIndex(of: kind) {
          for open in stack[at...] { match[open] = Int32(index) }
          for popped in kinds[at...] { openCount[popped] -= 1 }
          stack.removeSubrange(at...)
          kinds.removeSubrange(at...)
        }
      }
    }
    for open in stack { match[open] = Int32(count) }
    return match
  }
}
