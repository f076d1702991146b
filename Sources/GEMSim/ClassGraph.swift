import LockModelExtract

/// The dependency graph folded to lock classes: what the cycle search walks. Node ids
/// follow the sorted class names, so every search is deterministic.
struct ClassGraph {
  struct Pair: Hashable {
    var from: Int
    var to: Int
  }

  private(set) var classes: [LockClass] = []
  private var ids: [LockClass: Int] = [:]
  /// Successors of each node, ascending.
  private(set) var successors: [[Int]] = []
  /// Edge indices (into the graph's `edges`) per class pair, in graph order.
  private(set) var edgesByPair: [Pair: [Int]] = [:]

  init(_ edges: [DependencyEdge]) {
    var names: Set<LockClass> = []
    for index in edges.indices {
      names.insert(edges[index].from)
      names.insert(edges[index].to)
    }
    classes = names.sorted()
    for (index, lock) in classes.enumerated() { ids[lock] = index }
    var next = Array(repeating: Set<Int>(), count: classes.count)
    for index in edges.indices {
      guard let from = ids[edges[index].from], let to = ids[edges[index].to] else { continue }
      next[from].insert(to)
      edgesByPair[Pair(from: from, to: to), default: []].append(index)
    }
    successors = next.map { $0.sorted() }
  }

  func id(of lock: LockClass) -> Int? { ids[lock] }

  func hasEdge(from: LockClass, to: LockClass) -> Bool {
    guard let from = ids[from], let to = ids[to] else { return false }
    return edgesByPair[Pair(from: from, to: to)] != nil
  }

  /// The shortest path of classes from `start` to `goal` (both included), by BFS.
  func shortestPath(from start: Int, to goal: Int) -> [Int]? {
    ShortestPaths(self, from: start).path(to: goal)
  }

  /// A breadth-first tree from one node: the shortest path to every node it reaches, for
  /// all the cycles that close back through that node at the price of one search.
  struct ShortestPaths {
    let start: Int
    private var parent: [Int]

    init(_ graph: ClassGraph, from start: Int) {
      self.start = start
      parent = Array(repeating: -1, count: graph.classes.count)
      parent[start] = start
      var queue = [start]
      var head = 0
      while head < queue.count {
        let node = queue[head]
        head += 1
        for next in graph.successors[node] where parent[next] < 0 {
          parent[next] = node
          queue.append(next)
        }
      }
    }

    /// `start` … `goal`, or nil when `goal` is unreachable.
    func path(to goal: Int) -> [Int]? {
      guard parent[goal] >= 0 else { return nil }
      var path = [goal]
      var cursor = goal
      while cursor != start {
        cursor = parent[cursor]
        path.append(cursor)
      }
      return path.reversed()
    }
  }

  /// The nearest node (fewest edges, then lowest id) reachable from `start`, other than
  /// `start`, that satisfies `accept`, with the path to it.
  func nearest(from start: Int, where accept: (Int) -> Bool) -> [Int]? {
    var parent = [Int: Int]()
    parent[start] = start
    var queue = [start]
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      for next in successors[node] where parent[next] == nil {
        parent[next] = node
        if accept(next) {
          var path = [next]
          var cursor = node
          while cursor != start {
            path.append(cursor)
            cursor = parent[cursor] ?? start
          }
          path.append(start)
          return path.reversed()
        }
        queue.append(next)
      }
    }
    return nil
  }

  /// Strongly connected component id per node (iterative Tarjan): only pairs inside one
  /// component can lie on a cycle.
  func components() -> [Int] {
    let count = classes.count
    var index = Array(repeating: -1, count: count)
    var low = Array(repeating: 0, count: count)
    var onStack = Array(repeating: false, count: count)
    var component = Array(repeating: -1, count: count)
    var stack: [Int] = []
    var counter = 0
    var components = 0
    for root in 0..<count where index[root] < 0 {
      var work: [(node: Int, next: Int)] = [(root, 0)]
      index[root] = counter
      low[root] = counter
      counter += 1
      stack.append(root)
      onStack[root] = true
      while let (node, position) = work.last {
        if position < successors[node].count {
          work[work.count - 1].next += 1
          let child = successors[node][position]
          if index[child] < 0 {
            index[child] = counter
            low[child] = counter
            counter += 1
            stack.append(child)
            onStack[child] = true
            work.append((child, 0))
          } else if onStack[child] {
            low[node] = min(low[node], index[child])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
        if low[node] == index[node] {
          while let member = stack.popLast() {
            onStack[member] = false
            component[member] = components
            if member == node { break }
          }
          components += 1
        }
      }
    }
    return component
  }
}
