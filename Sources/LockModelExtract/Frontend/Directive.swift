/// The preprocessor directives the lexer tells apart, read from the bytes after `#`.
enum Directive: Hashable, Sendable {
  case `if`, ifdef, ifndef, `else`, elif, endif, define
  /// Another name starting with `if`: still opens a group when counting nesting.
  case otherIf
  case other

  init(_ name: UnsafeBufferPointer<UInt8>) {
    switch name.count {
    case 2 where Self.equal(name, "if"): self = .if
    case 4 where Self.equal(name, "else"): self = .else
    case 4 where Self.equal(name, "elif"): self = .elif
    case 5 where Self.equal(name, "ifdef"): self = .ifdef
    case 5 where Self.equal(name, "endif"): self = .endif
    case 6 where Self.equal(name, "ifndef"): self = .ifndef
    case 6 where Self.equal(name, "define"): self = .define
    default:
      self = name.count >= 2 && name[0] == 0x69 && name[1] == 0x66 ? .otherIf : .other
    }
  }

  /// Callers have checked the lengths agree.
  private static func equal(_ name: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    let bytes = word.utf8Start
    for k in 0..<name.count where name[k] != bytes[k] { return false }
    return true
  }
}
