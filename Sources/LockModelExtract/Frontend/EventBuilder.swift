/// Turns expressions into lock events for one function, using the knowledge base and the
/// function's declarations (parameters and locals) to name locks.
struct EventBuilder {
  let knowledge: KnowledgeBase
  let file: String
  /// Variable → struct tag or typedef name ("" for a basic type).
  var locals: [String: String] = [:]
  var diagnostics: [Diagnostic] = []
  var registrations: [RegistrationSite] = []
  /// Line of the statement being read, for events that carry no token of their own.
  var line = 0
  // The knowledge base's registrations by name and field, made on first use: most files
  // (headers) have no body or initializer to read, and making them for every file showed
  // in profiles of the whole tree.
  private var registrationFields: Set<String> = []
  private var registrationsByName: [String: [Registration]] = [:]
  private var registrationTablesMade = false
  /// Everything the knowledge base says about a called name, memoised per file.
  private var roles: [String: CallRole] = [:]

  /// Small on purpose: it is copied out for every call, and holding the primitive's whole
  /// entry (a dozen strings and arrays) made each copy a dozen retains; the few calls that
  /// are primitives look the entry up again.
  private struct CallRole {
    var isPrimitive = false
    var registrations: [Registration] = []
    var assertsArgument = false
  }

  init(knowledge: KnowledgeBase, file: String) {
    self.knowledge = knowledge
    self.file = file
  }

  private mutating func makeRegistrationTables() {
    guard !registrationTablesMade else { return }
    registrationTablesMade = true
    for r in knowledge.registrations {
      if let m = r.macro { registrationsByName[m, default: []].append(r) }
      if let c = r.call { registrationsByName[c, default: []].append(r) }
      if let f = r.field { registrationFields.insert(f) }
    }
  }

  /// This builder, moved out: the builder left behind keeps no reference to the tables, so
  /// the new owner's first insert does not copy them (the memoised roles run to hundreds
  /// of names; copying them for every function was 1 % of a whole-tree run).
  mutating func handOver() -> EventBuilder {
    let moved = self
    locals = [:]
    diagnostics = []
    registrations = []
    roles = [:]
    return moved
  }

  mutating func diagnose(_ kind: String, line: Int, detail: String) {
    diagnostics.append(Diagnostic(kind: kind, file: file, line: line, detail: detail))
  }

