import Foundation
import Testing

@testable import PatchParse

/// A small deterministic generator so failures reproduce.
private struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Test("mboxrd: quoting messages, joining them and splitting gives the messages back")
func mboxrdRoundTrip() {
  var random = SplitMix(state: 42)
  let pieces = ["From me", ">From you", ">>From them", "", "text", "From: x", " From y", "-- "]
  for _ in 0..<200 {
    let messages = (0..<Int.random(in: 1...5, using: &random)).map { _ in
      "Subject: s\n\n"
        + (0..<Int.random(in: 1...8, using: &random)).map { _ in
          pieces.randomElement(using: &random)! + "\n"
        }.joined() + "end\n"
    }
    var mbox = ""
    for message in messages {
      let quoted = BodySplit.lines(of: message).map { line -> String in
        line.drop { $0 == ">" }.hasPrefix("From ") ? ">" + line : String(line)
      }
      mbox += "From sender@example.com Thu Feb 19 18:04:00 2009\n"
      mbox += quoted.joined(separator: "\n") + "\n\n"
    }
    let chunk = Int.random(in: 1...64, using: &random)
    #expect(split(mbox, chunkSize: chunk, format: .mboxrd).map(text) == messages)
  }
}

@Test("a mangled mail gives a message or a located error, never a crash")
func mangledMailsAreSurvived() throws {
  var random = SplitMix(state: 7)
  let samples = sampleInputs().filter { ["eml", "mbox"].contains($0.pathExtension) }
  let noise = Array("\n\r:;<>=?\"()[]-+@ \t\\".utf8) + [0, 0x80, 0xC3, 0xFF]
  for url in samples {
    let original = [UInt8](try Data(contentsOf: url))
    for _ in 0..<20 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...12, using: &random) {
        let position = Int.random(in: 0..<max(1, bytes.count), using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0 where !bytes.isEmpty: bytes.remove(at: position)
        case 1: bytes.insert(noise.randomElement(using: &random)!, at: position)
        default:
          if !bytes.isEmpty { bytes[position] = noise.randomElement(using: &random)! }
        }
      }
      let contents = readMailbox(bytes, input: url.lastPathComponent)
      for failure in contents.errors { #expect(!failure.error.isEmpty) }
    }
  }
}

@Test("a very long line costs linear time, not quadratic")
func longLineIsLinear() throws {
  let long = String(repeating: "a=?b ", count: 200_000)
  let mail = try parse("Subject: \(long)\nFrom: \(long)\n\n\(long)\n---\n" + long + "\n")
  #expect(mail.subject.count > 900_000)
}

@Test("a hundred thousand reply prefixes or blank lines cost linear time")
func repeatedPrefixesAreLinear() throws {
  let prefixes = String(repeating: "Re:", count: 100_000) + " x"
  #expect(SubjectLine.clean(prefixes).subject == "x")
  let page = "Title\nFrom: A <a@x>\n" + String(repeating: "\n", count: 100_000) + "body\n"
  let mail = try parseArchiveText(page, index: 0)
  #expect(mail.from?.email == "a@x")
}
