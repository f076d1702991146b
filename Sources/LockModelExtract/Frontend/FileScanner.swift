/// Walks a file's top level: function definitions, struct/union declarations, typedefs,
/// file-scope variables, prototypes, and ops-table initializers.
struct FileScanner {
  let tokens: [Lexeme]
  let texts: TokenTexts
  let match: [Int32]
  let path: String
  var builder: EventBuilder
  var functions: [FunctionBody] = []
  var structs: [StructDecl] = []
  var aliases: [TypeAlias] = []
  var names: [TypedName] = []
  var enumConstants: [String: Int] = [:]
  var skipped = 0
  /// The variable whose initializer `designators` is reading.
  private var table: String?

  static let attributes: Set<String> = [
    "__attribute__", "__acquires", "__releases", "__must_hold", "__printf", "__aligned",
    "__section", "__cond_lock", "__scanf", "__alloc_size", "__malloc", "__diag_ignore",
    "__nonnull", "__ATTR", "__deprecated",
  ]

  init(lexed: LexedFile, path: String, knowledge: KnowledgeBase) {
    tokens = lexed.lexemes
    texts = lexed.texts
    match = tokens.bracketMatches()
    self.path = path
    builder = EventBuilder(knowledge: knowledge, file: path)
    for m in lexed.containerMacros {
      names.append(TypedName(kind: .function, name: m.name, type: m.structType,
        isStatic: false))
    }
  }

  private func closing(_ index: Int) -> Int { min(Int(match[index]), tokens.count) }

  private func declaredName(in range: Range<Int>) -> (String, Int)? {
    DeclaratorReader.name(in: range, tokens: tokens, texts: texts, match: match)
  }

  private func typeName(in range: Range<Int>) -> String? {
    DeclaratorReader.typeName(in: range, tokens: tokens, texts: texts)
  }

  private func end(from start: Int) -> Int {
    var k = start
    while k < tokens.count {
      let t = tokens[k]
      if t.isPunct(";") { return k }
      if t.isPunct("(") || t.isPunct("[") || t.isPunct("{") { k = closing(k) }
      k += 1
    }
    return tokens.count
  }

  mutating func scan() {
    var i = 0
    while i < tokens.count {
      let t = tokens[i]
      if t.isPunct(";") || t.isPunct("}") || t.isPunct(")") || t.isPunct("]") {
        i += 1
        continue
      }
      var k = i
      while k < tokens.count {
        let u = tokens[k]
        if u.isPunct(";") || u.isPunct("=") || u.isPunct("{") { break }
        if u.isPunct("(") || u.isPunct("[") { k = closing(k) }
        k += 1
      }
      guard k < tokens.count else { return }
      let stop = tokens[k]
      if stop.isPunct(";") {
        declaration(i..<k, initializer: nil)
        i = k + 1
      } else if stop.isPunct("=") {
        let semi = end(from: k + 1)
        declaration(i..<k, initializer: (k + 1)..<semi)
        i = semi + 1
      } else if let tag = aggregateTag(before: k, from: i) {
        i = aggregate(head: i..<k, tag: tag, open: k)
      } else if let nameAt = functionName(in: i..<k) {
        function(head: i..<k, nameAt: nameAt, open: k)
        i = closing(k) + 1
      } else {
        i = closing(k) + 1
      }
    }
  }

  /// `struct x {`, `union {`, `enum e {`: the tag (or "" when anonymous).
  private func aggregateTag(before open: Int, from start: Int) -> (String, String)? {
    guard open > start else { return nil }
    let last = tokens[open - 1]
    if last.word == .struct || last.word == .union || last.word == .enum {
      return (texts[open - 1], "")
    }
    if open - 2 >= start, last.kind == .identifier,
      [Word.struct, .union, .enum].contains(tokens[open - 2].word)
    {
      return (texts[open - 2], texts[open - 1])
    }
    return nil
  }

