/// Reads names and types out of C declarations without a symbol table.
enum DeclaratorReader {
  static let qualifiers: Set<String> = [
    "const", "volatile", "static", "extern", "register", "auto", "inline", "__inline",
    "__inline__", "unsigned", "signed", "int", "char", "short", "long", "void", "bool",
    "_Bool", "float", "double", "__iomem", "__user", "__rcu", "__percpu", "__force",
    "__maybe_unused", "__always_unused", "__read_mostly", "__init", "__exit", "__initdata",
    "__must_check", "noinline", "__always_inline", "restrict", "__restrict", "__packed",
    "__aligned", "__attribute__", "enum", "typedef", "__cold", "__pure", "notrace",
    "__visible", "__ro_after_init", "__noreturn", "__weak", "__used",
  ]

  /// The declared name in a declarator range: the last identifier outside brackets, or
  /// the one inside `(*name)` for a function pointer.
  static func name(
    in range: Range<Int>, tokens: [Lexeme], texts: TokenTexts, match: [Int32]
  ) -> (String, Int)? {
    var found: (String, Int)?
    var k = range.lowerBound
    while k < range.upperBound {
      let t = tokens[k]
      if t.isPunct("(") {
        let close = min(Int(match[k]), range.upperBound)
        if k + 1 < close && tokens[k + 1].isPunct("*") {
          var j = k + 1
          while j < close {
            if tokens[j].kind == .identifier && !tokens[j].traits.contains(.qualifier) {
              return (texts[j], j)
            }
            j += 1
          }
        }
        if k > range.lowerBound, tokens[k - 1].isWord(.attribute) {
          k = close + 1
          continue
        }
        k = close + 1
        continue
      }
      if t.isPunct("[") || t.isPunct(":") { break }
      if t.kind == .identifier && !t.traits.contains(.qualifier) { found = (texts[k], k) }
      k += 1
    }
    return found
  }

  /// The struct tag (`struct x` → `x`) or typedef name of a specifier range.
  static func typeName(in range: Range<Int>, tokens: [Lexeme], texts: TokenTexts) -> String? {
    var k = range.lowerBound
    while k < range.upperBound {
      let t = tokens[k]
      if t.kind == .identifier {
        if t.word == .struct || t.word == .union {
          if k + 1 < range.upperBound && tokens[k + 1].kind == .identifier {
            return texts[k + 1]
          }
          return nil
        }
        if !t.traits.contains(.qualifier) { return texts[k] }
      }
      k += 1
    }
    return nil
  }
}
