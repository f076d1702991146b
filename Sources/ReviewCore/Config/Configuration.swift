import Foundation
import LockModelExtract

/// A `.reviewbot.yml` (or `--config FILE`): knowledge-base extensions and suppressions.
public struct Configuration: Sendable {
  /// Primitives, contexts and aliases the file adds; `nil` when it adds none.
  public var knowledge: KnowledgeBase?
  public var suppressions: [Suppression]

  public init(knowledge: KnowledgeBase? = nil, suppressions: [Suppression] = []) {
    self.knowledge = knowledge
    self.suppressions = suppressions
  }

  /// Parses a configuration document.
  /// - Parameters:
  ///   - yaml: the file's text.
  ///   - source: the file's name, for errors.
  /// - Throws: ``ConfigurationError`` naming the file and line.
  public init(yaml: String, source: String) throws(ConfigurationError) {
    let split = SuppressionsSection.split(yaml)
    suppressions = try SuppressionsSection.parse(split.section, source: source)
    let rest = split.rest.split(separator: "\n", omittingEmptySubsequences: false)
    let meaningful = rest.contains { line in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      return !trimmed.isEmpty && !trimmed.hasPrefix("#") && trimmed != "---"
    }
    if meaningful {
      do {
        knowledge = try KnowledgeBase(yaml: split.rest, source: source)
      } catch {
        throw .knowledgeBase(file: source, detail: "\(error)")
      }
    } else {
      knowledge = nil
    }
  }

  /// Reads and parses a configuration file.
  /// - Throws: ``ConfigurationError`` when it cannot be read or parsed.
  public static func load(path: String) throws(ConfigurationError) -> Configuration {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(file: path)
    }
    return try Configuration(yaml: String(decoding: data, as: UTF8.self), source: path)
  }

  /// `base` with this configuration's knowledge added.
  public func knowledgeBase(extending base: KnowledgeBase) -> KnowledgeBase {
    knowledge.map { base.merging($0) } ?? base
  }
}

/// A configuration file that cannot be used, with where.
public enum ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
  case unreadable(file: String)
  case invalidSuppression(file: String, line: Int, detail: String)
  case knowledgeBase(file: String, detail: String)

  /// One line for stderr.
  public var description: String {
    switch self {
    case .unreadable(let file): "\(file): cannot read"
    case .invalidSuppression(let file, let line, let detail): "\(file):\(line): \(detail)"
    case .knowledgeBase(let file, let detail): "\(file): \(detail)"
    }
  }
}
