/// A C function as the extractor saw it, with every acquisition reachable from it.
public struct FunctionModel: Hashable, Sendable, Codable {
  public var name: String
  /// The line of the function's name in its definition.
  public var location: SourceLocation
  /// Last line of the body (the closing brace).
  public var endLine: Int
  public var isStatic: Bool
  /// Acquisitions in program order, callees' included (with `via` and the call site).
  public var acquisitions: [Acquisition]
  public var trylockRetries: [TrylockRetry]
  public var imbalances: [Imbalance]

  public init(
    name: String, location: SourceLocation, endLine: Int, isStatic: Bool = false,
    acquisitions: [Acquisition] = [], trylockRetries: [TrylockRetry] = [],
    imbalances: [Imbalance] = []
  ) {
    self.name = name
    self.location = location
    self.endLine = endLine
    self.isStatic = isStatic
    self.acquisitions = acquisitions
    self.trylockRetries = trylockRetries
    self.imbalances = imbalances
  }
}

/// What the extractor knows of a whole tree: functions with their acquisitions, and how
/// the core kernel enters them.
public struct TreeModel: Sendable {
  /// Sorted by file, then line.
  public var functions: [FunctionModel]
  /// Sorted by registration site.
  public var entries: [EntryPoint]
  public var fileCount: Int
  /// Functions the parser gave up on (each has a diagnostic).
  public var functionsSkipped: Int
  public var diagnostics: [String]

  public init(
    functions: [FunctionModel], entries: [EntryPoint], fileCount: Int = 0,
    functionsSkipped: Int = 0, diagnostics: [String] = []
  ) {
    self.functions = functions
    self.entries = entries
    self.fileCount = fileCount
    self.functionsSkipped = functionsSkipped
    self.diagnostics = diagnostics
  }
}
