import Foundation
import Testing

@testable import PatchParse

/// Inputs that once crashed a libFuzzer target (kept by `Fuzz/run` under
/// `Crashers/<target>/`), replayed through the same calls the target makes.
@Suite("fuzz crashers replayed")
struct CrasherReplayTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Crashers")

  /// Every kept input as (target, file name, bytes), sorted.
  static func crashers() throws -> [(target: String, name: String, bytes: [UInt8])] {
    let files = FileManager.default
    var result: [(String, String, [UInt8])] = []
    for target in try files.contentsOfDirectory(atPath: directory.path).sorted() {
      let folder = directory.appendingPathComponent(target)
      for name in try files.contentsOfDirectory(atPath: folder.path).sorted() {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        result.append((target, name, [UInt8](data)))
      }
    }
    return result
  }

  @Test("every kept crasher gives a value or a located error, never a crash")
  func replay() throws {
    let crashers = try Self.crashers()
    #expect(!crashers.isEmpty)
    for (target, name, bytes) in crashers {
      switch target {
      case "mbox":
        var splitter = MailboxSplitter(maxMessageBytes: 4096)
        let messages = splitter.feed(bytes) + splitter.finish()
        #expect(messages.map(\.index) == Array(messages.indices), "\(name)")
      case "message":
        do {
          _ = try parseMessage(RawMessage(index: 3, bytes: bytes, line: 7))
        } catch {
          #expect(error.index == 3, "\(name)")
        }
      case "fields":
        _ = EncodedWords.decode(bytes)
        _ = AddressParser.parseList(bytes)
        _ = ContentType.parse(String(decoding: bytes, as: UTF8.self))
        _ = TransferEncoding.decodeQuotedPrintable(bytes)
        _ = TransferEncoding.decodeBase64(bytes)
      case "diff":
        let lines = BodySplit.lines(of: String(decoding: bytes, as: UTF8.self))
        do {
          _ = try DiffParser(index: 5, messageID: nil).parse(lines)
        } catch {
          #expect(error.index == 5, "\(name)")
        }
      case "html":
        do {
          _ = try parseHTMLPage(bytes, index: 2)
        } catch {
          #expect(error.index == 2, "\(name)")
        }
      default:
        Issue.record("crasher \(name) kept for unknown target \(target)")
      }
    }
  }

  @Test("an HTML page whose body end marker precedes its start reads to the end of the page")
  func bodyEndBeforeStart() throws {
    let page = """
      <html><head><title>[PATCH] drm/i915: x</title></head><body>
      <!-- body="end" -->
      <p>before</p>
      <!-- body="start" -->
      <pre>diff --git a/a.c b/a.c</pre>
      </body></html>
      """
    let mail = try parseHTMLPage(Array(page.utf8), index: 0)
    #expect(mail.patch.hasPrefix("diff --git a/a.c b/a.c"))
  }
}
