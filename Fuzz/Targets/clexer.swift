// libFuzzer entry for the tolerant C lexer and the function finder (declarations, bodies,
// control flow) with an empty knowledge base, built by Fuzz/run against an instrumented
// LockModelExtract. Every token must lie inside the input and carry a 1-based position.

@testable import LockModelExtract

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCLexer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  let text = String(decoding: bytes, as: UTF8.self)
  let lexed = Lexer(text: text).lex()
  let lines = text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
  for token in lexed.tokens where token.line < 1 || token.line > lines || token.column < 1 {
    fatalError("token \(token.text) at \(token.line):\(token.column) of \(lines) lines")
  }
  var scanner = FileScanner(lexed: lexed, path: "fuzz.c", knowledge: KnowledgeBase())
  scanner.scan()
  if scanner.skipped < 0 { fatalError("negative skip count") }
  return 0
}
