/// One message read from an input, as `reviewbot parse` lists it.
public struct ParsedMessage: Hashable, Sendable {
  /// The input as the user named it (a path, or `-` for stdin).
  public var input: String
  /// The message as parsed.
  public var mail: Mail

  /// Pairs a parsed message with the input it came from.
  public init(input: String, mail: Mail) {
    self.input = input
    self.mail = mail
  }
}
