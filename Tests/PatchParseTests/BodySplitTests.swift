import Testing

@testable import PatchParse

private let patchMail = """
  From: Header Author <header@example.com>
  Subject: [PATCH v2 1/3] drm/i915: header subject
  Date: Thu, 19 Feb 2009 18:04:00 -0800

  From: Real Author <real@example.com>
  Subject: drm/i915: in-body subject

  The commit message.

  Reviewed-by: R <r@x>
  Signed-off-by: Real Author <real@example.com>
  ---
   f.c | 2 +-
   1 file changed, 1 insertion(+), 1 deletion(-)

  diff --git a/f.c b/f.c
  index 1111111..2222222 100644
  --- a/f.c
  +++ b/f.c
  @@ -1 +1 @@
  -old
  +new

  base-commit: 0123456789abcdef0123456789abcdef01234567
  --\u{20}
  2.17.0

  """

@Test("in-body From and Subject override the headers, as git am does")
func inBodyOverrides() throws {
  let mail = try parse(patchMail)
  #expect(mail.from == Address(name: "Real Author", email: "real@example.com"))
  #expect(mail.subject == "drm/i915: in-body subject")
  #expect(mail.series == SeriesTag(version: 2, number: 1, total: 3))
  #expect(mail.date == "Thu, 19 Feb 2009 18:04:00 -0800")
}

@Test("the body stops at ---, the patch keeps the diffstat and drops the signature")
func bodyAndPatchSplit() throws {
  let mail = try parse(patchMail)
  #expect(
    mail.body == """
      The commit message.

      Reviewed-by: R <r@x>
      Signed-off-by: Real Author <real@example.com>

      """)
  #expect(mail.patch.hasPrefix("---\n f.c | 2 +-\n"))
  #expect(mail.patch.hasSuffix("base-commit: 0123456789abcdef0123456789abcdef01234567\n"))
  #expect(!mail.patch.contains("2.17.0"))
}

@Test("trailers come from the last paragraph, base-commit from after the diff")
func trailers() throws {
  let mail = try parse(patchMail)
  #expect(
    mail.trailers == [
      Trailer(key: "Reviewed-by", value: "R <r@x>"),
      Trailer(key: "Signed-off-by", value: "Real Author <real@example.com>"),
      Trailer(key: "base-commit", value: "0123456789abcdef0123456789abcdef01234567"),
    ])
}

@Test("a paragraph of prose is not a trailer block")
func proseIsNotTrailers() throws {
  let mail = try parse("Subject: x\n\nThis fixes: the thing\nand more words here.\n")
  #expect(mail.trailers.isEmpty)
}

@Test("maintainer notes in brackets and folded trailers stay in the block")
func trailerNotesAndContinuations() throws {
  let mail = try parse(
    """
    Subject: x

    Text.

    Fixes: 0123456789ab ("drm/i915: a very
      long subject")
    [ickle: fixed a typo]
    Signed-off-by: C <c@x>
    """)
  #expect(
    mail.trailers == [
      Trailer(key: "Fixes", value: "0123456789ab (\"drm/i915: a very long subject\")"),
      Trailer(key: "Signed-off-by", value: "C <c@x>"),
    ])
}

@Test("scissors drop the text above them, and in-body headers are read after them")
func scissors() throws {
  let mail = try parse(
    """
    From: Replier <rep@x>
    Subject: Re: [PATCH] old

    Thanks, how about this instead?

    -- >8 --
    From: Fixer <fix@x>
    Subject: drm: better fix

    Better message.
    ---
    diff --git a/f b/f
    --- a/f
    +++ b/f
    @@ -1 +1 @@
    -a
    +b
    """)
  #expect(mail.from?.email == "fix@x")
  #expect(mail.subject == "drm: better fix")
  #expect(mail.body == "Better message.\n")
}

@Test("git's patch break rule: --- alone or with a name; ---- and ---text are message")
func patchBreakRule() {
  #expect(BodySplit.isPatchBreak("---"))
  #expect(BodySplit.isPatchBreak("---  \t"))
  #expect(BodySplit.isPatchBreak("--- a/f.c"))
  #expect(BodySplit.isPatchBreak("diff -u a b"))
  #expect(BodySplit.isPatchBreak("Index: f.c"))
  #expect(!BodySplit.isPatchBreak("----"))
  #expect(!BodySplit.isPatchBreak("---text"))
  #expect(!BodySplit.isPatchBreak("---  text"))
}

@Test("scissors need a mark and enough perforation")
func scissorsRule() {
  #expect(BodySplit.isScissors("-- >8 --"))
  #expect(BodySplit.isScissors("--8<-- cut here --8<--"))
  #expect(!BodySplit.isScissors("-- 8 --"))
  #expect(!BodySplit.isScissors(">8"))
}

@Test("the attribution line above a quote is recorded, also when wrapped")
func attribution() throws {
  let mail = try parse(
    """
    Subject: Re: [PATCH] x
    In-Reply-To: <p@x>

    On Thu, Feb 19, 2009 at 06:04:00PM -0800, A U Thor
    <author@example.com> wrote:
    > -old
    > +new

    This takes the lock twice.
    """)
  #expect(
    mail.attribution
      == "On Thu, Feb 19, 2009 at 06:04:00PM -0800, A U Thor <author@example.com> wrote:")
  #expect(mail.patch.isEmpty)
}

@Test("a cover letter keeps its text as body, its signature dropped")
func coverLetter() throws {
  let mail = try parse(
    """
    Subject: [PATCH 0/2] series

    Two patches.

    base-commit: abc
    --\u{20}
    2.17.0
    """)
  #expect(mail.series == SeriesTag(number: 0, total: 2))
  #expect(mail.body == "Two patches.\n\nbase-commit: abc\n")
  #expect(mail.trailers == [Trailer(key: "base-commit", value: "abc")])
}
