import Foundation
import Testing

@testable import LockModelExtract

/// Inputs that once crashed a libFuzzer target (kept by `Fuzz/run` under
/// `Crashers/<target>/`), or that crashed the same calls before a fix, replayed.
@Suite("fuzz crashers replayed")
struct CrasherReplayTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Crashers")

  @Test("every kept crasher gives a model, diagnostics or a located error, never a crash")
  func replay() throws {
    let files = FileManager.default
    var replayed = 0
    for target in try files.contentsOfDirectory(atPath: Self.directory.path).sorted() {
      let folder = Self.directory.appendingPathComponent(target)
      for name in try files.contentsOfDirectory(atPath: folder.path).sorted() {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        replayed += 1
        switch target {
        case "clexer":
          var scanner = FileScanner(
            lexed: Lexer(text: text).lex(), path: name, knowledge: KnowledgeBase())
          scanner.scan()
        case "filemodel":
          let file = FileModel(
            extracting: SourceFile(path: name, text: text), knowledge: bundledKnowledge)
          let tree = TreeModel(files: [file], knowledge: bundledKnowledge)
          #expect(tree.functions.count + tree.functionsSkipped >= 1, "\(name)")
        case "knowledge":
          do {
            _ = try KnowledgeBase(yaml: text, source: name)
          } catch {
            #expect("\(error)".hasPrefix(name), "\(name)")
          }
        default:
          Issue.record("crasher \(name) kept for unknown target \(target)")
        }
      }
    }
    #expect(replayed > 0)
  }

  @Test("the kept deep-nesting crashers are refused as nesting-too-deep at the function")
  func deepNestingDiagnosed() throws {
    for name in ["deep-blocks", "deep-parentheses"] {
      let url = Self.directory.appendingPathComponent("filemodel/\(name)")
      let text = try String(contentsOf: url, encoding: .utf8)
      let file = FileModel(
        extracting: SourceFile(path: name, text: text), knowledge: bundledKnowledge)
      #expect(file.diagnostics.map(\.description) == ["\(name):1: nesting-too-deep: f"])
    }
  }
}
