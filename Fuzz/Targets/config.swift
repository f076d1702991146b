import LockModelExtract
@testable import ReviewCore

// libFuzzer entry for ReviewCore's `Configuration(yaml:source:)` (suppressions section plus
// knowledge-base extensions), built by Fuzz/run against an instrumented
// ReviewCore/Config; LockModelExtract, GEMSim and Yams come from the SwiftPM build.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  do {
    let configuration = try Configuration(
      yaml: String(decoding: bytes, as: UTF8.self), source: ".reviewbot.yml")
    _ = configuration.knowledgeBase(extending: KnowledgeBase())
  } catch {
    guard error.description.hasPrefix(".reviewbot.yml") else {
      fatalError("error without file: \(error)")
    }
  }
  return 0
}
