import Foundation
import Yams

/// A knowledge-base document that cannot be used, with where.
public enum KnowledgeBaseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// YAML syntax error; `line` is 1-based when Yams knows it.
  case syntax(source: String, line: Int?, message: String)
  /// Well-formed YAML with a value the schema does not allow.
  case invalid(source: String, line: Int, message: String)
  /// The bundled resource is missing from the build.
  case missingResource(String)

  public var description: String {
    switch self {
    case .syntax(let source, let line, let message):
      return "\(source):\(line.map(String.init) ?? "?"): \(message)"
    case .invalid(let source, let line, let message):
      return "\(source):\(line): \(message)"
    case .missingResource(let name):
      return "missing resource \(name)"
    }
  }
}

extension KnowledgeBase {
  /// The knowledge base shipped with reviewbot (`Resources/knowledge-base.yml`).
  /// - Throws: `KnowledgeBaseError` when the resource is missing or invalid.
  public static func bundled() throws -> KnowledgeBase {
    guard let url = Bundle.module.url(forResource: "knowledge-base", withExtension: "yml"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else { throw KnowledgeBaseError.missingResource("knowledge-base.yml") }
    return try KnowledgeBase(yaml: text, source: "knowledge-base.yml")
  }

  /// Parses a knowledge-base YAML document (the bundled file or a `.reviewbot.yml`).
  /// - Parameters:
  ///   - yaml: the document.
  ///   - source: the name errors give for it.
  /// - Throws: `KnowledgeBaseError` naming `source` and the line.
  public init(yaml: String, source: String) throws {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw KnowledgeBaseError.syntax(source: source, line: Self.line(of: error),
        message: "\(error)")
    }
    self.init()
    guard let root else { return }
    var reader = KnowledgeBaseReader(source: source)
    try reader.read(root, into: &self)
  }

  private static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    default:
      return nil
    }
  }

  /// This knowledge base with `other`'s entries added or overriding (a `.reviewbot.yml`).
  public func merging(_ other: KnowledgeBase) -> KnowledgeBase {
    var result = self
    result.primitives.merge(other.primitives) { _, new in new }
    result.contexts.merge(other.contexts) { _, new in new }
    result.aliases.merge(other.aliases) { _, new in new }
    for r in other.registrations where !result.registrations.contains(r) {
      result.registrations.append(r)
    }
    for (type, members) in other.types {
      result.types[type, default: [:]].merge(members) { _, new in new }
    }
    result.globals.merge(other.globals) { _, new in new }
    result.conditionWrappers.formUnion(other.conditionWrappers)
    result.assertionWrappers.formUnion(other.assertionWrappers)
    result.yieldCalls.formUnion(other.yieldCalls)
    result.containerMacros.formUnion(other.containerMacros)
    result.errorReturns.formUnion(other.errorReturns)
    result.heldOnEntryAnnotations.formUnion(other.heldOnEntryAnnotations)
    result.gfpFlags.merge(other.gfpFlags) { _, new in new }
    for rule in other.reclaimRules where !result.reclaimRules.contains(rule) {
      result.reclaimRules.append(rule)
    }
    result.constants.merge(other.constants) { _, new in new }
    return result
  }
}
