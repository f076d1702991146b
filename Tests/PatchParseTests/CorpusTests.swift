import Foundation
import Testing

@testable import PatchParse

/// The real i915 mbox from `../shared/corpus/` (unpacked into `.build-corpus/`).
private func corpusMbox() -> URL? {
  let candidates = [
    packageRoot.appendingPathComponent(".build-corpus/i915-2017-2018.mbox"),
    packageRoot.appendingPathComponent("../shared/corpus/i915-2017-2018.mbox"),
  ]
  return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
}

@Test("the i915 corpus mbox gives one patch per commit, none lost, no error")
func corpusMboxParsesEveryCommit() throws {
  guard let url = corpusMbox() else {
    print("skipped: corpus mbox absent (unpack ../shared/corpus/*.mbox.xz into .build-corpus/)")
    return
  }
  let handle = try FileHandle(forReadingFrom: url)
  defer { try? handle.close() }
  var splitter = MailboxSplitter()
  var messages = 0
  var withDiff = 0
  var errors: [MailError] = []
  var mails: [Mail] = []
  let started = Date()
  func handleMessages(_ raws: [RawMessage]) {
    for raw in raws {
      messages += 1
      do {
        let mail = try parseMessage(raw)
        mails.append(mail)
        if !mail.fileDiffs.isEmpty, !mail.patch.isEmpty, mail.from != nil, !mail.subject.isEmpty {
          withDiff += 1
        }
      } catch {
        errors.append(error)
      }
    }
  }
  while let chunk = try handle.read(upToCount: 65_536), !chunk.isEmpty {
    handleMessages(splitter.feed(Array(chunk)))
  }
  handleMessages(splitter.finish())
  print(
    "corpus: \(messages) messages, \(withDiff) with a diff, \(errors.count) errors,"
      + " \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
  #expect(errors.isEmpty, "\(errors.prefix(5))")
  #expect(messages == 1965)
  #expect(withDiff == 1965)
  let found = series(of: mails)
  #expect(found.count == 1)
  #expect(found.first?.patches.count == 1965)
  #expect(found.first?.missing == [])
}