  /// `A = 0, B, C = A`: each enumerator's value while it is certain (a literal, an
  /// earlier enumerator, or one more than the previous certain one).
  private mutating func enumerators(in range: Range<Int>) {
    var next: Int? = 0
    var local: [String: Int] = [:]
    var k = range.lowerBound
    while k < range.upperBound {
      var end = k
      while end < range.upperBound && !tokens[end].isPunct(",") {
        if tokens[end].isPunct("(") || tokens[end].isPunct("[") { end = closing(end) }
        end += 1
      }
      let chunk = k..<min(end, range.upperBound)
      k = end + 1
      guard !chunk.isEmpty, tokens[chunk.lowerBound].kind == .identifier else { continue }
      let first = texts[chunk.lowerBound]
      var value = next
      if chunk.count > 1 {
        value = nil
        // `NAME = expr`: the expression's tokens start two after the name.
        let expr = (chunk.lowerBound + 2)..<chunk.upperBound
        if chunk.count >= 3, tokens[chunk.lowerBound + 1].isPunct("=") {
          if expr.count == 1 {
            value = Int(texts[expr.lowerBound]) ?? local[texts[expr.lowerBound]]
          } else if expr.count == 2, tokens[expr.lowerBound].isPunct("-") {
            value = Int(texts[expr.lowerBound + 1]).map { -$0 }
          }
        }
      }
      if let value {
        local[first] = value
        if enumConstants[first] == nil { enumConstants[first] = value }
      }
      next = value.map { $0 + 1 }
    }
  }

  private func functionName(in head: Range<Int>) -> Int? {
    var found: Int?
    var k = head.lowerBound
    while k < head.upperBound {
      if tokens[k].isPunct("(") {
        if k > head.lowerBound, tokens[k - 1].kind == .identifier,
          !tokens[k - 1].traits.contains(.attribute)
        {
          found = k - 1
        }
        k = closing(k)
      }
      k += 1
    }
    return found
  }

  private mutating func aggregate(head: Range<Int>, tag: (String, String), open: Int) -> Int {
    let close = closing(open)
    let semi = end(from: close + 1)
    let isTypedef = tokens[head.lowerBound].isWord(.typedef)
    var declared: [String] = []
    var k = close + 1
    var initializer: Range<Int>?
    while k < semi {
      if tokens[k].isPunct("=") {
        initializer = (k + 1)..<semi
        break
      }
      if tokens[k].kind == .identifier && !tokens[k].traits.contains(.qualifier) {
        declared.append(texts[k])
      }
      if tokens[k].isPunct("(") || tokens[k].isPunct("[") { k = closing(k) }
      k += 1
    }
    if tag.0 == "enum" { enumerators(in: (open + 1)..<close) }
    if tag.0 != "enum" {
      let name = tag.1.isEmpty ? (declared.first ?? "<anonymous>@\(path):\(tokens[open].line)")
        : tag.1
      var fields: [StructDecl.Field] = []
      members(of: name, range: (open + 1)..<close, into: &fields)
      structs.append(StructDecl(name: name, isAnonymous: false, fields: fields))
      for d in declared {
        if isTypedef {
          if d != name { aliases.append(TypeAlias(name: d, target: name)) }
        } else {
          names.append(TypedName(kind: .global, name: d, type: name,
            isStatic: tokens[head.lowerBound].isWord(.static)))
        }
      }
      if let initializer, let first = declared.first {
        fileInitializer(type: name, name: first, isArray: false, range: initializer)
      }
    }
    return semi + 1
  }

