import Testing

@testable import LockModelExtract

@Suite("lexeme codes and words")
struct LexemeCodeTests {
  @Test("binary operators get C's precedences from their codes, assignments are told apart")
  func operatorCodes() {
    let precedence: [String: Int] = [
      "*": 13, "/": 13, "%": 13, "+": 12, "-": 12, "<<": 11, ">>": 11, "<": 10, "<=": 10,
      ">": 10, ">=": 10, "==": 9, "!=": 9, "&": 8, "^": 7, "|": 6, "&&": 5, "||": 4,
    ]
    let assignments: Set<String> = [
      "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=",
    ]
    let others = ["->", "++", "--", "!", "~", "?", ":", ",", ".", "(", "["]
    let all = precedence.keys.sorted() + assignments.sorted() + others
    let tokens = Lexer(text: all.joined(separator: " ")).lex().tokens
    #expect(tokens.map(\.text) == all)
    for token in tokens {
      #expect(Punct.binaryPrecedence(token.lexeme.code) == precedence[token.text], "\(token.text)")
      #expect(Punct.isAssignment(token.lexeme.code) == assignments.contains(token.text))
    }
  }

  @Test("keywords are recognised only when spelled exactly, and names keep their lists")
  func words() {
    let tokens = Lexer(text: "if iff struct structs __asm __asm__ sizeof u32 unsigned x")
      .lex().tokens
    #expect(tokens.map(\.lexeme.word) == [
      .if, .other, .struct, .other, .gnuAsmShort, .gnuAsm, .sizeof, .other, .other, .other,
    ])
    #expect(tokens[7].lexeme.traits == .declarationStart)
    #expect(tokens[8].lexeme.traits == [.declarationStart, .qualifier, .typeKeyword])
    #expect(tokens[9].lexeme.traits.isEmpty)
  }
}
