/// Statement-level parser for one function body that builds its control-flow graph of
/// lock-relevant events. Tolerant: an unreadable statement is skipped to its `;` with a
/// diagnostic; only a broken block structure gives up on the function.
struct FunctionParser {
  let tokens: [Token]
  let match: [Int32]
  var events: EventBuilder
  private(set) var blocks: [Block] = []
  private var current = 0
  private var breakTargets: [Int] = []
  private var continueTargets: [Int] = []
  private var switchTargets: [[Int]] = []
  private var switchHasDefault: [Bool] = []
  private var labels: [String: Int] = [:]
  private var gotos: [(block: Int, label: String, line: Int)] = []
  private(set) var failure: String?
  /// Statements open around the one being read; past `maxNesting` (or an expression past
  /// `ExpressionParser.maxDepth`) the function is skipped as `nesting-too-deep`, so hostile
  /// nesting cannot exhaust the stack.
  private var nesting = 0
  static let maxNesting = 256

  init(tokens: [Token], match: [Int32], events: EventBuilder) {
    self.tokens = tokens
    self.match = match
    self.events = events
  }

  private static let declarationStarts: Set<String> = [
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

  private mutating func newBlock(line: Int) -> Int {
    blocks.append(Block(line: line))
    return blocks.count - 1
  }

  private mutating func finish(_ terminator: Terminator) {
    blocks[current].terminator = terminator
  }

  private mutating func startUnreachable(line: Int) {
    current = newBlock(line: line)
  }

  private func closing(_ index: Int, limit: Int) -> Int { min(Int(match[index]), limit) }

  /// Index of the `;` ending the statement at `from` (bracket groups skipped).
  private func statementEnd(_ from: Int, limit: Int) -> Int {
    var k = from
    while k < limit {
      let t = tokens[k]
      if t.kind == .punctuator {
        if t.text == ";" { return k }
        if t.text == "(" || t.text == "[" || t.text == "{" { k = closing(k, limit: limit) }
      }
      k += 1
    }
    return limit
  }

  private mutating func expression(_ range: Range<Int>) -> Expr {
    var parser = ExpressionParser(tokens: tokens, match: match, range: range)
    let value = parser.parseAll()
    if parser.tooDeep { failure = "nesting-too-deep" }
    return value
  }

  private mutating func emit(_ expr: Expr) {
    blocks[current].events.append(contentsOf: events.events(of: expr))
  }

  private mutating func parenthesised(_ at: Int, limit: Int) -> (Expr, next: Int)? {
    guard at < limit, tokens[at].isPunct("(") else { return nil }
    let close = closing(at, limit: limit)
    return (expression((at + 1)..<close), close + 1)
  }

  private mutating func statement(_ i: Int, limit: Int) -> Int {
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
      switch t.text {
      case "if": return ifStatement(i, limit: limit)
      case "while": return whileStatement(i, limit: limit)
      case "do": return doStatement(i, limit: limit)
      case "for": return forStatement(i, limit: limit)
      case "switch": return switchStatement(i, limit: limit)
      case "case", "default":
        return caseLabel(i, limit: limit)
      case "return":
        let end = statementEnd(i + 1, limit: limit)
        let value = expression((i + 1)..<end)
        emit(value)
        finish(.returns(end == i + 1 ? .none : events.returnValue(of: value), line: line))
        startUnreachable(line: line)
        return end + 1
      case "goto":
        let end = statementEnd(i + 1, limit: limit)
        if i + 1 < end && tokens[i + 1].kind == .identifier {
          gotos.append((current, tokens[i + 1].text, line))
        }
        finish(.jump(-1))
        startUnreachable(line: line)
        return end + 1
      case "break", "continue":
        let targets = t.text == "break" ? breakTargets : continueTargets
        if let target = targets.last {
          finish(.jump(target))
        } else {
          events.diagnose("stray-\(t.text)", line: line, detail: "")
        }
        startUnreachable(line: line)
        return statementEnd(i + 1, limit: limit) + 1
      case "else":
        events.diagnose("stray-else", line: line, detail: "")
        return i + 1
      case "asm", "__asm__", "__asm":
        return statementEnd(i + 1, limit: limit) + 1
      default:
        if i + 1 < limit && tokens[i + 1].isPunct(":") {
          let target = newBlock(line: line)
          finish(.jump(target))
          current = target
          labels[t.text] = target
          return i + 2
        }
      }
    }
    return simpleStatement(i, limit: limit)
  }

