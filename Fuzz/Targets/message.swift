// libFuzzer entry for one message through parseMessage (headers, RFC 2047 words, MIME,
// transfer decodings, body split, diff), built by Fuzz/run against an instrumented PatchParse.
// Small limits make the fuzzer reach the limit checks with short inputs.

@testable import PatchParse

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParseMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  let raw = RawMessage(index: 3, bytes: bytes, line: 7)
  let limits = MessageLimits(maxHeaderFields: 64, maxHeaderBytes: 2048, maxMIMEDepth: 4)
  for limits in [MessageLimits(), limits] {
    do {
      let mail = try parseMessage(raw, limits: limits)
      if mail.index != 3 { fatalError("mail index \(mail.index)") }
      _ = parsedMailJSON(messages: [ParsedMessage(input: "fuzz", mail: mail)], errors: [])
    } catch {
      if error.index != 3 { fatalError("error index \(error.index) for \(error)") }
      _ = error.description
    }
  }
  return 0
}
