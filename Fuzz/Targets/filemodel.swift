// libFuzzer entry for FileModel(extracting:knowledge:) with the bundled knowledge base and
// for linking the result into a TreeModel (summaries, entry contexts), built by Fuzz/run
// against an instrumented LockModelExtract (with Fuzz/Support/BundleModule.swift).

@testable import LockModelExtract

private let knowledge: KnowledgeBase = {
  do {
    return try KnowledgeBase.bundled()
  } catch {
    fatalError("bundled knowledge base: \(error)")
  }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFileModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  let text = String(decoding: bytes, as: UTF8.self)
  let file = SourceFile(path: "drivers/gpu/drm/i915/fuzz.c", text: text)
  let model = FileModel(extracting: file, knowledge: knowledge)
  for function in model.functions where function.line < 1 || function.endLine < function.line {
    fatalError("function \(function.name) spans \(function.line)...\(function.endLine)")
  }
  let tree = TreeModel(files: [model], knowledge: knowledge)
  _ = tree.textDump()
  return 0
}
