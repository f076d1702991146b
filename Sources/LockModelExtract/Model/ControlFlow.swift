/// One thing a statement does that matters for locking, in evaluation order.
public struct Event: Hashable, Sendable, Codable {
  public enum Kind: String, Hashable, Sendable, Codable {
    /// A knowledge-base primitive (`name` is its entry).
    case primitive
    /// A call to anything else; linked to a tree function when one has the name.
    case call
    /// `variable = <call or constant>`; `source` is the call's value id or `=CONSTANT`.
    case assign
    /// An assertion (`lockdep_assert_held`, `WARN_ON(!mutex_is_locked(x))`).
    case assertHeld = "assert-held"
    /// A call through a function pointer member (`obj->ops->put_pages(obj)`): `name` is
    /// the member, `lock` the struct expression holding it.
    case indirectCall = "indirect-call"
  }

  public var kind: Kind
  public var name: String
  public var line: Int
  public var column: Int
  public var lock: LockRef?
  public var subclass: Int
  /// The subclass argument when it is a name the file cannot decide (an enum constant
  /// declared elsewhere, or a parameter); `subclass` is then -1 until linking resolves it.
  public var subclassName: String?
  public var acquireContext: String?
  /// GFP flag names of an allocation (`~X` for a removed flag); nil when not given.
  public var gfp: [String]?
  /// The value id of a call (`@line:column`), or the variable of an assignment.
  public var value: String?
  /// For an assignment, where the value came from.
  public var source: String?
  /// For a call, the arguments that are literal constants (`true`, `0`, `NULL`), by
  /// position; empty when none is. Lets a callee that tests such a parameter be analysed
  /// for this call only (`__ttm_bo_reserve(bo, false, true, NULL)` only trylocks).
  public var constantArguments: [ValueFact.Predicate?] = []
  /// For a call, the arguments that are plain identifiers, by position (empty when none),
  /// so a parameter known on entry passes on (`ttm_bo_reserve` → `__ttm_bo_reserve`).
  public var argumentNames: [String?] = []
  /// For a call, arguments that are ORs of named constants (`I915_CLFLUSH_SYNC`), by
  /// position, so a callee's `if (flags & X)` can be decided for this call.
  public var argumentFlags: [[String]?] = []
  /// For an indirect call, the local or parameter whose ops member is called
  /// (`e->funcs->begin_use(e)`: `e`), so a caller that knows which ops table that
  /// object has can narrow the call to it; nil when the object is not a plain variable.
  public var receiver: String?

  public init(
    kind: Kind, name: String, line: Int, column: Int, lock: LockRef? = nil,
    subclass: Int = 0, acquireContext: String? = nil, gfp: [String]? = nil,
    value: String? = nil, source: String? = nil
  ) {
    self.kind = kind
    self.name = name
    self.line = line
    self.column = column
    self.lock = lock
    self.subclass = subclass
    self.acquireContext = acquireContext
    self.gfp = gfp
    self.value = value
    self.source = source
  }
}

/// What a `return` gives back, as far as holding a lock on return depends on it.
public enum ReturnValue: Hashable, Sendable, Codable {
  case none, zero, nonzero, unknown
  /// A negative errno or `ERR_PTR()`: no wrapper returns one while keeping a lock.
  case error
  /// A named constant (`VM_FAULT_NOPAGE`), for retry detection.
  case code(String)
  /// A variable or a call's value id.
  case value(String)

  /// A literal, an error or a named code: known at the `return` itself.
  var isConstant: Bool {
    switch self {
    case .zero, .nonzero, .error, .code: return true
    case .none, .unknown, .value: return false
    }
  }
}

/// How a basic block ends.
public enum Terminator: Hashable, Sendable, Codable {
  case jump(Int)
  /// Facts that hold on each side of a two-way branch.
  case branch(whenTrue: [ValueFact], whenFalse: [ValueFact], then: Int, otherwise: Int)
  case multi([Int])
  case returns(ReturnValue, line: Int)
}

/// A straight-line run of events.
public struct Block: Hashable, Sendable, Codable {
  public var events: [Event]
  public var terminator: Terminator
  /// A loop or label head: the target of a back edge or `goto`.
  public var line: Int
  /// The step of an iteration (a `for` step, a `list_for_each*` head): going round it
  /// moves on to the next element rather than retrying.
  public var isIteration: Bool

  public init(
    events: [Event] = [], terminator: Terminator = .jump(-1), line: Int,
    isIteration: Bool = false
  ) {
    self.events = events
    self.terminator = terminator
    self.line = line
    self.isIteration = isIteration
  }
}

/// A function body as the extractor keeps it per file: blocks, entry 0.
public struct FunctionBody: Hashable, Sendable, Codable {
  public var name: String
  public var isStatic: Bool
  public var line: Int
  public var column: Int
  public var endLine: Int
  /// Struct tag or typedef name when the function returns a pointer to one.
  public var returnType: String?
  /// Locks the function says are held on entry (`__must_hold`, `__releases`).
  public var heldOnEntry: [LockRef]
  public var blocks: [Block]
  /// Parameter names in order (for per-call analysis with constant arguments).
  public var parameters: [String] = []
  /// Each parameter's struct tag or typedef name, in order ("" for a basic type), so an
  /// ops callback's own object can be told among its parameters.
  public var parameterTypes: [String] = []
}