  private mutating func branch(_ test: Expr, then: Int, otherwise: Int) {
    finish(.branch(whenTrue: events.facts(test, truth: true),
      whenFalse: events.facts(test, truth: false), then: then, otherwise: otherwise))
  }

  private mutating func ifStatement(_ i: Int, limit: Int) -> Int {
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
    if after < limit && tokens[after].isIdent("else") {
      let elseBlock = newBlock(line: Int(tokens[after].line))
      let saved = current
      current = conditionBlock
      branch(test, then: thenBlock, otherwise: elseBlock)
      current = elseBlock
      after = statement(after + 1, limit: limit)
      finish(.jump(join))
      _ = saved
    } else {
      current = conditionBlock
      branch(test, then: thenBlock, otherwise: join)
    }
    current = join
    return after
  }

  private static func isConstantTrue(_ e: Expr) -> Bool {
    switch e.stripped {
    case .number(let n): return n != "0"
    case .name(let n): return n == "true"
    default: return false
    }
  }

  private mutating func loop(
    head: Int, test: Expr?, bodyAt: Int, continueAt: Int?, limit: Int
  ) -> (body: Int, exit: Int, next: Int) {
    let line = bodyAt < limit ? Int(tokens[bodyAt].line) : 0
    let body = newBlock(line: line)
    let exit = newBlock(line: line)
    current = head
    if let test, !Self.isConstantTrue(test) {
      branch(test, then: body, otherwise: exit)
    } else {
      finish(.jump(body))
    }
    breakTargets.append(exit)
    continueTargets.append(continueAt ?? head)
    current = body
    let next = statement(bodyAt, limit: limit)
    breakTargets.removeLast()
    continueTargets.removeLast()
    return (body, exit, next)
  }

  private mutating func whileStatement(_ i: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    guard let (test, next) = parenthesised(i + 1, limit: limit) else {
      return statementEnd(i, limit: limit) + 1
    }
    let head = newBlock(line: line)
    finish(.jump(head))
    current = head
    emit(test)
    let condition = current
    let shape = loop(head: condition, test: test, bodyAt: next, continueAt: head, limit: limit)
    finish(.jump(head))
    current = shape.exit
    return shape.next
  }

  private mutating func doStatement(_ i: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    let body = newBlock(line: line)
    let test = newBlock(line: line)
    let exit = newBlock(line: line)
    finish(.jump(body))
    current = body
    breakTargets.append(exit)
    continueTargets.append(test)
    var next = statement(i + 1, limit: limit)
    breakTargets.removeLast()
    continueTargets.removeLast()
    finish(.jump(test))
    current = test
    if next < limit && tokens[next].isIdent("while"),
      let (condition, after) = parenthesised(next + 1, limit: limit)
    {
      emit(condition)
      if case .number("0") = condition.stripped {
        finish(.jump(exit))
      } else if Self.isConstantTrue(condition) {
        finish(.jump(body))
      } else {
        branch(condition, then: body, otherwise: exit)
      }
      next = statementEnd(after, limit: limit) + 1
    } else {
      events.diagnose("do-without-while", line: line, detail: "")
      finish(.jump(exit))
    }
    current = exit
    return next
  }

