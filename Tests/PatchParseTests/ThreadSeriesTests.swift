import Testing

@testable import PatchParse

private func mail(
  _ id: String, subject: String, inReplyTo: String? = nil, references: [String] = [],
  hasDiff: Bool = true
) -> Mail {
  let cleaned = SubjectLine.clean(subject)
  return Mail(
    index: 0, messageID: id, inReplyTo: inReplyTo, references: references, rawSubject: subject,
    subject: cleaned.subject, series: SubjectLine.seriesTag(brackets: cleaned.brackets),
    patch: hasDiff ? "diff --git a/f b/f\n" : "")
}

@Test("threads follow In-Reply-To, then References, then a reply's subject")
func threading() {
  let mails = [
    mail("c", subject: "[PATCH 0/2] x", hasDiff: false),
    mail("p1", subject: "[PATCH 1/2] a", inReplyTo: "c"),
    mail("other", subject: "[PATCH] unrelated"),
    mail("p2", subject: "[PATCH 2/2] b", references: ["c", "gone"]),
    mail("r1", subject: "Re: [PATCH 1/2] a", inReplyTo: "p1"),
    mail("r2", subject: "Re: [PATCH] unrelated", inReplyTo: "not-here"),
  ]
  let found = threads(of: mails)
  #expect(found.map(\.messages) == [[0, 1, 3, 4], [2, 5]])
  #expect(found[0].parents == [1: 0, 3: 0, 4: 1])
}

@Test("a reference cycle does not hang threading")
func threadCycle() {
  let mails = [
    mail("a", subject: "x", inReplyTo: "b"),
    mail("b", subject: "y", inReplyTo: "a"),
  ]
  #expect(threads(of: mails).flatMap(\.messages).sorted() == [0, 1])
}

@Test("the newest version of each patch is taken and missing patches are listed")
func seriesVersions() {
  let mails = [
    mail("c1", subject: "[PATCH 0/3] s", hasDiff: false),
    mail("a1", subject: "[PATCH 1/3] a"),
    mail("b1", subject: "[PATCH 2/3] b"),
    mail("a2", subject: "[PATCH v2 1/3] a"),
    mail("r", subject: "Re: [PATCH v2 1/3] a"),
    mail("c2", subject: "[PATCH v2 0/3] s", hasDiff: false),
  ]
  let found = series(of: mails)
  #expect(
    found == [
      Series(version: 2, total: 3, coverLetter: 5, patches: [3, 2], missing: [3])
    ])
}

@Test("lone patches are separate series, labels come from the newest posting")
func lonePatches() {
  let mails = [
    mail("a", subject: "[PATCH] one"),
    mail("b", subject: "[RFC PATCH] two"),
    mail("c", subject: "[PATCH RESEND] one"),
  ]
  #expect(
    series(of: mails) == [
      Series(version: 1, total: 1, labels: ["RESEND"], patches: [2]),
      Series(version: 1, total: 1, labels: ["RFC"], patches: [1]),
    ])
}
