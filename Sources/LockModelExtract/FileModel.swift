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
/// knowledge base, so it can be cached by blob id.
/// INTERFACE PLACEHOLDER: the LockModelExtract issue fills this in.
public struct FileModel: Hashable, Sendable, Codable {
  public var path: String

  public init(extracting file: SourceFile, knowledge: KnowledgeBase) {
    path = file.path
  }
}

extension TreeModel {
  /// Links per-file models: resolves calls, builds interprocedural summaries, and derives
  /// entry points. INTERFACE PLACEHOLDER: the LockModelExtract issue fills this in.
  public init(files: [FileModel], knowledge: KnowledgeBase) {
    self.init(functions: [], entries: [], fileCount: files.count)
  }
}

extension KnowledgeBase {
  /// The knowledge base shipped with reviewbot. INTERFACE PLACEHOLDER.
  public static func bundled() throws -> KnowledgeBase { KnowledgeBase() }

  /// Parses a knowledge-base YAML document; `source` names it in errors. INTERFACE PLACEHOLDER.
  public init(yaml: String, source: String) throws { self.init() }

  /// This knowledge base with `other`'s entries added or overriding. INTERFACE PLACEHOLDER.
  public func merging(_ other: KnowledgeBase) -> KnowledgeBase { self }
}
