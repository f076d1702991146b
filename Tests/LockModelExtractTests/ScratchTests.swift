import Foundation
import Testing

import LockModelExtract

@Test("scratch dump")
func scratchDump() throws {
  let dir = packageRoot.appendingPathComponent("samples/extract/wrapper-returns-held")
  let tree = TreeModel(sources: try sources(under: dir), knowledge: bundledKnowledge)
  print(tree.textDump())
  print(tree.diagnostics)
}

@Test("scratch corpus")
func scratchCorpus() throws {
  let dir = packageRoot.appendingPathComponent(".build-corpus/drm-2018")
  let t0 = Date()
  let files = try sources(under: dir)
  let t1 = Date()
  let lexStart = Date()
  var tokenCount = 0
  for f in files.prefix(400) { tokenCount += f.text.utf8.count }
  let t2 = Date()
  let tc0 = Date()
  _ = files.filter { $0.path.hasSuffix(".c") }.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
  let tc1 = Date()
  _ = files.filter { $0.path.hasSuffix(".h") }.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
  let tc2 = Date()
  print("c files \(tc1.timeIntervalSince(tc0)) h files \(tc2.timeIntervalSince(tc1)) bytes c \(files.filter { $0.path.hasSuffix(".c") }.reduce(0) { $0 + $1.text.utf8.count }) h \(files.filter { $0.path.hasSuffix(".h") }.reduce(0) { $0 + $1.text.utf8.count })")
  let t2b = Date()
  let models = files.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
  let t25 = Date()
  print("again \(t25.timeIntervalSince(t2b))")
  let tree = TreeModel(files: models, knowledge: bundledKnowledge)
  let t3 = Date()
  print("sequential extract \(t25.timeIntervalSince(t2)) link \(t3.timeIntervalSince(t25)) \(lexStart) \(tokenCount)")
  print("read \(t1.timeIntervalSince(t0)) extract \(t2.timeIntervalSince(t1)) link \(t3.timeIntervalSince(t2))")
  print("files \(files.count) functions \(tree.functions.count) skipped \(tree.functionsSkipped)")
  var kinds: [String: Int] = [:]
  for d in tree.diagnostics { let k = d.split(separator: ":")[2]; kinds[String(k), default: 0] += 1 }
  print(kinds.sorted { $0.value > $1.value }.prefix(10))
  let acq = tree.functions.reduce(0) { $0 + $1.acquisitions.count }
  print("acquisitions \(acq) entries \(tree.entries.count)")
  try tree.textDump().write(toFile: "/tmp/corpus-dump.txt", atomically: true, encoding: .utf8)
  try tree.diagnostics.joined(separator: "\n").write(toFile: "/tmp/corpus-diag.txt", atomically: true, encoding: .utf8)
}

@Test("scratch gem")
func scratchGem() throws {
  let dir = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GEM_TREE"] ?? "/work/wt-samples/samples/gem-2009/tree")
  let tree = TreeModel(sources: try sources(under: dir), knowledge: bundledKnowledge)
  try tree.textDump().write(toFile: "/tmp/gem-dump.txt", atomically: true, encoding: .utf8)
  print(tree.diagnostics)
}
