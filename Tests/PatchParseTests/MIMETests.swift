import Testing

@testable import PatchParse

private let diff = """
  diff --git a/f.c b/f.c
  --- a/f.c
  +++ b/f.c
  @@ -1 +1 @@
  -old
  +new

  """

@Test("a text/x-patch attachment is appended to the text/plain body as git am reads it")
func patchAttachment() throws {
  let mail = try parse(
    """
    Subject: [PATCH] f: change
    Content-Type: multipart/mixed; boundary="XX"

    preamble
    --XX
    Content-Type: text/plain; charset=utf-8

    Explain the change.

    Signed-off-by: A <a@x>
    --XX
    Content-Type: text/x-patch; name="0001.patch"
    Content-Disposition: attachment; filename="0001.patch"

    \(diff)
    --XX--
    epilogue
    """)
  #expect(mail.body == "Explain the change.\n\nSigned-off-by: A <a@x>\n")
  #expect(mail.patch == diff)
  #expect(mail.fileDiffs.map(\.path) == ["f.c"])
}

@Test("quoted-printable and base64 bodies decode, charsets become UTF-8")
func transferEncodings() throws {
  let qp = try parse(
    """
    Subject: x
    Content-Type: text/plain; charset=iso-8859-1
    Content-Transfer-Encoding: quoted-printable

    Caf=E9 soft=
    break, =3D sign
    """)
  #expect(qp.body == "Café softbreak, = sign\n")
  let b64 = try parse(
    """
    Subject: x
    Content-Type: text/plain; charset=utf-8
    Content-Transfer-Encoding: base64

    SsO2cmcgd2FzIGhlcmUK
    """)
  #expect(b64.body == "Jörg was here\n")
}

@Test("HTML alternatives are skipped and the plain one is read")
func alternativeChoosesPlain() throws {
  let mail = try parse(
    """
    Subject: x
    Content-Type: multipart/alternative; boundary=b

    --b
    Content-Type: text/html

    <p>html</p>
    --b
    Content-Type: text/plain

    plain
    --b--
    """)
  #expect(mail.body == "plain\n")
}

@Test("multipart/signed takes the signed content and drops the signature")
func signedMessage() throws {
  let mail = try parse(
    """
    Subject: x
    Content-Type: multipart/signed; boundary="s"; protocol="application/pgp-signature"

    --s
    Content-Type: text/plain

    signed text
    --s
    Content-Type: application/pgp-signature

    -----BEGIN PGP SIGNATURE-----
    --s--
    """)
  #expect(mail.body == "signed text\n")
}

@Test("multipart nested deeper than the limit is a located error")
func tooDeep() {
  var message = "Message-ID: <deep@x>\nSubject: x\n"
  for level in 0..<20 {
    message += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n"
  }
  message += "Content-Type: text/plain\n\nhi\n"
  #expect {
    try parse(message)
  } throws: { error in
    guard case .mimeTooDeep(0, "deep@x", _, 16) = error as? MailError else { return false }
    return true
  }
}

@Test("a missing closing boundary keeps the last part")
func missingClosingBoundary() throws {
  let mail = try parse(
    """
    Subject: x
    Content-Type: multipart/mixed; boundary=b

    --b
    Content-Type: text/plain

    kept
    """)
  #expect(mail.body == "kept\n")
  #expect(mail.notes == ["multipart/mixed body has no closing boundary; read to the end"])
}

@Test("format=flowed text is not reflowed, so diff lines stay as sent")
func flowedLeftAlone() throws {
  let mail = try parse(
    """
    Subject: [PATCH] x
    Content-Type: text/plain; charset=utf-8; format=flowed

    msg
    ---
    diff --git a/f b/f
    --- a/f
    +++ b/f
    @@ -1,2 +1,2 @@
     context with trailing space\u{20}
    -a
    +b
    """)
  #expect(mail.fileDiffs.first?.hunks.first?.lines.first?.text == "context with trailing space ")
}

@Test("RFC 2231 parameters, continued and percent-encoded, are read back")
func rfc2231Parameters() {
  let type = ContentType.parse(
    "text/x-patch; name*0*=utf-8''0001-caf%C3%A9; name*1=\"-fix.patch\"; charset=\"utf-8\"")
  #expect(type.mimeType == "text/x-patch")
  #expect(type.parameters["name"] == "0001-café-fix.patch")
  #expect(type.parameters["charset"] == "utf-8")
  let simple = ContentType.parse("application/octet-stream; filename*=utf-8''a%20b.diff")
  #expect(simple.parameters["filename"] == "a b.diff")
}

@Test("format=flowed is undone in the commit message and left alone in the patch")
func flowedMessageJoined() throws {
  let mail = try parse(
    """
    Subject: [PATCH] x
    Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes

    A paragraph that\u{20}
    wraps.
     From a space-stuffed line.
    ---
    --- a/f
    +++ b/f
    @@ -1 +1 @@
    - a
    + b
    """)
  #expect(mail.body == "A paragraph thatwraps.\nFrom a space-stuffed line.\n")
  #expect(mail.fileDiffs.first?.hunks.first?.lines.map(\.text) == [" a", " b"])
}
