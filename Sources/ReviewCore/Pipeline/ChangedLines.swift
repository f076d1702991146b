import LockModelExtract
import PatchParse

/// The lines a patch changes, on the patched side, per file.
struct ChangedLines: Sendable {
  /// Path to sorted new-side line numbers that were added, or where lines were removed.
  private(set) var lines: [String: [Int]] = [:]

  init(_ diffs: [FileDiff]) {
    for diff in diffs where !diff.isBinary {
      guard let path = diff.newPath else { continue }
      var touched: [Int] = []
      for hunk in diff.hunks {
        var newLine = hunk.newStart
        for line in hunk.lines {
          switch line.kind {
          case .context:
            newLine += 1
          case .added:
            touched.append(newLine)
            newLine += 1
          case .removed:
            // A removal changes the function that now holds the line after it.
            touched.append(newLine)
          }
        }
      }
      if diff.status == .added, touched.isEmpty { touched = [1] }
      lines[path, default: []] += touched
    }
    for key in lines.keys { lines[key] = Array(Set(lines[key] ?? [])).sorted() }
  }

  /// True when a changed line falls within `function`'s definition.
  func touches(_ function: FunctionModel) -> Bool {
    guard let touched = lines[function.location.file] else { return false }
    let first = function.location.line
    let last = max(first, function.endLine)
    return touched.contains { $0 >= first && $0 <= last }
  }

  /// Names of the functions in `model` that the patch changes, sorted.
  func functions(in model: TreeModel) -> Set<String> {
    Set(model.functions.filter(touches).map(\.name))
  }
}
