import Foundation
@testable import LockModelExtract

// libFuzzer entry for the knowledge-base loader (`KnowledgeBase(yaml:source:)`, Yams
// underneath) and merging a user file into the bundled base, built by Fuzz/run
// against an instrumented LockModelExtract. Errors must name the source they were given.

private let bundled: KnowledgeBase = {
  do {
    return try KnowledgeBase.bundled()
  } catch {
    fatalError("bundled knowledge base: \(error)")
  }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKnowledgeBase(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  do {
    let base = try KnowledgeBase(yaml: String(decoding: bytes, as: UTF8.self), source: "fuzz.yml")
    _ = bundled.merging(base)
  } catch let error as KnowledgeBaseError {
    guard "\(error)".hasPrefix("fuzz.yml:") else { fatalError("error without source: \(error)") }
  } catch {
    fatalError("untyped error escaped the loader: \(error)")
  }
  return 0
}
