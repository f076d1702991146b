/// Loops and `switch`: the statements that add back edges and multi-way branches.
extension FunctionParser {
  static func isConstantTrue(_ e: Expr) -> Bool {
    switch e.stripped {
    case .number(let n): return n != "0"
    case .name(let n): return n == "true"
    default: return false
    }
  }

  mutating func loop(
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

  mutating func whileStatement(_ i: Int, limit: Int) -> Int {
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

  mutating func doStatement(_ i: Int, limit: Int) -> Int {
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
    if next < limit && tokens[next].isWord(.while),
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

  mutating func forStatement(_ i: Int, limit: Int) -> Int {
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
  mutating func macroLoop(_ i: Int, close: Int, limit: Int) -> Int {
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

  mutating func switchStatement(_ i: Int, limit: Int) -> Int {
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

  mutating func caseLabel(_ i: Int, limit: Int) -> Int {
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
      if tokens[i].word == .default { switchHasDefault[switchHasDefault.count - 1] = true }
    }
    return k + 1
  }
}
