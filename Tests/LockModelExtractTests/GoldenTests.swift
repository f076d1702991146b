import Foundation
import Testing

import LockModelExtract

/// Every directory under `samples/extract/` is one construct: its C files, and
/// `expected.txt`, the model dump (functions, acquisitions, retries, imbalances, entry
/// points, diagnostics). Tests only compare: a mismatch leaves the actual dump under
/// `$TMPDIR/reviewbot-golden/samples/extract/`, which `make golden` copies over for `git diff`.
let extractSamples: [String] = {
  let root = packageRoot.appendingPathComponent("samples/extract")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
  return names.filter { name in
    var isDirectory: ObjCBool = false
    let path = root.appendingPathComponent(name).path
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }.sorted()
}()

func renderSample(_ name: String) throws -> String {
  let dir = packageRoot.appendingPathComponent("samples/extract/\(name)")
  let tree = TreeModel(sources: try sources(under: dir), knowledge: bundledKnowledge)
  var text = tree.textDump()
  for d in tree.diagnostics { text += "diagnostic \(d)\n" }
  return text
}

@Test("extracted events of each sample construct match its golden dump", arguments: extractSamples)
func extractGolden(_ name: String) throws {
  let actual = try renderSample(name)
  let golden = packageRoot.appendingPathComponent("samples/extract/\(name)/expected.txt")
  // A new sample has no golden yet: it fails, and leaves its dump for `make golden`.
  let expected = (try? String(contentsOf: golden, encoding: .utf8)) ?? ""
  if actual != expected {
    let left = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("reviewbot-golden/samples/extract/\(name)/expected.txt")
    try? FileManager.default.createDirectory(
      at: left.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? actual.write(to: left, atomically: true, encoding: .utf8)
  }
  #expect(actual == expected, "samples/extract/\(name): run `make golden` and read the diff")
}
