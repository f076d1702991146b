/// The identifiers the parsers test for by name. The lexer looks each identifier up once,
/// from its bytes; the parsers then compare a byte where they hashed or compared a string
/// on every look (a sixth of the front end's time).
enum Word: UInt8, Hashable, Sendable, CaseIterable {
  case other
  case `if`, `while`, `do`, `for`, `switch`, `case`, `default`, `return`, `goto`, `break`
  case `continue`, `else`, asm, gnuAsm, gnuAsmShort
  case sizeof, alignof, gnuAlignof, typeof, gnuTypeof, offsetof
  case `struct`, union, `enum`, `typedef`, `static`, attribute, acquires

  /// The C spelling; `other` has none.
  var spelling: String {
    switch self {
    case .other: ""
    case .if: "if"
    case .while: "while"
    case .do: "do"
    case .for: "for"
    case .switch: "switch"
    case .case: "case"
    case .default: "default"
    case .return: "return"
    case .goto: "goto"
    case .break: "break"
    case .continue: "continue"
    case .else: "else"
    case .asm: "asm"
    case .gnuAsm: "__asm__"
    case .gnuAsmShort: "__asm"
    case .sizeof: "sizeof"
    case .alignof: "_Alignof"
    case .gnuAlignof: "__alignof__"
    case .typeof: "typeof"
    case .gnuTypeof: "__typeof__"
    case .offsetof: "offsetof"
    case .struct: "struct"
    case .union: "union"
    case .enum: "enum"
    case .typedef: "typedef"
    case .static: "static"
    case .attribute: "__attribute__"
    case .acquires: "__acquires"
    }
  }

  /// Membership in the parsers' word lists, which stay the single source of the words.
  struct Traits: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    /// `ExpressionParser.typeKeywords`.
    static let typeKeyword = Traits(rawValue: 1)
    /// `FunctionParser.declarationStarts`.
    static let declarationStart = Traits(rawValue: 2)
    /// `DeclaratorReader.qualifiers`.
    static let qualifier = Traits(rawValue: 4)
    /// `FileScanner.attributes`.
    static let attribute = Traits(rawValue: 8)
  }

  /// Every listed identifier with its word and traits, as an open-addressing table over
  /// the bytes, so the lexer classifies an identifier without making a string.
  static let table = WordTable()
}

/// A fixed hash table from identifier bytes to `(Word, Word.Traits)`.
struct WordTable: Sendable {
  private static let slotCount = 1024
  /// Entry index + 1 per slot; 0 is empty.
  private var slots = [UInt16](repeating: 0, count: WordTable.slotCount)
  private var bytes: [UInt8] = []
  /// Entry `i` spells `bytes[starts[i]..<starts[i + 1]]`.
  private var starts: [Int] = [0]
  private var words: [Word] = []
  private var traits: [Word.Traits] = []
  /// The longest listed word: longer identifiers (a third of them) skip the hashing.
  private var longest = 0

  init() {
    var all: [String: (Word, Word.Traits)] = [:]
    for w in Word.allCases where w != .other { all[w.spelling] = (w, []) }
    let lists: [(Set<String>, Word.Traits)] = [
      (ExpressionParser.typeKeywords, .typeKeyword),
      (FunctionParser.declarationStarts, .declarationStart),
      (DeclaratorReader.qualifiers, .qualifier), (FileScanner.attributes, .attribute),
    ]
    for (list, trait) in lists {
      for name in list { all[name, default: (.other, [])].1.insert(trait) }
    }
    for (name, (word, traits)) in all.sorted(by: { $0.key < $1.key }) {
      let utf8 = Array(name.utf8)
      var slot = utf8.withUnsafeBufferPointer { Self.hash($0) } & (Self.slotCount - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (Self.slotCount - 1) }
      slots[slot] = UInt16(words.count + 1)
      bytes.append(contentsOf: utf8)
      starts.append(bytes.count)
      longest = max(longest, utf8.count)
      words.append(word)
      self.traits.append(traits)
    }
  }

  /// Length and four bytes (first, second, middle, last), not every byte: collisions
  /// only cost a probe, and this runs for every identifier of the tree.
  private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
    let n = name.count
    guard n > 0 else { return 0 }
    var h = UInt32(truncatingIfNeeded: n) &* 0x9E37_79B1
    h ^= UInt32(name[0]) &* 0x85EB_CA77
    h ^= UInt32(name[n >= 2 ? 1 : 0]) &* 0x1656_67B1
    h ^= UInt32(name[n / 2]) &* 0x27D4_EB2F
    h ^= UInt32(name[n - 1]) &* 0xC2B2_AE3D
    return Int(h ^ (h >> 15))
  }

  /// The word and traits of the identifier spelled by `name`.
  func classify(_ name: UnsafeBufferPointer<UInt8>) -> (Word, Word.Traits) {
    guard name.count <= longest else { return (.other, []) }
    var slot = Self.hash(name) & (Self.slotCount - 1)
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { return (.other, []) }
      let start = starts[entry - 1]
      if starts[entry] - start == name.count {
        var k = 0
        while k < name.count && bytes[start + k] == name[k] { k += 1 }
        if k == name.count { return (words[entry - 1], traits[entry - 1]) }
      }
      slot = (slot + 1) & (Self.slotCount - 1)
    }
  }
}
