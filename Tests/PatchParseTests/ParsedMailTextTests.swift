import Foundation
import Testing

@testable import PatchParse

@Test("the text listing names each message, its series tag, trailers and files")
func textListing() throws {
  let url = sampleDirectory.appendingPathComponent("39-rename-and-mode.eml")
  let contents = readMailbox([UInt8](try Data(contentsOf: url)), input: "39.eml")
  let failure = ParseFailure(input: "x.mbox", index: 2, messageID: nil, error: "line 9: bad")
  #expect(
    parsedMailText(messages: contents.messages, errors: [failure]) == """
      39.eml #0 <20090219180400.1@example.com>
        From: A U Thor <author@example.com>
        Date: Thu, 19 Feb 2009 18:04:00 -0800
        Subject: drm/i915: rename a file and make a script executable [1/1]
        Signed-off-by: A U Thor <author@example.com>
        R drivers/gpu/drm/i915/old_name.c -> drivers/gpu/drm/i915/new_name.c (+1 -1)
        M scripts/check.sh mode 100644 -> 100755
      x.mbox #2: error: line 9: bad

      """)
}

@Test("binary patches are skipped with a note the listing shows")
func binaryPatchNote() throws {
  let url = sampleDirectory.appendingPathComponent("41-binary-patch.eml")
  let contents = readMailbox([UInt8](try Data(contentsOf: url)), input: "41.eml")
  let mail = try #require(contents.messages.first?.mail)
  #expect(mail.notes == ["binary patch for firmware/i915/blob.bin skipped"])
  #expect(
    parsedMailText(messages: contents.messages, errors: []).contains(
      "  A firmware/i915/blob.bin (binary)\n  M drivers/gpu/drm/i915/i915_gem.c (+3 -2)\n"
        + "  Note: binary patch for firmware/i915/blob.bin skipped\n"))
}
