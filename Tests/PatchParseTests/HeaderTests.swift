import Testing

@testable import PatchParse

@Test("folded headers unfold and names are case-insensitive; the first duplicate wins")
func foldingAndDuplicates() throws {
  let mail = try parse(
    """
    SUBJECT: [PATCH] drm/i915: a long
     folded subject
    subject: second
    message-id:
     <folded@example.com>
    From: A U Thor <author@example.com>

    body
    """)
  #expect(mail.rawSubject == "[PATCH] drm/i915: a long folded subject")
  #expect(mail.subject == "drm/i915: a long folded subject")
  #expect(mail.messageID == "folded@example.com")
}

@Test("Message-ID with whitespace inside the brackets is normalised")
func messageIDNormalised() throws {
  let mail = try parse("Message-ID: < abc.123@\n example.com >\nSubject: x\n\nbody\n")
  #expect(mail.messageID == "abc.123@example.com")
}

@Test("In-Reply-To and References keep every id in order")
func referencesInOrder() throws {
  let mail = try parse(
    """
    In-Reply-To: <b@x> (A's message of today)
    References: <a@x>
    \t<b@x> <c@x>
    Subject: Re: x

    ok
    """)
  #expect(mail.inReplyTo == "b@x")
  #expect(mail.references == ["a@x", "b@x", "c@x"])
}

@Test("RFC 2047 B and Q words decode, adjacent words join without the space between")
func encodedWords() {
  #expect(EncodedWords.decode(Array("=?UTF-8?B?SsO2cmc=?= Roedel".utf8)) == "Jörg Roedel")
  #expect(EncodedWords.decode(Array("=?utf-8?q?J=C3=B6rg?= =?utf-8?q?_R?=".utf8)) == "Jörg R")
  #expect(EncodedWords.decode(Array("=?utf-8?q?=C3?= =?utf-8?q?=B6?=".utf8)) == "ö")
  #expect(EncodedWords.decode(Array("a =?iso-8859-1?q?=E9t=E9?= b".utf8)) == "a été b")
  #expect(EncodedWords.decode(Array("=?iso-8859-2?q?=B1?=".utf8)) == "ą")
  #expect(EncodedWords.decode(Array("=?windows-1252?q?=80?=".utf8)) == "€")
  #expect(EncodedWords.decode(Array("=?iso-8859-15?q?=A4?=".utf8)) == "€")
  #expect(EncodedWords.decode(Array("=?windows-1251?B?z+Dy9w==?=".utf8)) == "Патч")
  #expect(EncodedWords.decode(Array("=?x-unknown?q?=E9?=".utf8)) == "é")
  #expect(EncodedWords.decode(Array("not =?an encoded word".utf8)) == "not =?an encoded word")
}

@Test("a long run of =? stays linear and literal")
func encodedWordNoise() {
  let noise = String(repeating: "=?", count: 50_000)
  #expect(EncodedWords.decode(Array(noise.utf8)) == noise)
}

@Test("address lists read display names, quoted names, comments and groups")
func addressLists() {
  let list = AddressParser.parseList(
    Array(
      """
      "Doe, John" <john@example.com>, jane@example.com (Jane Roe),
       team: a@example.com, "B" <b@example.com>;, =?utf-8?q?Ren=C3=A9?= <rene@example.com>,
       <bare@example.com>
      """.utf8))
  #expect(
    list == [
      Address(name: "Doe, John", email: "john@example.com"),
      Address(name: "Jane Roe", email: "jane@example.com"),
      Address(name: "", email: "a@example.com"),
      Address(name: "B", email: "b@example.com"),
      Address(name: "René", email: "rene@example.com"),
      Address(name: "", email: "bare@example.com"),
    ])
}

@Test("To and Cc collect every address of every occurrence")
func toAndCc() throws {
  let mail = try parse("To: a@x\nCc: b@x, C <c@x>\nCc: d@x\nSubject: s\n\nb\n")
  #expect(mail.to.map(\.email) == ["a@x"])
  #expect(mail.cc.map(\.email) == ["b@x", "c@x", "d@x"])
}

@Test("a header name with control bytes is a located malformedHeader error")
func malformedHeaderName() {
  #expect(throws: MailError.malformedHeader(index: 3, messageID: "m@x", line: 3)) {
    try parse("Message-ID: <m@x>\nSubject: s\nBad\u{01}Name: v\n\nbody\n", index: 3)
  }
}

@Test("more header fields than the limit is an error, not unbounded memory")
func tooManyHeaders() {
  let headers = String(repeating: "X-A: b\n", count: 20)
  let raw = RawMessage(index: 0, bytes: Array((headers + "\nbody\n").utf8), line: 1)
  #expect(throws: MailError.tooManyHeaders(index: 0, messageID: nil, line: 11, limit: 10)) {
    try parseMessage(raw, limits: MessageLimits(maxHeaderFields: 10))
  }
}

@Test("an empty message is reported as such")
func emptyMessage() {
  #expect(throws: MailError.emptyMessage(index: 0, line: 1)) { try parse("\n\n") }
}

@Test("subjects are cleaned as git mailinfo cleans them")
func subjectCleaning() {
  let cases: [(String, String)] = [
    ("[PATCH v2 3/7] drm/i915: fix", "drm/i915: fix"),
    ("Re: [PATCH] x", "x"),
    ("RE: re: [Intel-gfx] [PATCH 1/2]   drm:  a\tb", "drm: a b"),
    ("Fwd: [PATCH] x", "Fwd: [PATCH] x"),
    ("re : x", "re : x"),
    (":: [RFC] y", "y"),
    ("Re:", "Re:"),
    ("[unclosed x", "[unclosed x"),
  ]
  for (raw, clean) in cases { #expect(SubjectLine.clean(raw).subject == clean, "\(raw)") }
}

@Test("series tags give version, number, total and labels; list tags are ignored")
func seriesTags() {
  func tag(_ subject: String) -> SeriesTag? {
    SubjectLine.seriesTag(brackets: SubjectLine.clean(subject).brackets)
  }
  #expect(tag("[PATCH v2 3/7] x") == SeriesTag(version: 2, number: 3, total: 7))
  #expect(tag("[RFC PATCH] x") == SeriesTag(labels: ["RFC"]))
  #expect(tag("[PATCH RESEND] x") == SeriesTag(labels: ["RESEND"]))
  #expect(tag("[PATCH i-g-t] x") == SeriesTag(labels: ["i-g-t"]))
  #expect(tag("[Intel-gfx] [PATCH 1/2] x") == SeriesTag(number: 1, total: 2))
  #expect(tag("[PATCH 0/5] cover") == SeriesTag(number: 0, total: 5))
  #expect(tag("[PATCHv3 02/10] x") == SeriesTag(version: 3, number: 2, total: 10))
  #expect(tag("[Intel-gfx] x") == nil)
  #expect(tag("plain") == nil)
}
