// libFuzzer entry for the smaller decoders parseMessage is built from: RFC 2047 encoded
// words, addresses, Content-Type parameters (RFC 2231), base64, quoted-printable,
// charsets, subject cleaning and series tags, trailers and format=flowed. Built by
// Fuzz/run against an instrumented PatchParse; the first byte picks the charset label.

@testable import PatchParse

private let charsets: [String?] = [
  nil, "utf-8", "us-ascii", "iso-8859-1", "iso-8859-2", "iso-8859-15", "windows-1251",
  "windows-1252", "koi8-r", "x-unknown", "",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaderFields(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
  let charset = charsets[Int(bytes.first ?? 0) % charsets.count]
  let text = Charset.decode(bytes, charset: charset)
  _ = EncodedWords.decode(bytes)
  _ = AddressParser.parseList(bytes)
  _ = AddressParser.decodeName(text)
  let type = ContentType.parse(text)
  _ = (type.mimeType, type.isMultipart, type.parameters["boundary"])
  _ = TransferEncoding.decodeBase64(bytes)
  _ = TransferEncoding.decodeQuotedPrintable(bytes)
  let cleaned = SubjectLine.clean(text)
  _ = SubjectLine.seriesTag(brackets: cleaned.brackets)
  let lines = BodySplit.lines(of: text)
  _ = TrailerBlock.trailers(in: lines)
  _ = TrailerBlock.seriesBase(in: lines)
  _ = FlowedText.unflow(lines, deleteSpace: bytes.count % 2 == 0)
  _ = MessageIDs.all(text)
  _ = MIMEBody.normalizeLineEnds(text)
  _ = MIMEBody.split(bytes[...], boundary: Array("b".utf8))
  return 0
}
