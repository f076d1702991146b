import Foundation
import Testing

@testable import LockModelExtract

/// A function every hostile file also holds: it must still be modelled beside the bad one.
private let goodFunction = """
  struct mutex { int o; };
  struct d { struct mutex m; };
  void good(struct d *x)
  {
  	mutex_lock(&x->m);
  	mutex_unlock(&x->m);
  }

  """

/// `good` is modelled with its lock; `skipped` names the functions refused.
private func expectGoodKept(_ tree: TreeModel, skipped: [String] = []) {
  let good = tree.functions.first { $0.name == "good" }
  #expect(good?.acquisitions.map(\.lock.name) == ["d.m"])
  #expect(tree.functionsSkipped == skipped.count)
  for name in skipped { #expect(!tree.functions.map(\.name).contains(name)) }
}

@Suite("hostile sources")
struct HostileSourceTests {
  @Test("20 000 nested parentheses skip the function as nesting-too-deep, the rest kept")
  func deepParentheses() {
    let deep = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
    let tree = model(goodFunction + "int deep(void)\n{\n\treturn \(deep);\n}\n")
    expectGoodKept(tree, skipped: ["deep"])
    #expect(tree.diagnostics == ["t.c:8: nesting-too-deep: deep"])
  }

  @Test("20 000 nested blocks skip the function as nesting-too-deep, the rest kept")
  func deepBlocks() {
    let deep = String(repeating: "if (a) {", count: 20_000) + String(repeating: "}", count: 20_000)
    let tree = model(goodFunction + "int deep(int a)\n{\n\t\(deep)\n\treturn 0;\n}\n")
    expectGoodKept(tree, skipped: ["deep"])
    #expect(tree.diagnostics == ["t.c:8: nesting-too-deep: deep"])
  }

  @Test("a 20 000-branch else-if chain and a 100 000-term sum are refused, not recursed")
  func longChains() {
    let chain = (0..<20_000).map { "if (a == \($0)) a++;" }.joined(separator: " else ")
    let sum = (0..<100_000).map { "a\($0)" }.joined(separator: " + ")
    let tree = model(
      goodFunction + "int chain(int a)\n{\n\t\(chain)\n\treturn a;\n}\n"
        + "int sum(void)\n{\n\treturn \(sum);\n}\n")
    expectGoodKept(tree, skipped: ["chain", "sum"])
    #expect(
      tree.diagnostics == [
        "t.c:8: nesting-too-deep: chain", "t.c:13: nesting-too-deep: sum",
      ])
  }

  @Test("deeply nested file-scope initializers are noted and the file's functions kept")
  func deepInitializer() {
    let deep = String(repeating: "{", count: 20_000) + "0" + String(repeating: "}", count: 20_000)
    let tree = model(goodFunction + "static struct d table[] = \(deep);\n")
    expectGoodKept(tree)
    #expect(tree.diagnostics == ["t.c:8: nesting-too-deep: table"])
  }

  @Test("unbalanced braces lose only the function they are in")
  func unbalancedBraces() {
    let tree = model(
      "}}} ))) ]]]\nint stray(int a)\n{\n\tif (a) { a++; }}\n\treturn a;\n}\n" + goodFunction
        + "int open(int a)\n{\n\tif (a) {\n")
    let good = tree.functions.first { $0.name == "good" }
    #expect(good?.acquisitions.map(\.lock.name) == ["d.m"])
    #expect(tree.diagnostics.contains { $0.hasSuffix("unterminated-body: open") })
  }

  @Test("100 000 stray closing brackets after 100 000 openers are matched in linear time")
  func strayClosersAreLinear() {
    let text = goodFunction + String(repeating: "(", count: 100_000)
      + String(repeating: "]", count: 100_000) + "\n"
    let tree = model(text)
    #expect(tree.functions.first { $0.name == "good" } != nil)
  }

  @Test("a 100 000-line function is modelled with its lock events")
  func hugeFunction() {
    var body = "void huge(struct d *x, int a)\n{\n"
    for line in 0..<50_000 {
      body += "\tif (a > \(line))\n\t\tmutex_lock(&x->m);\n"
    }
    body += "}\n"
    let tree = model(goodFunction + body)
    expectGoodKept(tree)
    let huge = tree.functions.first { $0.name == "huge" }
    #expect(huge?.location.line == 8)
    #expect(huge?.endLine == 100_010)
  }

  @Test("an unterminated character literal does not shift the lines of what follows")
  func unterminatedLiteral() {
    let tree = model("char c = 'x;\nstruct mutex { int o; };\nstruct d { struct mutex m; };\n"
      + "void good(struct d *x)\n{\n\tmutex_lock(&x->m);\n}\n")
    #expect(tree.functions.first { $0.name == "good" }?.location.line == 4)
    #expect(tree.functions.first?.acquisitions.first?.location.line == 6)
  }

  @Test("a literal continued over lines with a backslash is placed where it starts")
  func continuedLiteral() {
    let tokens = Lexer(text: "void f(void)\n{\n\tputs(\"a \\\n b\"); g();\n}\n").lex().tokens
    let literal = tokens.first { $0.kind == .string }
    #expect(literal.map { [$0.line, $0.column] } == [3, 7])
    let call = tokens.first { $0.text == "g" }
    #expect(call.map { [$0.line, $0.column] } == [4, 7])
    #expect(Lexer(text: "'\\").lex().tokens.map(\.text) == ["'\\"])
  }

  @Test("binary bytes named .c give a model or diagnostics, never a crash")
  func binaryFile() {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let file = FileModel(
      extracting: SourceFile(path: "fw.c", text: String(decoding: bytes, as: UTF8.self)),
      knowledge: bundledKnowledge)
    #expect(file.path == "fw.c")
  }
}
