/// The part of a C expression the extractor needs: calls with their arguments, member
/// paths for lock-class naming, assignments and tests for the held-on-result analysis.
///
/// Only the cases that hold an `Expr` are `indirect`: names and numbers, half of all
/// nodes, are then stored in place instead of each in a heap box of its own.
enum Expr: Hashable, Sendable {
  case name(String)
  case number(String)
  case literal
  indirect case call(callee: Expr, args: [Expr], line: Int32, column: Int32)
  indirect case member(Expr, field: String, arrow: Bool)
  indirect case index(Expr, Expr)
  indirect case unary(String, Expr)
  indirect case binary(String, Expr, Expr)
  indirect case assign(String, Expr, Expr)
  indirect case conditional(Expr, Expr, Expr)
  /// A cast or compound literal; `type` is the struct tag or typedef name when simple.
  indirect case cast(type: String?, Expr)
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
