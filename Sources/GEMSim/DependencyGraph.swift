import LockModelExtract

/// The lockdep-equivalent dependency graph of a tree model in its GEM/mm world.
public struct DependencyGraph: Sendable {
  /// `A → B` with `A ≠ B`. Sorted by from, to, file, line.
  public var edges: [DependencyEdge]
  /// A lock class taken again while held at the same subclass (lockdep's AA), including a
  /// re-entry through a context the task enters itself (`entered` set). Same order as
  /// `edges`; `from == to`.
  public var recursions: [DependencyEdge]
  /// Interrupt usage of spinning locks, one record per site and state (`from == to`,
  /// `irq` the state): what lockdep's irq-safe/irq-unsafe bits are computed from. In the
  /// tree model's function order (an updated graph appends the changed functions').
  public var usages: [DependencyEdge]
  /// Trylock retries that the caller re-executes while another path holds the lock.
  public var spins: [SpinningRetry]
  /// Lock imbalances the extractor found, sorted by file and line.
  public var imbalances: [Imbalance]

  /// Creates a graph from its parts; every part but `edges` may be left empty.
  public init(
    edges: [DependencyEdge], recursions: [DependencyEdge] = [], usages: [DependencyEdge] = [],
    spins: [SpinningRetry] = [], imbalances: [Imbalance] = []
  ) {
    self.edges = edges
    self.recursions = recursions
    self.usages = usages
    self.spins = spins
    self.imbalances = imbalances
  }

  /// The lock classes that appear in the graph, sorted.
  public var locks: [LockClass] {
    Set(edges.flatMap { [$0.from, $0.to] } + recursions.map(\.to)).sorted()
  }
}

/// A trylock whose failure is retried, with a path that holds its lock meanwhile.
public struct SpinningRetry: Hashable, Sendable {
  /// The trylock and how its failure retries.
  public var retry: TrylockRetry
  /// The entry context that re-executes the function on the returned code (`fault`);
  /// nil for a loop inside the function.
  public var context: String?
  /// A path that takes the lock and may sleep holding it, so it can be preempted
  /// (`from == to` == the lock).
  public var holder: DependencyEdge

  /// Creates a spinning retry.
  public init(retry: TrylockRetry, context: String?, holder: DependencyEdge) {
    self.retry = retry
    self.context = context
    self.holder = holder
  }
}

/// What makes two edges "the same dependency at the same place" across a base and a
/// patched tree: line numbers shift when a patch adds lines above, so they do not count.
struct EdgeKey: Hashable, Sendable {
  var from: LockClass
  var to: LockClass
  var function: String
  var via: [String]

  /// Hashes the ends of the call chain only: chains are long and equality still compares
  /// all of it, so this only trades a few collisions for far less hashing.
  func hash(into hasher: inout Hasher) {
    hasher.combine(from.name)
    hasher.combine(to.name)
    hasher.combine(function)
    hasher.combine(via.count)
    hasher.combine(via.first)
    hasher.combine(via.last)
  }
}

extension DependencyEdge {
  var key: EdgeKey { EdgeKey(from: from, to: to, function: function, via: via) }

  /// Sort order of graph output: from, to, file, line, then the rest for ties.
  static func precedes(_ a: DependencyEdge, _ b: DependencyEdge) -> Bool {
    if a.from != b.from { return a.from < b.from }
    if a.to != b.to { return a.to < b.to }
    if a.location != b.location { return a.location < b.location }
    if a.function != b.function { return a.function < b.function }
    if a.via != b.via { return a.via.lexicographicallyPrecedes(b.via) }
    return (a.context ?? "") < (b.context ?? "")
  }
}

extension Array where Element == DependencyEdge {
  /// Whether the edges are in graph order already.
  var isInGraphOrder: Bool {
    var index = 1
    while index < count {
      if DependencyEdge.precedes(self[index], self[index - 1]) { return false }
      index += 1
    }
    return true
  }

  /// The edges in graph order (`DependencyEdge.precedes`).
  func sortedInGraphOrder() -> [DependencyEdge] {
    var copy = self
    copy.sortInGraphOrder()
    return copy
  }

