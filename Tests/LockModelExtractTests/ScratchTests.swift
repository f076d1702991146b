import Foundation
import Testing

import LockModelExtract

@Test("scratch dump", .disabled(if: ProcessInfo.processInfo.environment["SCRATCH"] == nil))
func scratchDump() throws {
  let name = ProcessInfo.processInfo.environment["SCRATCH"] ?? ""
  print(try renderSample(name))
}
