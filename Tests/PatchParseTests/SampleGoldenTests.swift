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

/// Run once by hand with `REVIEWBOT_WRITE_GOLDENS=1 swift test --filter SampleGolden` to
/// (re)write the goldens; read the change in `git diff` before committing it.
@Test("every sample parses to its golden JSON, byte for byte", arguments: sampleInputs())
func sampleMatchesGolden(_ input: URL) throws {
  let json = try parsedJSON(of: input)
  let golden = input.deletingPathExtension().appendingPathExtension("json")
  if ProcessInfo.processInfo.environment["REVIEWBOT_WRITE_GOLDENS"] == "1" {
    try Data(json.utf8).write(to: golden)
    return
  }
  let expected = try String(contentsOf: golden, encoding: .utf8)
  #expect(json == expected, "\(input.lastPathComponent) differs from its golden")
}
