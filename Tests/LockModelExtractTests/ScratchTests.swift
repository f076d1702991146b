import Foundation
import Testing

@testable import LockModelExtract

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
  var models = [FileModel?](repeating: nil, count: files.count)
  for (i, f) in files.enumerated() { models[i] = FileModel(extracting: f, knowledge: bundledKnowledge) }
  let t2 = Date()
  let tree = TreeModel(files: models.compactMap { $0 }, knowledge: bundledKnowledge)
  let t3 = Date()
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
