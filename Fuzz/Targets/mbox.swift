// libFuzzer entry for MailboxSplitter, built by Fuzz/run against an instrumented PatchParse.
//
// The input is fed twice: whole, then in chunks whose sizes come from its first byte, and
// both runs must yield the same messages: the splitter streams, so chunk boundaries must
// never change what it cuts.

@testable import PatchParse

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMailboxSplitter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  var whole = MailboxSplitter(maxMessageBytes: 4096)
  let once = whole.feed(bytes) + whole.finish()

  var streamed = MailboxSplitter(maxMessageBytes: 4096)
  var pieces: [RawMessage] = []
  let step = Int(bytes.first ?? 1) % 17 + 1
  var start = 0
  while start < bytes.count {
    let end = min(bytes.count, start + step)
    pieces += streamed.feed(Array(bytes[start..<end]))
    start = end
  }
  pieces += streamed.finish()
  if pieces != once { fatalError("chunked feed cut \(pieces.count) messages, whole \(once.count)") }
  for (position, raw) in once.enumerated() where raw.index != position {
    fatalError("message \(position) numbered \(raw.index)")
  }
  return 0
}
