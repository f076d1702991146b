/// A place in kernel source: path relative to the tree root, 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.file, a.line, a.column) < (b.file, b.line, b.column)
  }

  /// `file:line`, as reviews print it.
  public var description: String { "\(file):\(line)" }
}
