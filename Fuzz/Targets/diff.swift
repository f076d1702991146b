// libFuzzer entry for the unified/git diff parser and the body split before it, built
// by Fuzz/run against an instrumented PatchParse.

@testable import PatchParse

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDiffParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  let text = String(decoding: bytes, as: UTF8.self)
  let parser = DiffParser(index: 5, messageID: "fuzz@example.com")
  let split = BodySplit(text)
  for lines in [BodySplit.lines(of: text), split.patch] {
    do {
      let result = try parser.parse(lines)
      for file in result.fileDiffs {
        for hunk in file.hunks {
          let old = hunk.lines.filter { $0.kind != .added }.count
          let new = hunk.lines.filter { $0.kind != .removed }.count
          if old != hunk.oldCount || new != hunk.newCount {
            fatalError("hunk accepted with -\(old) +\(new) for -\(hunk.oldCount) +\(hunk.newCount)")
          }
        }
      }
      if let signature = result.signatureLine, signature >= lines.count {
        fatalError("signature line \(signature) past \(lines.count) lines")
      }
    } catch {
      if error.index != 5 || error.messageID != "fuzz@example.com" {
        fatalError("error lost its place: \(error)")
      }
    }
  }
  return 0
}
