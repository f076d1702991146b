/// Statement-level parser for one function body that builds its control-flow graph of
/// lock-relevant events. Tolerant: an unreadable statement is skipped to its `;` with a
/// diagnostic; only a broken block structure gives up on the function.
struct FunctionParser {
  let tokens: [Lexeme]
  let texts: TokenTexts
  let match: [Int32]
  var events: EventBuilder
  var blocks: [Block] = []
  var current = 0
  var breakTargets: [Int] = []
  var continueTargets: [Int] = []
  var switchTargets: [[Int]] = []
  var switchHasDefault: [Bool] = []
  var labels: [String: Int] = [:]
  var gotos: [(block: Int, label: String, line: Int)] = []
  var failure: String?
  /// Statements open around the one being read; past `maxNesting` (or an expression past
  /// `ExpressionParser.maxDepth`) the function is skipped as `nesting-too-deep`, so hostile
  /// nesting cannot exhaust the stack.
  private var nesting = 0
  static let maxNesting = 256
  /// One expression parser for the whole body, pointed at each expression in turn: a new
  /// one a statement copied the token, text and bracket arrays.
  private var expressions: ExpressionParser

  init(tokens: [Lexeme], texts: TokenTexts, match: [Int32], events: EventBuilder) {
    self.tokens = tokens
    self.texts = texts
    self.match = match
    self.events = events
    expressions = ExpressionParser(tokens: tokens, texts: texts, match: match, range: 0..<0)
  }

  static let declarationStarts: Set<String> = [
    "struct", "union", "enum", "const", "volatile", "unsigned", "signed", "int", "char",
    "short", "long", "void", "bool", "_Bool", "float", "double", "static", "register",
    "extern", "auto", "typeof", "__typeof__", "u8", "u16", "u32", "u64", "s8", "s16", "s32",
    "s64", "size_t", "ssize_t", "loff_t", "dma_addr_t", "resource_size_t", "__le32",
    "__be32", "uint32_t", "uint64_t", "int32_t", "int64_t", "uint8_t", "phys_addr_t",
  ]

  /// Parses the body `{ … }` whose opening brace is at `open`.
  mutating func parseBody(open: Int, endLine: Int) {
    current = newBlock(line: Int(tokens[open].line))
    let close = Int(match[open])
    var k = open + 1
    while k < close && failure == nil { k = statement(k, limit: close) }
    finish(.returns(.none, line: endLine))
    for g in gotos {
      if let target = labels[g.label] {
        blocks[g.block].terminator = .jump(target)
      } else {
        events.diagnose("goto-unknown-label", line: g.line, detail: g.label)
        blocks[g.block].terminator = .returns(.unknown, line: g.line)
      }
    }
  }

  /// The event builder, moved out (see `EventBuilder.handOver`).
  mutating func handOver() -> EventBuilder { events.handOver() }

  mutating func newBlock(line: Int) -> Int {
    blocks.append(Block(line: line))
    return blocks.count - 1
  }

  mutating func finish(_ terminator: Terminator) {
    blocks[current].terminator = terminator
  }

  mutating func startUnreachable(line: Int) {
    current = newBlock(line: line)
  }

  func closing(_ index: Int, limit: Int) -> Int { min(Int(match[index]), limit) }

  /// Index of the `;` ending the statement at `from` (bracket groups skipped).
  func statementEnd(_ from: Int, limit: Int) -> Int {
    let (semicolon, openBrace) = (Token.code(";"), Token.code("{"))
    let (openParen, openBracket) = (Token.code("("), Token.code("["))
    var k = from
    while k < limit {
      let t = tokens[k]
      if t.kind == .punctuator {
        if t.code == semicolon { return k }
        if t.code == openParen || t.code == openBracket || t.code == openBrace {
          k = closing(k, limit: limit)
        }
      }
      k += 1
    }
    return limit
  }

  mutating func expression(_ range: Range<Int>) -> Expr {
    let (value, tooDeep) = expressions.parseAll(in: range)
    if tooDeep { failure = "nesting-too-deep" }
    return value
  }

  mutating func emit(_ expr: Expr) {
    events.append(eventsOf: expr, to: &blocks[current].events)
  }

  mutating func parenthesised(_ at: Int, limit: Int) -> (Expr, next: Int)? {
    guard at < limit, tokens[at].isPunct("(") else { return nil }
    let close = closing(at, limit: limit)
    return (expression((at + 1)..<close), close + 1)
  }

