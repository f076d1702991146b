/// The part of a C expression the extractor needs: calls with their arguments, member
/// paths for lock-class naming, assignments and tests for the held-on-result analysis.
indirect enum Expr: Hashable, Sendable {
  case name(String)
  case number(String)
  case literal
  case call(callee: Expr, args: [Expr], line: Int32, column: Int32)
  case member(Expr, field: String, arrow: Bool)
  case index(Expr, Expr)
  case unary(String, Expr)
  case binary(String, Expr, Expr)
  case assign(String, Expr, Expr)
  case conditional(Expr, Expr, Expr)
  /// A cast or compound literal; `type` is the struct tag or typedef name when simple.
  case cast(type: String?, Expr)
  /// A type in an argument list (`container_of(p, struct x, m)`), its tag or typedef name.
  case typeName(String?)
  /// Expressions of a GNU statement expression or an initializer list, in order.
  case sequence([Expr])
  case unknown

  /// The callee's name for a direct call.
  var calleeName: String? {
    if case .call(.name(let name), _, _, _) = self { return name }
    return nil
  }

  /// Parentheses and casts removed.
  var stripped: Expr {
    switch self {
    case .cast(_, let inner): return inner.stripped
    case .sequence(let items) where items.count == 1: return items[0].stripped
    default: return self
    }
  }
}
