import Testing

@testable import PatchParse

@Test("HTML pages are told apart from mail by their first bytes")
func htmlDetection() {
  #expect(looksLikeHTML(Array("\u{FEFF}  <!DOCTYPE html><html>".utf8)))
  #expect(looksLikeHTML(Array("<HTML><head>".utf8)))
  #expect(!looksLikeHTML(Array("From a@x Thu Feb 19 18:04:00 2009\n<html>".utf8)))
  #expect(!looksLikeHTML(Array("Subject: <html> in a subject\n\nbody".utf8)))
}

@Test("a plain-text page copy is told apart from a message and a bare diff")
func archiveTextDetection() {
  #expect(looksLikeArchiveText(Array("LKML: x: [PATCH] y\n\n[PATCH] y\nFrom: A (a@x)\n".utf8)))
  #expect(!looksLikeArchiveText(Array("From: A <a@x>\nSubject: s\n\nbody\n".utf8)))
  #expect(!looksLikeArchiveText(Array("--- a/f\n+++ b/f\n".utf8)))
}

@Test("paragraphs and line breaks become text, entities are decoded, diff indentation kept")
func hypermailParagraphs() throws {
  let page = """
    <html><head><title>T: [PATCH] drm: x</title></head><body>
    <h1>[PATCH] drm: x</h1>
    <strong>From:</strong> A U Thor (<em>a@xxxxxxx</em>)<br>
    <!-- body="start" -->
    <p>Line one &amp; two<br>
    Line &lt;three&gt;<p>
    ---<br>
    --- a/f.c<br>
    +++ b/f.c<br>
    @@ -1,2 +1,2 @@<br>
     \tkeep();<br>
    -\told();<br>
    +\tnew();<br>
    <!-- body="end" -->
    </body></html>
    """
  let mail = try parseHTMLPage(Array(page.utf8), index: 4)
  #expect(mail.index == 4)
  #expect(mail.from == Address(name: "A U Thor", email: "a@xxxxxxx"))
  #expect(mail.subject == "drm: x")
  #expect(mail.body == "Line one & two\nLine <three>\n")
  #expect(
    mail.fileDiffs.first?.hunks.first?.lines.map(\.text) == ["\tkeep();", "\told();", "\tnew();"])
}

@Test("deeply nested or broken markup never crashes the page reader")
func hostilePages() {
  let deep = String(repeating: "<div><span>", count: 20_000) + "text"
  _ = try? parseHTMLPage(Array(("<html><body>" + deep).utf8), index: 0)
  let garbage: [UInt8] =
    Array("<html>".utf8) + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) }
  _ = try? parseHTMLPage(garbage, index: 0)
  let reversed = "<html><body><!-- body=\"end\" -->x<!-- body=\"start\" -->From: a@x<br>y</body>"
  _ = try? parseHTMLPage(Array(reversed.utf8), index: 0)
  #expect(throws: MailError.unreadablePage(index: 2, detail: "no message found on the page")) {
    try parseHTMLPage(Array("<html><body></body></html>".utf8), index: 2)
  }
}