  private mutating func members(
    of owner: String, range: Range<Int>, into fields: inout [StructDecl.Field]
  ) {
    var k = range.lowerBound
    while k < range.upperBound {
      var stop = k
      var nested: Int?
      while stop < range.upperBound && !tokens[stop].isPunct(";") {
        if tokens[stop].isPunct("{") {
          nested = stop
          stop = closing(stop)
        } else if tokens[stop].isPunct("(") || tokens[stop].isPunct("[") {
          stop = closing(stop)
        }
        stop += 1
      }
      stop = min(stop, range.upperBound)
      if let open = nested {
        let close = closing(open)
        let tagged = open - 1 >= k && tokens[open - 1].kind == .identifier
          && tokens[open - 1].word != .struct && tokens[open - 1].word != .union
        var declared: [String] = []
        var j = close + 1
        while j < stop {
          if tokens[j].kind == .identifier { declared.append(texts[j]) }
          if tokens[j].isPunct("[") || tokens[j].isPunct(":") { break }
          j += 1
        }
        if tagged {
          let tag = texts[open - 1]
          var inner: [StructDecl.Field] = []
          members(of: tag, range: (open + 1)..<close, into: &inner)
          structs.append(StructDecl(name: tag, isAnonymous: false, fields: inner))
          for d in declared { fields.append(StructDecl.Field(name: d, type: tag)) }
        } else if declared.isEmpty {
          members(of: owner, range: (open + 1)..<close, into: &fields)
        } else {
          for d in declared {
            let synthetic = owner + "." + d
            var inner: [StructDecl.Field] = []
            members(of: synthetic, range: (open + 1)..<close, into: &inner)
            structs.append(StructDecl(name: synthetic, isAnonymous: true, fields: inner))
            fields.append(StructDecl.Field(name: d, type: synthetic))
          }
        }
      } else if stop > k {
        memberDeclaration(k..<stop, into: &fields)
      }
      k = stop + 1
    }
  }

  private func memberDeclaration(_ range: Range<Int>, into fields: inout [StructDecl.Field]) {
    var chunks: [Range<Int>] = []
    var start = range.lowerBound
    var k = start
    while k < range.upperBound {
      if tokens[k].isPunct(",") {
        chunks.append(start..<k)
        start = k + 1
      } else if tokens[k].isPunct("(") || tokens[k].isPunct("[") {
        k = closing(k)
      }
      k += 1
    }
    chunks.append(start..<range.upperBound)
    var type: String?
    for (n, chunk) in chunks.enumerated() {
      guard let (name, at) = declaredName(in: chunk)
      else { continue }
      if n == 0 { type = typeName(in: chunk.lowerBound..<at) }
      fields.append(StructDecl.Field(name: name, type: type))
    }
  }

  private mutating func declaration(_ head: Range<Int>, initializer: Range<Int>?) {
    guard !head.isEmpty else { return }
    let first = tokens[head.lowerBound]
    if first.isWord(.typedef) {
      if let (name, at) = declaredName(in: head),
        let target = typeName(in: (head.lowerBound + 1)..<at),
        target != name
      {
        aliases.append(TypeAlias(name: name, target: target))
      }
      return
    }
    let isStatic = first.isWord(.static)
    // Closures in a mutating method read the token array through a local, not `self`:
    // capturing `self` there copies the whole scanner.
    let tokens = tokens
    if let nameAt = functionName(in: head), initializer == nil {
      let prefix = head.lowerBound..<nameAt
      if prefix.contains(where: { tokens[$0].isPunct("*") }),
        let type = typeName(in: prefix)
      {
        names.append(TypedName(kind: .function, name: texts[nameAt], type: type,
          isStatic: isStatic))
      }
      return
    }
    guard let (name, at) = declaredName(in: head),
      let type = typeName(in: head.lowerBound..<at)
    else { return }
    names.append(TypedName(kind: .global, name: name, type: type, isStatic: isStatic))
    if let initializer {
      let isArray = tokens[at..<head.upperBound].contains { $0.isPunct("[") }
      fileInitializer(type: type, name: name, isArray: isArray, range: initializer)
    }
  }

  private mutating func fileInitializer(
    type: String, name: String, isArray: Bool, range: Range<Int>
  ) {
    var parser = ExpressionParser(tokens: tokens, texts: texts, match: match, range: range)
    let value = parser.parseAll()
    if parser.tooDeep {
      builder.diagnose("nesting-too-deep", line: Int(tokens[range.lowerBound].line), detail: name)
    }
    builder.locals = [:]
    _ = builder.events(of: value)
    table = name
    designators(value, type: type, depth: 0, isArray: isArray, members: [])
    table = nil
  }