  /// Sorts the edges into graph order (`DependencyEdge.precedes`): integer ranks of the
  /// names are sorted rather than whole edges moved around, which matters at 100 000 edges,
  /// and the order is then applied by moving each edge once, which retains nothing.
  mutating func sortInGraphOrder() {
    let order = graphOrder()
    let count = count
    withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let moved = UnsafeMutablePointer<DependencyEdge>.allocate(capacity: count)
      moved.moveInitialize(from: base, count: count)
      for (position, source) in order.enumerated() {
        (base + position).moveInitialize(from: moved + source, count: 1)
      }
      moved.deallocate()
    }
  }

  private func graphOrder() -> [Int] {
    // The names are gathered and looked up on two cores, a half of the edges each.
    let count = count
    let parts = count >= 4096 ? 2 : 1
    @Sendable func half(_ h: Int) -> Range<Int> { count * h / parts..<count * (h + 1) / parts }
    let names = parallelMap(count: parts, chunk: 1) { h in
      var classes: Set<LockClass> = []
      var files: Set<String> = []
      var functions: Set<String> = []
      for index in half(h) {
        classes.insert(self[index].from)
        classes.insert(self[index].to)
        files.insert(self[index].location.file)
        functions.insert(self[index].function)
      }
      return (classes, files, functions)
    }
    func ranks<T: Hashable & Comparable>(_ sets: [Set<T>]) -> [T: Int] {
      let all = sets.dropFirst().reduce(sets[0]) { $0.union($1) }
      return Dictionary(uniqueKeysWithValues: all.sorted().enumerated().map { ($1, $0) })
    }
    let classRank = ranks(names.map(\.0))
    let fileRank = ranks(names.map(\.1))
    let functionRank = ranks(names.map(\.2))
    let keys = parallelMap(count: parts, chunk: 1) { h in
      half(h).map { index in
        GraphOrderKey(
          from: classRank[self[index].from] ?? 0, to: classRank[self[index].to] ?? 0,
          file: fileRank[self[index].location.file] ?? 0, line: self[index].location.line,
          column: self[index].location.column,
          function: functionRank[self[index].function] ?? 0)
      }
    }.flatMap { $0 }
    // A total order (the index breaks the last tie), so halves sorted on two cores and
    // merged give the order one sort would.
    @Sendable func precedes(_ a: Int, _ b: Int) -> Bool {
      if keys[a] != keys[b] { return keys[a] < keys[b] }
      if self[a].via != self[b].via { return self[a].via.lexicographicallyPrecedes(self[b].via) }
      return (self[a].context ?? "", a) < (self[b].context ?? "", b)
    }
    guard parts == 2 else { return indices.sorted(by: precedes) }
    let halves = parallelMap(count: 2, chunk: 1) { h in half(h).sorted(by: precedes) }
    return merged(halves[0], halves[1], by: precedes)
  }
}

/// An edge's place in graph order, with names replaced by their sorted rank.
private struct GraphOrderKey: Comparable {
  var from: Int
  var to: Int
  var file: Int
  var line: Int
  var column: Int
  var function: Int

  static func < (a: GraphOrderKey, b: GraphOrderKey) -> Bool {
    (a.from, a.to, a.file, a.line, a.column, a.function)
      < (b.from, b.to, b.file, b.line, b.column, b.function)
  }
}

extension LockKind {
  /// Locks that spin with preemption off: the ones lockdep tracks irq usage for.
  var spins: Bool { self == .spinlock || self == .rwlock || self == .seqlock }
  /// Locks whose holder may sleep, so a higher-priority task can run while it holds them.
  var sleeps: Bool { self == .mutex || self == .rwsem || self == .wwMutex }
  /// Read acquisitions that never wait for a queued writer (lockdep's recursive read):
  /// rwlock_t and seqlock readers, and read-acquired pseudo-locks.
  var hasRecursiveReaders: Bool { self == .rwlock || self == .seqlock || self == .pseudo }
  /// Locks that readers hold together (every kind with a read side).
  var sharesReaders: Bool { self != .mutex && self != .spinlock && self != .wwMutex }
}

extension DependencyGraph {
  /// Every edge `from → to`, in graph order: each place the dependency is made.
  ///
  /// - Parameters:
  ///   - from: the lock held.
  ///   - to: the lock taken under it.
  public func edges(from: LockClass, to: LockClass) -> [DependencyEdge] {
    edges.filter { $0.from == from && $0.to == to }
  }

  /// The shortest chain of dependencies from `from` to `to` (one edge per hop, the first in
  /// graph order), or nil when `to` is never taken under `from`, directly or not.
  ///
  /// - Parameters:
  ///   - from: the lock held first.
  ///   - to: the lock taken last.
  public func shortestChain(from: LockClass, to: LockClass) -> [DependencyEdge]? {
    let classes = ClassGraph(edges)
    guard let start = classes.id(of: from), let goal = classes.id(of: to), start != goal,
      let path = classes.shortestPath(from: start, to: goal)
    else { return nil }
    var chain: [DependencyEdge] = []
    for (hopFrom, hopTo) in zip(path, path.dropFirst()) {
      guard let first = classes.edgesByPair[ClassGraph.Pair(from: hopFrom, to: hopTo)]?.first
      else { return nil }
      chain.append(edges[first])
    }
    return chain
  }
}
