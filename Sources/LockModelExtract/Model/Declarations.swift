/// A struct or union and the types of its members (tag or typedef name; nil for a
/// basic type). An anonymous member struct is named `<outer>.<member>` and flagged.
public struct StructDecl: Hashable, Sendable, Codable {
  public struct Field: Hashable, Sendable, Codable {
    public var name: String
    public var type: String?
  }
  public var name: String
  public var isAnonymous: Bool
  public var fields: [Field]
}

/// `typedef <target> name;` where the target is a struct tag or another typedef.
public struct TypeAlias: Hashable, Sendable, Codable {
  public var name: String
  public var target: String
}

/// A file-scope variable of a struct or typedef type, or a function returning a pointer
/// to one (`kind` tells which).
public struct TypedName: Hashable, Sendable, Codable {
  public enum Kind: String, Hashable, Sendable, Codable {
    case global, function
  }
  public var kind: Kind
  public var name: String
  public var type: String
  public var isStatic: Bool
}

/// Where a function is handed to the core kernel: an ops-table field, a registration
/// macro, a registration call, or an assignment to an ops field.
public struct RegistrationSite: Hashable, Sendable, Codable {
  public enum Form: String, Hashable, Sendable, Codable {
    case field, macro, call
  }
  public var form: Form
  /// The ops struct's type for a designated initializer.
  public var structType: String?
  /// The struct expression for the assignment form (`dev_priv->mm.shrinker`).
  public var base: LockRef?
  public var field: String?
  /// The macro or call name.
  public var name: String?
  public var function: String
  public var handle: String?
  /// The work item for `INIT_WORK`-style registrations.
  public var item: LockRef?
  public var line: Int
  public var column: Int
  /// The context of a macro or call registration (decided when it was read).
  public var context: String?
  /// The file-scope variable a designated initializer fills (`kms_driver`), so the
  /// members one table sets can be told from another's.
  public var table: String?
}

/// Something the front end could not read, with where.
public struct Diagnostic: Hashable, Sendable, Codable {
  public var kind: String
  public var file: String
  public var line: Int
  public var detail: String

  /// `file:line: kind: detail`.
  public var description: String { "\(file):\(line): \(kind): \(detail)" }
}
