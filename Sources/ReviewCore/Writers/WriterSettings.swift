import LockModelExtract

/// What the writers need beyond the run: the knowledge base for review text, and the
/// reply mail's sender and date.
public struct WriterSettings: Sendable {
  /// For `summary`, `advice` and `reproducer` texts.
  public var knowledge: KnowledgeBase
  public var version: String
  /// The reply's `From:`.
  public var from: String
  /// The reply's `Date:`; no header when `nil`, so output does not depend on the clock.
  public var date: String?

  public init(
    knowledge: KnowledgeBase, version: String = ToolInfo.version,
    from: String = "reviewbot <reviewbot@localhost>", date: String? = nil
  ) {
    self.knowledge = knowledge
    self.version = version
    self.from = from
    self.date = date
  }
}
