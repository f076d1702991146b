import Foundation

// SwiftPM generates `Bundle.module` for a target with resources; Fuzz/run compiles
// LockModelExtract's sources with swiftc alone, so the resource directory of the checkout
// stands in for the bundle (found from this file's place in the tree).
extension Foundation.Bundle {
  static let module: Bundle = {
    let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
    let resources = fuzz.deletingLastPathComponent()
      .appendingPathComponent("Sources/LockModelExtract/Resources")
    guard let bundle = Bundle(path: resources.path) else {
      fatalError("no resource directory at \(resources.path)")
    }
    return bundle
  }()
}
