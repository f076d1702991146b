/// A lock (or work item) named in source, before the tree's declarations resolve it to a
/// lock class: the base's type as far as the file knows it, then the member path.
public struct LockRef: Hashable, Sendable, Codable {
  public enum Base: Hashable, Sendable, Codable {
    /// A parameter or local of this struct tag or typedef name.
    case typed(String)
    /// An identifier not declared in the function: a global, or a macro like `current`.
    case global(String)
    /// The result of calling this function or macro (`to_i915(dev)`).
    case returnOf(String)
    case unknown
  }

  public var base: Base
  /// Member names after the base (`obj->base.dev->struct_mutex`: base, dev, struct_mutex).
  public var path: [String]

  public init(base: Base, path: [String]) {
    self.base = base
    self.path = path
  }
}

/// A fact about a tested value: the result of a call (`@line:column`) or a variable.
public struct ValueFact: Hashable, Sendable, Codable {
  public enum Predicate: String, Hashable, Sendable, Codable {
    case zero, nonzero
  }
  public var value: String
  public var predicate: Predicate
  /// Only settles a lock held on this value's result (`(ret = lock()) >= 0` means "held"
  /// for a wrapper returning 0 or a negative error) without claiming the value is zero,
  /// so it never makes a later `ret == 0` test unreachable.
  public var settlesOnly = false

  public init(value: String, predicate: Predicate, settlesOnly: Bool = false) {
    self.value = value
    self.predicate = predicate
    self.settlesOnly = settlesOnly
  }
}