  static func valueID(line: Int32, column: Int32) -> String {
    // Digits written into a stack buffer: this runs for every call in the tree, and
    // interpolation or concatenation built three strings for one. Same text as
    // "@\(line):\(column)".
    guard line >= 0, column >= 0 else { return "@\(line):\(column)" }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      var n = 0
      func put(_ value: Int32) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
          digits += 1
          rest /= 10
        }
        var v = value
        for k in stride(from: n + digits - 1, through: n, by: -1) {
          buffer[k] = 0x30 + UInt8(v % 10)
          v /= 10
        }
        n += digits
      }
      buffer[0] = 0x40
      n = 1
      put(line)
      buffer[n] = 0x3A
      n += 1
      put(column)
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<n]), as: UTF8.self)
    }
  }

  private static func isConstantName(_ name: String) -> Bool {
    name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
      && name.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }
  }

  mutating func events(of expr: Expr) -> [Event] {
    var out: [Event] = []
    walk(expr, into: &out)
    return out
  }

  /// Appends the events of `expr` to `out` (a block's list), with no array in between.
  mutating func append(eventsOf expr: Expr, to out: inout [Event]) {
    walk(expr, into: &out)
  }

  private mutating func walk(_ expr: Expr, into out: inout [Event]) {
    switch expr {
    case .call(let callee, let args, let line, let column):
      call(callee: callee, args: args, line: line, column: column, into: &out)
    case .assign(let op, let lhs, let rhs):
      walk(rhs, into: &out)
      if !op.hasPrefix(".") {
        walk(lhs, into: &out)
        assignment(op: op, lhs: lhs, rhs: rhs, into: &out)
      }
    case .member(let base, _, _), .unary(_, let base), .cast(_, let base):
      walk(base, into: &out)
    case .index(let a, let b), .binary(_, let a, let b):
      walk(a, into: &out)
      walk(b, into: &out)
    case .conditional(let a, let b, let c):
      walk(a, into: &out)
      walk(b, into: &out)
      walk(c, into: &out)
    case .sequence(let items):
      for item in items { walk(item, into: &out) }
    case .name, .number, .literal, .typeName, .unknown:
      break
    }
  }

  private mutating func assignment(op: String, lhs: Expr, rhs: Expr, into out: inout [Event]) {
    let target = lhs.stripped
    if case .name(let variable) = target {
      var source: String?
      if op == "=" {
        switch rhs.stripped {
        case .call(_, _, let l, let c): source = Self.valueID(line: l, column: c)
        case .name(let n) where Self.isConstantName(n): source = "=" + n
        case .number(let n): source = "=" + n
        case .unary("-", .name(let n)) where Self.isConstantName(n): source = "=-" + n
        case .assign(_, .name(let inner), _): source = inner
        default: source = nil
        }
      }
      out.append(Event(kind: .assign, name: variable, line: line, column: 0, value: variable,
        source: source))
      return
    }
    makeRegistrationTables()
    if case .member(let base, let field, _) = target, op == "=",
      registrationFields.contains(field), let function = functionName(rhs)
    {
      registrations.append(RegistrationSite(form: .field, structType: nil,
        base: lockRef(base), field: field, name: nil, function: function, handle: nil,
        item: nil, line: line, column: 1))
    }
  }

  /// `fn` or `&fn` when it is not a local variable.
  func functionName(_ expr: Expr) -> String? {
    var e = expr.stripped
    if case .unary("&", let inner) = e { e = inner.stripped }
    if case .name(let n) = e, locals[n] == nil, !Self.isConstantName(n) { return n }
    return nil
  }

  private mutating func role(of name: String) -> CallRole {
    if let known = roles[name] { return known }
    makeRegistrationTables()
    let role = CallRole(isPrimitive: knowledge.primitives[name] != nil,
      registrations: registrationsByName[name] ?? [],
      assertsArgument: knowledge.assertionWrappers.contains(name))
    roles[name] = role
    return role
  }

  private mutating func call(
    callee: Expr, args: [Expr], line: Int32, column: Int32, into out: inout [Event]
  ) {
    guard case .name(let name) = callee else {
      walk(callee, into: &out)
      for a in args { walk(a, into: &out) }
      if case .member(let base, let field, _) = callee.stripped {
        var event = Event(kind: .indirectCall, name: field, line: Int(line),
          column: Int(column), lock: lockRef(base),
          value: Self.valueID(line: line, column: column))
        if case .member(let object, _, _) = base.stripped, case .name(let n) = object.stripped,
          locals[n] != nil
        {
          event.receiver = n
        }
        out.append(event)
      }
      return
    }
    let role = role(of: name)
    if role.assertsArgument, let first = args.first,
      case .unary("!", let inner) = first.stripped,
      case .call(.name(let test), let testArgs, let l, let c) = inner.stripped,
      let p = knowledge.primitives[test], p.isPredicate,
      let index = p.lockArgument, index < testArgs.count
    {
      out.append(Event(kind: .assertHeld, name: test, line: Int(l), column: Int(c),
        lock: lockRef(testArgs[index])))
      return
    }
    for a in args { walk(a, into: &out) }
    for r in role.registrations { register(r, name: name, args: args, line: line) }
    let value = Self.valueID(line: line, column: column)
    if role.isPrimitive, let p = knowledge.primitives[name] {
      if p.isPredicate { return }
      out.append(primitiveEvent(p, args: args, line: line, column: column, value: value))
      return
    }
    var event = Event(kind: .call, name: name, line: Int(line), column: Int(column),
      value: value)
    // Each per-argument list is made only once an argument has an entry: most calls have
    // none, and three arrays a call were a tenth of the builder's time.
    for (k, arg) in args.enumerated() {
      let e = arg.stripped
      if let truth = Self.constantTruth(e) {
        if event.constantArguments.isEmpty {
          event.constantArguments = Array(repeating: nil, count: args.count)
        }
        event.constantArguments[k] = truth
      }
      var flagSet: [String]?
      switch e {
      case .name(let n):
        if locals[n] != nil {
          if event.argumentNames.isEmpty {
            event.argumentNames = Array(repeating: nil, count: args.count)
          }
          event.argumentNames[k] = n
        }
        if Self.isConstantName(n) { flagSet = [n] }
      case .binary("|", _, _):
        let names = Self.flags(e)
        if names.allSatisfy(Self.isConstantName) { flagSet = names }
      default:
        break
      }
      if let flagSet {
        if event.argumentFlags.isEmpty {
          event.argumentFlags = Array(repeating: nil, count: args.count)
        }
        event.argumentFlags[k] = flagSet
      }
    }
    out.append(event)
  }

  private mutating func register(_ r: Registration, name: String, args: [Expr], line: Int32) {
    guard r.functionArgument < args.count, let function = functionName(args[r.functionArgument])
    else { return }
    var handle: String?
    if let h = r.handleArgument, h < args.count, case .name(let n) = args[h].stripped {
      handle = n.hasPrefix(r.handlePrefix) ? n : r.handlePrefix + n
    }
    let item = r.itemArgument.flatMap { $0 < args.count ? lockRef(args[$0]) : nil }
    var site = RegistrationSite(form: r.macro == name ? .macro : .call,
      structType: nil, base: nil, field: nil, name: name, function: function, handle: handle,
      item: item, line: Int(line), column: 1)
    site.context = r.context
    registrations.append(site)
  }

  private func primitiveEvent(
    _ p: Primitive, args: [Expr], line: Int32, column: Int32, value: String
  ) -> Event {
    var event = Event(kind: .primitive, name: p.name, line: Int(line), column: Int(column),
      value: value)
    if let i = p.lockArgument, i < args.count {
      var ref = lockRef(args[i])
      if let field = p.lockField { ref.path.append(field) }
      event.lock = ref
    }
    if let i = p.subclassArgument, i < args.count {
      switch args[i].stripped {
      case .number(let n): event.subclass = Int(n) ?? 0
      case .name(let n):
        event.subclass = knowledge.constants[n] ?? -1
        if knowledge.constants[n] == nil { event.subclassName = n }
      default: event.subclass = -1
      }
    }
    if let i = p.contextArgument, i < args.count {
      var e = args[i].stripped
      if case .unary("&", let inner) = e { e = inner.stripped }
      // The context is often a member (`&ctx->ww_ctx` in a modeset helper): name it by
      // its access path so it is a context at all, and one context wherever it is passed.
      var path: [String] = []
      while case .member(let base, let field, _) = e {
        path.insert(field, at: 0)
        e = base.stripped
      }
      if case .name(let n) = e { event.acquireContext = ([n] + path).joined(separator: ".") }
    }
    if p.action == .allocation {
      if let i = p.gfpArgument {
        event.gfp = i < args.count ? Self.flags(args[i]) : ["?"]
      } else {
        event.gfp = p.defaultGfp
      }
    }
    return event
  }

  private static func constantTruth(_ expr: Expr) -> ValueFact.Predicate? {
    switch expr.stripped {
    case .number(let n) where n.first?.isNumber == true:
      return (Int(n) ?? 1) == 0 ? .zero : .nonzero
    case .name("true"): return .nonzero
    case .name("false"), .name("NULL"): return .zero
    default: return nil
    }
  }

  static func flags(_ expr: Expr) -> [String] {
    switch expr.stripped {
    case .name(let n): return [n]
    case .number: return []
    case .binary("|", let a, let b): return flags(a) + flags(b)
    case .binary("&", let a, .unary("~", let b)):
      return flags(a) + flags(b).map { "~" + $0 }
    default: return ["?"]
    }
  }

  /// Names the lock (or work item) an argument expression designates.
  func lockRef(_ expr: Expr) -> LockRef {
    var path: [String] = []
    var e = expr.stripped
    while true {
      switch e {
      case .member(let base, let field, _):
        path.insert(field, at: 0)
        e = base.stripped
      case .index(let base, _), .unary("*", let base), .unary("&", let base):
        e = base.stripped
      case .name(let n):
        if let type = locals[n] {
          return LockRef(base: type.isEmpty ? .unknown : .typed(type), path: path)
        }
        return LockRef(base: .global(n), path: path)
      case .call(.name(let f), let args, _, _):
        if knowledge.containerMacros.contains(f) {
          if args.count == 3, case .typeName(let t?) = args[1] {
            return LockRef(base: .typed(t), path: path)
          }
          return LockRef(base: .unknown, path: path)
        }
        return LockRef(base: .returnOf(f), path: path)
      case .cast(let type?, _):
        return LockRef(base: .typed(type), path: path)
      default:
        return LockRef(base: .unknown, path: path)
      }
    }
  }

  private static func isZero(_ e: Expr) -> Bool {
    switch e.stripped {
    case .number(let n): return n == "0"
    case .name(let n): return n == "NULL" || n == "false"
    default: return false
    }
  }

  private static func isNonzero(_ e: Expr) -> Bool {
    switch e.stripped {
    case .number(let n): return n.first?.isNumber == true && (Int(n) ?? 1) != 0
    case .unary("-", let inner):
      if case .name(let n) = inner.stripped { return isConstantName(n) }
      if case .number(let n) = inner.stripped { return (Int(n) ?? 1) != 0 }
      return false
    default: return false
    }
  }

  /// Facts about call results and variables that hold when `expr` has truth `truth`.
  func facts(_ expr: Expr, truth: Bool) -> [ValueFact] {
    let e = expr.stripped
    switch e {
    case .unary("!", let a):
      return facts(a, truth: !truth)
    case .binary("&&", let a, let b):
      return truth ? facts(a, truth: true) + facts(b, truth: true) : []
    case .binary("||", let a, let b):
      return truth ? [] : facts(a, truth: false) + facts(b, truth: false)
    case .binary("==", let a, let b) where Self.isZero(b):
      return facts(a, truth: !truth)
    case .binary("!=", let a, let b) where Self.isZero(b):
      return facts(a, truth: truth)
    // `ret == -EINTR` holding means `ret` is nonzero (a failed lock call); its falsity says
    // nothing. Only a negated code or a nonzero literal is surely nonzero.
    case .binary("==", let a, let b) where Self.isNonzero(b):
      return truth ? facts(a, truth: true) : []
    case .binary("!=", let a, let b) where Self.isNonzero(b):
      return truth ? [] : facts(a, truth: true)
    case .binary("&", .name(let v), .name(let c)) where locals[v] != nil && Self.isConstantName(c),
      .binary("&", .name(let c), .name(let v)) where locals[v] != nil && Self.isConstantName(c):
      return [ValueFact(value: v + "&" + c, predicate: truth ? .nonzero : .zero)]
    // `x < 0` makes x nonzero; `x >= 0` does not make it zero, but settles a lock held
    // when a 0-or-negative-error result is 0.
    case .binary("<", let a, let b) where Self.isZero(b):
      return truth ? facts(a, truth: true) : facts(a, truth: false).map(\.settling)
    case .binary(">=", let a, let b) where Self.isZero(b):
      return truth ? facts(a, truth: false).map(\.settling) : facts(a, truth: true)
    case .call(.name(let n), let args, let l, let c):
      if knowledge.conditionWrappers.contains(n), args.count == 1 {
        return facts(args[0], truth: truth)
      }
      return [ValueFact(value: Self.valueID(line: l, column: c),
        predicate: truth ? .nonzero : .zero)]
    case .assign("=", .name(let v), let rhs):
      return [ValueFact(value: v, predicate: truth ? .nonzero : .zero)]
        + facts(rhs, truth: truth)
    case .name(let v) where locals[v] != nil:
      return [ValueFact(value: v, predicate: truth ? .nonzero : .zero)]
    case .member(let base, let field, _):
      // `if (dev->driver->gem_free_object_unlocked)`: whether an ops member is set is
      // decided at linking from the tree's tables of that struct.
      let ref = lockRef(base)
      guard case .typed(let type) = ref.base else { return [] }
      return [ValueFact(value: Self.opsMemberKey(type: type, path: ref.path + [field]),
        predicate: truth ? .nonzero : .zero)]
    default:
      return []
    }
  }

  /// The branch-fact key of a member test: the base's type and the member path.
  static func opsMemberKey(type: String, path: [String]) -> String {
    "ops:" + type + "|" + path.joined(separator: ".")
  }

  func returnValue(of expr: Expr) -> ReturnValue {
    switch expr.stripped {
    case .number(let n): return n == "0" ? .zero : .nonzero
    case .name(let n):
      if n == "NULL" || n == "false" { return .zero }
      if n == "true" { return .nonzero }
      return Self.isConstantName(n) ? .code(n) : .value(n)
    case .unary("-", _): return .error
    case .call(.name(let f), _, _, _) where knowledge.errorReturns.contains(f): return .error
    case .call(_, _, let l, let c): return .value(Self.valueID(line: l, column: c))
    default: return .unknown
    }
  }

  /// Records a declaration's variables; returns each declarator with its initializer.
  mutating func declare(
    _ range: Range<Int>, tokens: [Lexeme], texts: TokenTexts, match: [Int32],
    parameters: Bool = false
  ) -> [(String, Range<Int>?)] {
    var chunks: [Range<Int>] = []
    var start = range.lowerBound
    var k = start
    while k < range.upperBound {
      let t = tokens[k]
      if t.isPunct(",") {
        chunks.append(start..<k)
        start = k + 1
      } else if t.isPunct("(") || t.isPunct("[") || t.isPunct("{") {
        k = min(Int(match[k]), range.upperBound)
      }
      k += 1
    }
    chunks.append(start..<range.upperBound)
    var type = ""
    var result: [(String, Range<Int>?)] = []
    for (n, chunk) in chunks.enumerated() {
      var end = chunk.upperBound
      var initializer: Range<Int>?
      var j = chunk.lowerBound
      while j < chunk.upperBound {
        if tokens[j].isPunct("=") {
          end = j
          initializer = (j + 1)..<chunk.upperBound
          break
        }
        if tokens[j].isPunct("(") || tokens[j].isPunct("[") {
          j = min(Int(match[j]), chunk.upperBound)
        }
        j += 1
      }
      guard let (name, nameAt) = DeclaratorReader.name(in: chunk.lowerBound..<end,
        tokens: tokens, texts: texts, match: match)
      else { continue }
      if n == 0 || parameters {
        type = DeclaratorReader.typeName(in: chunk.lowerBound..<nameAt, tokens: tokens,
          texts: texts) ?? ""
      }
      locals[name] = type
      result.append((name, initializer))
    }
    return result
  }
}

extension ValueFact {
  /// The same fact, weakened to settle locks only (see `settlesOnly`).
  var settling: ValueFact {
    var weak = self
    weak.settlesOnly = true
    return weak
  }
}
