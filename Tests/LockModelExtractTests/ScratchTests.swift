import Foundation
import Testing

import LockModelExtract

@Test("scratch dump", .disabled(if: ProcessInfo.processInfo.environment["SCRATCH"] == nil))
func scratchDump() throws {
  let name = ProcessInfo.processInfo.environment["SCRATCH"] ?? ""
  print(try renderSample(name))
}

@Test("scratch cycles", .disabled(if: ProcessInfo.processInfo.environment["CYCLES"] == nil))
func scratchCycles() throws {
  let tree = corpusModel
  var edges: [String: [String: String]] = [:]
  func add(_ a: String, _ b: String, _ why: String) {
    guard a != b else { return }
    if edges[a]?[b] == nil { edges[a, default: [:]][b] = why }
  }
  var entryHeld: [String: [String]] = [:]
  for e in tree.entries { entryHeld[e.function, default: []] += e.held.map(\.lock.name) }
  for f in tree.functions {
    for a in f.acquisitions where !a.isTrylock {
      let why = "\(f.name) \(a.location.description) via \(a.via.joined(separator: ">"))"
      let held = (entryHeld[f.name] ?? []) + a.held.filter { !$0.maybe }.map { $0.lock.name + ($0.subclass == 0 ? "" : "#\($0.subclass)") }
      if let last = held.last { add(last, a.lock.name + (a.subclass == 0 ? "" : "#\(a.subclass)"), why) }
    }
  }
  // Tarjan SCC
  var index = 0
  var indices: [String: Int] = [:]
  var low: [String: Int] = [:]
  var stack: [String] = []
  var on: Set<String> = []
  var sccs: [[String]] = []
  func visit(_ v: String) {
    indices[v] = index; low[v] = index; index += 1
    stack.append(v); on.insert(v)
    for w in (edges[v] ?? [:]).keys.sorted() {
      if indices[w] == nil { visit(w); low[v] = min(low[v]!, low[w]!) }
      else if on.contains(w) { low[v] = min(low[v]!, indices[w]!) }
    }
    if low[v] == indices[v] {
      var comp: [String] = []
      while true { let w = stack.removeLast(); on.remove(w); comp.append(w); if w == v { break } }
      if comp.count > 1 { sccs.append(comp.sorted()) }
    }
  }
  for v in edges.keys.sorted() where indices[v] == nil { visit(v) }
  print("SCCs:", sccs.count)
  for c in sccs {
    print("SCC", c)
    let set = Set(c)
    for a in c { for (b, why) in (edges[a] ?? [:]).sorted(by: { $0.key < $1.key }) where set.contains(b) { print("   \(a) -> \(b): \(why)") } }
  }
}

@Test("scratch fn", .disabled(if: ProcessInfo.processInfo.environment["FN"] == nil))
func scratchFunction() throws {
  let name = ProcessInfo.processInfo.environment["FN"] ?? ""
  for f in corpusModel.functions where f.name == name {
    print(f.name, f.location.description)
    for a in f.acquisitions {
      print("  \(a.location.line) \(a.lock.name) try=\(a.isTrylock) sub=\(a.subclass) held=\(a.held.map { $0.lock.name + ($0.maybe ? "?" : "") }) via=\(a.via)")
    }
  }
}
