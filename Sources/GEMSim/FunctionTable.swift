import LockModelExtract

/// Functions by name; static functions of different files may share one, so a lookup
/// prefers the file the caller names.
struct FunctionTable {
  private var byName: [String: [Int]] = [:]
  private let functions: [FunctionModel]

  init(_ functions: [FunctionModel]) {
    self.functions = functions
    byName.reserveCapacity(functions.count)
    // By index: a loop over the values would copy every function's acquisitions too.
    for index in functions.indices { byName[functions[index].name, default: []].append(index) }
  }

  func contains(_ name: String) -> Bool { byName[name] != nil }

  /// Whether more than one function is called `name`.
  func isShared(_ name: String) -> Bool { (byName[name]?.count ?? 0) > 1 }

  /// A stable id for a function of this table: its index (the last one of this name and
  /// place, should there be two).
  func id(of function: FunctionModel) -> Int {
    byName[function.name]?.last { functions[$0].location == function.location } ?? -1
  }

  /// The function called `name`, the one defined in `place`'s file when there are several.
  func lookup(_ name: String, near place: SourceLocation) -> FunctionModel? {
    guard let candidates = byName[name] else { return nil }
    let chosen =
      candidates.first { functions[$0].location.file == place.file } ?? candidates[0]
    return functions[chosen]
  }
}
