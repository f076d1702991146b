/// A source file's path (relative to the tree root) and text.
public struct SourceFile: Hashable, Sendable {
  public var path: String
  public var text: String

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// What one file contributes to a tree model; a pure function of the file's text and the
/// knowledge base, so it can be cached by blob id (together with the knowledge base).
///
/// Lock names stay unresolved here (`LockRef`): the struct declarations that name them may
/// live in other files, so `TreeModel(files:knowledge:)` resolves them.
public struct FileModel: Hashable, Sendable, Codable {
  public var path: String
  /// Function bodies as control-flow graphs of lock events, in source order.
  public var functions: [FunctionBody]
  public var structs: [StructDecl]
  public var typedefs: [TypeAlias]
  /// File-scope variables and functions returning struct pointers (incl. prototypes and
  /// `container_of` macros).
  public var typedNames: [TypedName]
  public var registrations: [RegistrationSite]
  /// Enumerators with the values they are sure to have (`enum { A = 0, B }`), so a
  /// subclass given by name (`mutex_lock_nested(l, B)`) is a number once linked.
  public var enumConstants: [String: Int] = [:]
  /// Functions whose bodies could not be read (each has a diagnostic).
  public var functionsSkipped: Int
  public var diagnostics: [Diagnostic]

  /// Reads one file: lexes it, finds its functions and declarations, and turns each body
  /// into a control-flow graph of the events the knowledge base gives meaning to.
  /// - Parameters:
  ///   - file: the path relative to the tree root, and the text.
  ///   - knowledge: which calls are lock primitives, allocations, registrations.
  public init(extracting file: SourceFile, knowledge: KnowledgeBase) {
    let lexed = Lexer(text: file.text, containerMacros: Array(knowledge.containerMacros)).lex()
    var scanner = FileScanner(lexed: lexed, path: file.path, knowledge: knowledge)
    scanner.scan()
    path = file.path
    functions = scanner.functions
    structs = scanner.structs
    typedefs = scanner.aliases
    typedNames = scanner.names
    registrations = scanner.builder.registrations
    enumConstants = scanner.enumConstants
    functionsSkipped = scanner.skipped
    diagnostics = scanner.builder.diagnostics
  }
}
