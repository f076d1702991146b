import Foundation
import Testing

import LockModelExtract

/// The package root, found from this file's path (tests run from anywhere).
let packageRoot: URL = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  return url
}()

let bundledKnowledge: KnowledgeBase = {
  do { return try KnowledgeBase.bundled() } catch { fatalError("\(error)") }
}()

/// Models C text given inline as a one-file tree.
func model(_ text: String, path: String = "t.c") -> TreeModel {
  let file = FileModel(extracting: SourceFile(path: path, text: text),
    knowledge: bundledKnowledge)
  return TreeModel(files: [file], knowledge: bundledKnowledge)
}

/// Reads every `.c`/`.h` under `directory`, paths relative to it, sorted.
func sources(under directory: URL) throws -> [SourceFile] {
  let keys: [URLResourceKey] = [.isRegularFileKey]
  guard let walker = FileManager.default.enumerator(at: directory,
    includingPropertiesForKeys: keys) else { return [] }
  var result: [SourceFile] = []
  let base = directory.standardizedFileURL.path + "/"
  for case let url as URL in walker {
    let ext = url.pathExtension
    guard ext == "c" || ext == "h" else { continue }
    let data = try Data(contentsOf: url)
    let text = String(decoding: data, as: UTF8.self)
    let path = url.standardizedFileURL.path.replacingOccurrences(of: base, with: "")
    result.append(SourceFile(path: path, text: text))
  }
  return result.sorted { $0.path < $1.path }
}