  mutating func statement(_ i: Int, limit: Int) -> Int {
    guard i < limit else { return limit }
    guard nesting < Self.maxNesting else {
      failure = "nesting-too-deep"
      return limit
    }
    nesting += 1
    defer { nesting -= 1 }
    let t = tokens[i]
    let line = Int(t.line)
    events.line = line
    if t.isPunct("{") {
      let close = closing(i, limit: limit)
      var k = i + 1
      while k < close && failure == nil { k = statement(k, limit: close) }
      return close + 1
    }
    if t.isPunct(";") { return i + 1 }
    if t.isPunct("}") {
      failure = "unbalanced-braces"
      return limit
    }
    if t.kind == .identifier {
      switch t.word {
      case .if: return ifStatement(i, limit: limit)
      case .while: return whileStatement(i, limit: limit)
      case .do: return doStatement(i, limit: limit)
      case .for: return forStatement(i, limit: limit)
      case .switch: return switchStatement(i, limit: limit)
      case .case, .default:
        return caseLabel(i, limit: limit)
      case .return:
        let end = statementEnd(i + 1, limit: limit)
        let value = expression((i + 1)..<end)
        // `return trylock(x) ? 0 : -EBUSY;`: each arm is its own return, after a branch on
        // the test, so a caller learns the result that means "held".
        if case .conditional(let test, let yes, let no) = value.stripped,
          events.returnValue(of: yes).isConstant, events.returnValue(of: no).isConstant
        {
          emit(test)
          let whenYes = newBlock(line: line)
          let whenNo = newBlock(line: line)
          branch(test, then: whenYes, otherwise: whenNo)
          current = whenYes
          finish(.returns(events.returnValue(of: yes), line: line))
          current = whenNo
          finish(.returns(events.returnValue(of: no), line: line))
          startUnreachable(line: line)
          return end + 1
        }
        emit(value)
        finish(.returns(end == i + 1 ? .none : events.returnValue(of: value), line: line))
        startUnreachable(line: line)
        return end + 1
      case .goto:
        let end = statementEnd(i + 1, limit: limit)
        if i + 1 < end && tokens[i + 1].kind == .identifier {
          gotos.append((current, texts[i + 1], line))
        }
        finish(.jump(-1))
        startUnreachable(line: line)
        return end + 1
      case .break, .continue:
        let targets = t.word == .break ? breakTargets : continueTargets
        if let target = targets.last {
          finish(.jump(target))
        } else {
          events.diagnose("stray-\(texts[i])", line: line, detail: "")
        }
        startUnreachable(line: line)
        return statementEnd(i + 1, limit: limit) + 1
      case .else:
        events.diagnose("stray-else", line: line, detail: "")
        return i + 1
      case .asm, .gnuAsm, .gnuAsmShort:
        return statementEnd(i + 1, limit: limit) + 1
      default:
        if i + 1 < limit && tokens[i + 1].isPunct(":") {
          let target = newBlock(line: line)
          finish(.jump(target))
          current = target
          labels[texts[i]] = target
          return i + 2
        }
      }
    }
    return simpleStatement(i, limit: limit)
  }

  mutating func branch(_ test: Expr, then: Int, otherwise: Int) {
    finish(.branch(whenTrue: events.facts(test, truth: true),
      whenFalse: events.facts(test, truth: false), then: then, otherwise: otherwise))
  }

  mutating func ifStatement(_ i: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    guard let (test, next) = parenthesised(i + 1, limit: limit) else {
      events.diagnose("if-without-condition", line: line, detail: "")
      return statementEnd(i, limit: limit) + 1
    }
    emit(test)
    let thenBlock = newBlock(line: line)
    let join = newBlock(line: line)
    var after = next
    let conditionBlock = current
    current = thenBlock
    after = statement(after, limit: limit)
    finish(.jump(join))
    if after < limit && tokens[after].isWord(.else) {
      let elseBlock = newBlock(line: Int(tokens[after].line))
      current = conditionBlock
      branch(test, then: thenBlock, otherwise: elseBlock)
      current = elseBlock
      after = statement(after + 1, limit: limit)
      finish(.jump(join))
    } else {
      current = conditionBlock
      branch(test, then: thenBlock, otherwise: join)
    }
    current = join
    return after
  }

  func declarationLike(_ i: Int, limit: Int) -> Bool {
    guard i < limit, tokens[i].kind == .identifier else { return false }
    if tokens[i].traits.contains(.declarationStart) { return true }
    guard i + 1 < limit else { return false }
    let next = tokens[i + 1]
    if next.kind == .identifier { return true }
    if next.isPunct("*") && i + 2 < limit && tokens[i + 2].kind == .identifier
      && i + 3 < limit
    {
      let after = tokens[i + 3]
      return after.isPunct("=") || after.isPunct(";") || after.isPunct(",")
        || after.isPunct("[")
    }
    return false
  }

  mutating func simpleStatement(_ i: Int, limit: Int) -> Int {
    let end = statementEnd(i, limit: limit)
    // A macro call followed by a statement instead of `;` is a loop macro.
    if tokens[i].kind == .identifier, i + 1 < limit, tokens[i + 1].isPunct("(") {
      let close = closing(i + 1, limit: limit)
      if close + 1 < limit && close < end {
        let after = tokens[close + 1]
        if after.isPunct("{") || (after.kind == .identifier && after.word != .acquires)
        {
          return macroLoop(i, close: close, limit: limit)
        }
      }
    }
    if declarationLike(i, limit: end) {
      declaration(i..<end, line: Int(tokens[i].line))
    } else {
      emit(expression(i..<end))
    }
    return end + 1
  }

  mutating func declaration(_ range: Range<Int>, line: Int) {
    let declarators = events.declare(range, tokens: tokens, texts: texts, match: match)
    for (name, initializer) in declarators {
      guard let initializer else { continue }
      let value = expression(initializer)
      emit(.assign("=", .name(name), value))
    }
  }
}
