/// Bounds that keep a hostile or broken message from costing more than a little memory/time.
public struct MessageLimits: Hashable, Sendable {
  /// Header fields per header block (the message's or one MIME part's).
  public var maxHeaderFields: Int
  /// Bytes of one unfolded header field.
  public var maxHeaderBytes: Int
  /// Multipart levels; deeper nesting is an error rather than a recursion risk.
  public var maxMIMEDepth: Int

  /// The defaults suit any real mail: 10 000 fields, 1 MiB per field, 16 MIME levels.
  public init(maxHeaderFields: Int = 10_000, maxHeaderBytes: Int = 1 << 20, maxMIMEDepth: Int = 16)
  {
    self.maxHeaderFields = maxHeaderFields
    self.maxHeaderBytes = maxHeaderBytes
    self.maxMIMEDepth = maxMIMEDepth
  }
}
