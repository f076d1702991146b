/// How the lines of changed files moved: a function of the same length before and after
/// moved as a whole, so a location inside it maps by its offset. A relink uses it to tell a
/// summary that only moved (an edit above shifted it) from one that changed, and moves
/// callers' summaries instead of analysing their bodies again.
public struct LineShift: Sendable {
  private struct Span: Sendable {
    var start: Int
    var end: Int
    var delta: Int
  }

  /// Path → spans, sorted by start.
  private var spans: [String: [Span]] = [:]

  /// - Parameter functions: per changed file, its functions before and after as (name,
  ///   first line, last line).
  init(_ functions: [String: (old: [(String, Int, Int)], new: [(String, Int, Int)])]) {
    for (path, pair) in functions {
      var oldByName: [String: (Int, Int)?] = [:]
      for (name, start, end) in pair.old {
        oldByName[name] = oldByName[name] == nil ? (start, end) : .some(nil)
      }
      var newByName: [String: (Int, Int)?] = [:]
      for (name, start, end) in pair.new {
        newByName[name] = newByName[name] == nil ? (start, end) : .some(nil)
      }
      var list: [Span] = []
      for (name, old) in oldByName {
        guard let old, let new = newByName[name], let new, old.1 - old.0 == new.1 - new.0
        else { continue }
        list.append(Span(start: old.0, end: old.1, delta: new.0 - old.0))
      }
      spans[path] = list.sorted { $0.start < $1.start }
    }
  }

  /// Whether places in `file` move (it is a changed file).
  public func covers(_ file: String) -> Bool { spans[file] != nil }

  /// Where `location` is now; `nil` when it is in a changed file outside every moved
  /// function.
  public func map(_ location: SourceLocation) -> SourceLocation? {
    guard let list = spans[location.file] else { return location }
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) / 2
      if list[mid].start <= location.line { low = mid + 1 } else { high = mid }
    }
    guard low > 0, location.line <= list[low - 1].end else { return nil }
    var moved = location
    moved.line += list[low - 1].delta
    return moved
  }

  /// `held` with its location moved; `nil` when it cannot be.
  public func map(_ held: HeldLock) -> HeldLock? {
    guard let location = map(held.location) else { return nil }
    var moved = held
    moved.location = location
    return moved
  }

  func map(_ acquisition: Acquisition) -> Acquisition? {
    guard let location = map(acquisition.location) else { return nil }
    guard let held = Self.each(acquisition.held, map) else { return nil }
    var moved = acquisition
    moved.location = location
    moved.held = held
    return moved
  }

  /// `function` with every location moved; `nil` when one cannot be.
  func map(_ function: FunctionModel) -> FunctionModel? {
    guard let location = map(function.location),
      let end = map(SourceLocation(file: function.location.file, line: function.endLine)),
      let summary = map(
        FunctionSummary(
          acquisitions: function.acquisitions, trylockRetries: function.trylockRetries,
          imbalances: function.imbalances))
    else { return nil }
    var moved = function
    moved.location = location
    moved.endLine = end.line
    moved.acquisitions = summary.acquisitions
    moved.trylockRetries = summary.trylockRetries
    moved.imbalances = summary.imbalances
    return moved
  }

  /// `summary` with every location moved; `nil` when one cannot be.
  func map(_ summary: FunctionSummary) -> FunctionSummary? {
    guard let acquisitions = Self.each(summary.acquisitions, map),
      let exits = Self.each(summary.exits, map),
      let retries = Self.each(summary.trylockRetries, map),
      let imbalances = Self.each(summary.imbalances, map)
    else { return nil }
    var moved = summary
    moved.acquisitions = acquisitions
    moved.exits = exits
    moved.trylockRetries = retries
    moved.imbalances = imbalances
    return moved
  }

  func map(_ exit: ExitLock) -> ExitLock? {
    guard let lock = map(exit.lock) else { return nil }
    var moved = exit
    moved.lock = lock
    return moved
  }

  func map(_ imbalance: Imbalance) -> Imbalance? {
    guard let location = map(imbalance.location) else { return nil }
    var moved = imbalance
    moved.location = location
    return moved
  }

  /// `retry` with its places moved; `nil` when one cannot be.
  func map(_ retry: TrylockRetry) -> TrylockRetry? {
    guard let location = map(retry.location) else { return nil }
    var moved = retry
    moved.location = location
    switch retry.retry {
    case .loop(let back):
      guard let back = map(back) else { return nil }
      moved.retry = .loop(backTo: back)
    case .returns(let code, let at):
      guard let at = map(at) else { return nil }
      moved.retry = .returns(code: code, at: at)
    }
    return moved
  }

  /// Every element of `list` moved, or `nil` when one cannot be.
  private static func each<T>(_ list: [T], _ move: (T) -> T?) -> [T]? {
    var result: [T] = []
    result.reserveCapacity(list.count)
    for element in list {
      guard let moved = move(element) else { return nil }
      result.append(moved)
    }
    return result
  }
}

extension FunctionBody {
  /// The same body `delta` lines further down the file.
  func shifted(by delta: Int) -> FunctionBody {
    guard delta != 0 else { return self }
    var moved = self
    moved.line += delta
    moved.endLine += delta
    moved.blocks = blocks.map { block in
      var b = block
      b.line += delta
      b.events = block.events.map { event in
        var e = event
        e.line += delta
        e.value = e.value.map { Self.shiftMarks($0, delta) }
        e.source = e.source.map { Self.shiftMarks($0, delta) }
        return e
      }
      switch block.terminator {
      case .returns(let value, let line):
        var moved = value
        if case .value(let text) = value { moved = .value(Self.shiftMarks(text, delta)) }
        b.terminator = .returns(moved, line: line + delta)
      case .branch(let t, let f, let then, let otherwise):
        func moved(_ facts: [ValueFact]) -> [ValueFact] {
          facts.map { fact in
            var m = fact
            m.value = Self.shiftMarks(fact.value, delta)
            return m
          }
        }
        b.terminator = .branch(
          whenTrue: moved(t), whenFalse: moved(f), then: then, otherwise: otherwise)
      case .jump, .multi:
        break
      }
      return b
    }
    return moved
  }

  /// `text` with every value mark `@LINE:` (`EventBuilder.valueID`, a call's result named
  /// by its place) moved `delta` lines.
  static func shiftMarks(_ text: String, _ delta: Int) -> String {
    guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
    var out = ""
    var rest = Substring(text)
    while let at = rest.firstIndex(of: "@") {
      out += rest[..<at]
      let digits = rest[rest.index(after: at)...].prefix { $0.isASCII && $0.isNumber }
      let end = digits.endIndex
      if !digits.isEmpty, end < rest.endIndex, rest[end] == ":", let line = Int(digits) {
        out += "@\(line + delta)"
        rest = rest[end...]
      } else {
        out += "@"
        rest = rest[rest.index(after: at)...]
      }
    }
    return out + rest
  }
}
