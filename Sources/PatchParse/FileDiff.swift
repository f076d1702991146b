/// The change a patch makes to one file.
public struct FileDiff: Hashable, Sendable {
  public enum Status: String, Hashable, Sendable, Codable {
    case modified, added, deleted, renamed, copied
  }

  /// Path before the change, `a/` prefix removed; `nil` for a new file.
  public var oldPath: String?
  /// Path after the change, `b/` prefix removed; `nil` for a deleted file.
  public var newPath: String?
  public var status: Status
  public var oldMode: String?
  public var newMode: String?
  /// Binary patches are carried but never applied or analysed.
  public var isBinary: Bool
  public var hunks: [Hunk]
  /// 1-based line of the `diff --git`/`---` line within the message's patch text.
  public var line: Int
  /// `similarity index` of a rename or copy, in percent.
  public var similarity: Int?
  /// Abbreviated blob ids from the `index` line, when the diff has one.
  public var oldHash: String?
  public var newHash: String?

  public init(
    oldPath: String?, newPath: String?, status: Status = .modified, oldMode: String? = nil,
    newMode: String? = nil, isBinary: Bool = false, hunks: [Hunk] = [], line: Int = 1,
    similarity: Int? = nil, oldHash: String? = nil, newHash: String? = nil
  ) {
    self.similarity = similarity
    self.oldHash = oldHash
    self.newHash = newHash
    self.oldPath = oldPath
    self.newPath = newPath
    self.status = status
    self.oldMode = oldMode
    self.newMode = newMode
    self.isBinary = isBinary
    self.hunks = hunks
    self.line = line
  }

  /// The path a reviewer names: the new one, or the old one for a deletion.
  public var path: String { newPath ?? oldPath ?? "" }
}

/// One `@@ -a,b +c,d @@ section` hunk.
public struct Hunk: Hashable, Sendable {
  public struct Line: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case context, added, removed }
    public var kind: Kind
    /// The line without its leading marker and without the newline.
    public var text: String
    /// Set when the next line of the patch is `\ No newline at end of file`.
    public var missingNewline: Bool

    public init(kind: Kind, text: String, missingNewline: Bool = false) {
      self.kind = kind
      self.text = text
      self.missingNewline = missingNewline
    }
  }

  public var oldStart: Int
  public var oldCount: Int
  public var newStart: Int
  public var newCount: Int
  /// The function context git prints after the second `@@`.
  public var section: String
  public var lines: [Line]

  public init(
    oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: String = "",
    lines: [Line] = []
  ) {
    self.oldStart = oldStart
    self.oldCount = oldCount
    self.newStart = newStart
    self.newCount = newCount
    self.section = section
    self.lines = lines
  }
}
