import LockModelExtract

/// Functions by name; static functions of different files may share one, so a lookup
/// prefers the file the caller names.
struct FunctionTable {
  private struct Identity: Hashable {
    var name: String
    var location: SourceLocation
  }

  private var byName: [String: [Int]] = [:]
  private var ids: [Identity: Int] = [:]
  private let functions: [FunctionModel]

  init(_ functions: [FunctionModel]) {
    self.functions = functions
    byName.reserveCapacity(functions.count)
    ids.reserveCapacity(functions.count)
    // By index: a loop over the values would copy every function's acquisitions too.
    for index in functions.indices {
      byName[functions[index].name, default: []].append(index)
      ids[Identity(name: functions[index].name, location: functions[index].location)] = index
    }
  }

  func contains(_ name: String) -> Bool { byName[name] != nil }

  /// Whether more than one function is called `name`.
  func isShared(_ name: String) -> Bool { (byName[name]?.count ?? 0) > 1 }

  /// A stable id for a function of this table.
  func id(of function: FunctionModel) -> Int {
    ids[Identity(name: function.name, location: function.location)] ?? -1
  }

  /// The function called `name`, the one defined in `place`'s file when there are several.
  func lookup(_ name: String, near place: SourceLocation) -> FunctionModel? {
    guard let candidates = byName[name] else { return nil }
    let chosen =
      candidates.first { functions[$0].location.file == place.file } ?? candidates[0]
    return functions[chosen]
  }
}
