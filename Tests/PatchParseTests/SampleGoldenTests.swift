import Foundation
import Testing

@testable import PatchParse

/// Our own tricky mails under `samples/mail/`, one quirk each, with the parse JSON beside.
let sampleDirectory = packageRoot.appendingPathComponent("samples/mail")

func sampleInputs() -> [URL] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: sampleDirectory.path)) ?? []
  return names.filter { name in
    [".eml", ".mbox", ".html", ".txt"].contains { name.hasSuffix($0) }
  }.sorted()
    .map { sampleDirectory.appendingPathComponent($0) }
}

func parsedJSON(of url: URL) throws -> String {
  let bytes = [UInt8](try Data(contentsOf: url))
  let contents = readMailbox(bytes, input: url.lastPathComponent)
  return parsedMailJSON(messages: contents.messages, errors: contents.errors)
}

@Test("the sample corpus has at least 40 mails, each with a golden")
func sampleCorpusIsComplete() {
  let inputs = sampleInputs()
  #expect(inputs.count >= 40)
  for input in inputs {
    let golden = input.deletingPathExtension().appendingPathExtension("json")
    #expect(FileManager.default.fileExists(atPath: golden.path), "\(golden.lastPathComponent)")
  }
}

/// Tests never write goldens: a mismatch leaves the actual bytes under
/// `$TMPDIR/reviewbot-golden/samples/mail/`, which `make golden` copies over for `git diff`.
@Test("every sample parses to its golden JSON, byte for byte", arguments: sampleInputs())
func sampleMatchesGolden(_ input: URL) throws {
  let json = try parsedJSON(of: input)
  let golden = input.deletingPathExtension().appendingPathExtension("json")
  let expected = try String(contentsOf: golden, encoding: .utf8)
  if json != expected {
    let actual = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("reviewbot-golden/samples/mail/\(golden.lastPathComponent)")
    try? FileManager.default.createDirectory(
      at: actual.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? Data(json.utf8).write(to: actual)
  }
  #expect(json == expected, "\(input.lastPathComponent) differs from its golden")
}
