// libFuzzer entry for the HTML archive page reader (libxml2 through CLibXML2), built by
// Fuzz/run against an instrumented PatchParse; the plain-text archive reader rides along.

@testable import PatchParse

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLPage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  do {
    let mail = try parseHTMLPage(bytes, index: 2)
    if mail.index != 2 { fatalError("page mail index \(mail.index)") }
  } catch {
    if error.index != 2 { fatalError("page error index \(error.index)") }
  }
  _ = looksLikeHTML(Array(bytes.prefix(1024)))
  if looksLikeArchiveText(Array(bytes.prefix(8192))) {
    _ = try? parseArchiveText(String(decoding: bytes, as: UTF8.self), index: 2)
  }
  return 0
}