  private mutating func forStatement(_ i: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    guard i + 1 < limit, tokens[i + 1].isPunct("(") else {
      return statementEnd(i, limit: limit) + 1
    }
    let close = closing(i + 1, limit: limit)
    var parts: [Range<Int>] = []
    var start = i + 2
    var k = start
    while k < close {
      if tokens[k].isPunct(";") {
        parts.append(start..<k)
        start = k + 1
      } else if tokens[k].isPunct("(") || tokens[k].isPunct("[") || tokens[k].isPunct("{") {
        k = closing(k, limit: close)
      }
      k += 1
    }
    parts.append(start..<close)
    guard parts.count == 3 else {
      events.diagnose("for-header", line: line, detail: "")
      return close + 1
    }
    if declarationLike(parts[0].lowerBound, limit: parts[0].upperBound) {
      declaration(parts[0], line: line)
    } else {
      emit(expression(parts[0]))
    }
    let head = newBlock(line: line)
    let step = newBlock(line: line)
    blocks[step].isIteration = !parts[2].isEmpty
    finish(.jump(head))
    current = head
    let test: Expr? = parts[1].isEmpty ? nil : expression(parts[1])
    if let test { emit(test) }
    let condition = current
    let shape = loop(head: condition, test: test, bodyAt: close + 1, continueAt: step,
      limit: limit)
    finish(.jump(step))
    current = step
    emit(expression(parts[2]))
    finish(.jump(head))
    current = shape.exit
    return shape.next
  }

  /// `list_for_each_entry(pos, head, member) { … }`: a macro used as a loop header.
  private mutating func macroLoop(_ i: Int, close: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    let head = newBlock(line: line)
    blocks[head].isIteration = true
    finish(.jump(head))
    current = head
    emit(expression((i + 2)..<close))
    let body = newBlock(line: line)
    let exit = newBlock(line: line)
    finish(.multi([body, exit]))
    breakTargets.append(exit)
    continueTargets.append(head)
    current = body
    let next = statement(close + 1, limit: limit)
    breakTargets.removeLast()
    continueTargets.removeLast()
    finish(.jump(head))
    current = exit
    return next
  }

  private mutating func switchStatement(_ i: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    guard let (value, next) = parenthesised(i + 1, limit: limit) else {
      return statementEnd(i, limit: limit) + 1
    }
    emit(value)
    let dispatch = current
    let exit = newBlock(line: line)
    switchTargets.append([])
    switchHasDefault.append(false)
    breakTargets.append(exit)
    startUnreachable(line: line)
    let after = statement(next, limit: limit)
    finish(.jump(exit))
    breakTargets.removeLast()
    var targets = switchTargets.removeLast()
    if !switchHasDefault.removeLast() { targets.append(exit) }
    blocks[dispatch].terminator = .multi(targets)
    current = exit
    return after
  }

  private mutating func caseLabel(_ i: Int, limit: Int) -> Int {
    let line = Int(tokens[i].line)
    var k = i + 1
    var questions = 0
    while k < limit {
      let t = tokens[k]
      if t.isPunct("?") { questions += 1 }
      if t.isPunct(":") {
        if questions == 0 { break }
        questions -= 1
      }
      if t.isPunct("(") { k = closing(k, limit: limit) }
      if t.isPunct(";") || t.isPunct("{") { break }
      k += 1
    }
    let target = newBlock(line: line)
    finish(.jump(target))
    current = target
    if switchTargets.isEmpty {
      events.diagnose("case-outside-switch", line: line, detail: "")
    } else {
      switchTargets[switchTargets.count - 1].append(target)
      if tokens[i].text == "default" { switchHasDefault[switchHasDefault.count - 1] = true }
    }
    return k + 1
  }

  private func declarationLike(_ i: Int, limit: Int) -> Bool {
    guard i < limit, tokens[i].kind == .identifier else { return false }
    if Self.declarationStarts.contains(tokens[i].text) { return true }
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

  private mutating func simpleStatement(_ i: Int, limit: Int) -> Int {
    let end = statementEnd(i, limit: limit)
    // A macro call followed by a statement instead of `;` is a loop macro.
    if tokens[i].kind == .identifier, i + 1 < limit, tokens[i + 1].isPunct("(") {
      let close = closing(i + 1, limit: limit)
      if close + 1 < limit && close < end {
        let after = tokens[close + 1]
        if after.isPunct("{") || (after.kind == .identifier && after.text != "__acquires")
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

  private mutating func declaration(_ range: Range<Int>, line: Int) {
    let declarators = events.declare(range, tokens: tokens, match: match)
    for (name, initializer) in declarators {
      guard let initializer else { continue }
      let value = expression(initializer)
      emit(.assign("=", .name(name), value))
    }
  }
}