  /// `.field = fn` at the top of an initializer of `type` (or of each element of an array
  /// of it); a nested `.fops = { .mmap = fn }` names the member path to the inner struct.
  private mutating func designators(
    _ e: Expr, type: String, depth: Int, isArray: Bool, members: [String]
  ) {
    switch e {
    case .sequence(let items):
      for item in items {
        designators(item, type: type, depth: depth + 1, isArray: isArray, members: members)
      }
    case .cast(_, let inner):
      designators(inner, type: type, depth: depth, isArray: isArray, members: members)
    case .assign(let op, .name(let field), let value) where op.hasPrefix("."):
      let top = depth == 1 || (isArray && depth == 2)
      if case .sequence = value.stripped, top || !members.isEmpty {
        designators(value.stripped, type: type, depth: 0, isArray: false,
          members: members + [field])
      } else if top, let function = builder.functionName(value) {
        builder.registrations.append(RegistrationSite(form: .field,
          structType: members.isEmpty ? type : nil,
          base: members.isEmpty ? nil : LockRef(base: .typed(type), path: members),
          field: field, name: nil, function: function, handle: nil, item: nil,
          line: Int(op.dropFirst()) ?? 0, column: 1, table: members.isEmpty ? table : nil))
      }
    default:
      break
    }
  }

  private mutating func function(head: Range<Int>, nameAt: Int, open: Int) {
    let name = texts[nameAt]
    let paramsOpen = nameAt + 1
    let paramsClose = closing(paramsOpen)
    builder.locals = [:]
    let parameters = builder.declare((paramsOpen + 1)..<paramsClose, tokens: tokens,
      texts: texts, match: match, parameters: true).map(\.0)
    var params = builder.locals
    params.removeValue(forKey: "void")
    builder.locals = params
    var held: [LockRef] = []
    var k = paramsClose + 1
    while k < open {
      let t = tokens[k]
      if t.isPunct("(") {
        if k > 0, tokens[k - 1].kind == .identifier,
          builder.knowledge.heldOnEntryAnnotations.contains(texts[k - 1])
        {
          var parser = ExpressionParser(tokens: tokens, texts: texts, match: match,
            range: (k + 1)..<closing(k))
          held.append(builder.lockRef(parser.parseAll()))
        }
        k = closing(k)
      }
      k += 1
    }
    let prefix = head.lowerBound..<nameAt
    let tokens = tokens  // as in `declaration`: the closures below must not capture `self`
    var returnType: String?
    if prefix.contains(where: { tokens[$0].isPunct("*") }) {
      returnType = typeName(in: prefix)
    }
    let isStatic = prefix.contains { tokens[$0].isWord(.static) }
    if let returnType {
      names.append(TypedName(kind: .function, name: name, type: returnType,
        isStatic: isStatic))
    }
    let close = closing(open)
    let endLine = close < tokens.count ? Int(tokens[close].line) : Int(tokens[open].line)
    var parser = FunctionParser(tokens: tokens, texts: texts, match: match,
      events: builder.handOver())
    parser.parseBody(open: open, endLine: endLine)
    builder = parser.handOver()
    if let failure = parser.failure {
      skipped += 1
      builder.diagnose(failure, line: Int(tokens[nameAt].line), detail: name)
      return
    }
    if close >= tokens.count {
      skipped += 1
      builder.diagnose("unterminated-body", line: Int(tokens[nameAt].line), detail: name)
      return
    }
    functions.append(FunctionBody(name: name, isStatic: isStatic,
      line: Int(tokens[nameAt].line), column: Int(tokens[nameAt].column), endLine: endLine,
      returnType: returnType, heldOnEntry: held, blocks: parser.blocks,
      parameters: parameters, parameterTypes: parameters.map { params[$0] ?? "" }))
  }
}
