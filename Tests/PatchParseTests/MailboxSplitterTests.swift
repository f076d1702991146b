import Testing

@testable import PatchParse

private let twoMessages = """
  From alice@example.com Thu Feb 19 18:04:00 2009
  Subject: one

  first body

  From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001
  Subject: two

  second body

  """

@Test("an mbox with dated separators splits into its messages, separator lines dropped")
func splitsDatedSeparators() {
  let messages = split(twoMessages)
  #expect(messages.map(text) == ["Subject: one\n\nfirst body\n", "Subject: two\n\nsecond body\n"])
  #expect(messages.map(\.index) == [0, 1])
  #expect(messages.map(\.line) == [2, 7])
}

@Test("chunk boundaries anywhere give the same messages")
func chunkBoundariesDoNotMatter() {
  let whole = split(twoMessages)
  for size in [1, 2, 3, 7, 13, 64] {
    #expect(split(twoMessages, chunkSize: size) == whole)
  }
}

@Test("a From line inside a paragraph is not a separator")
func fromInsideParagraphIsBody() {
  let mbox = """
    From a@example.com Thu Feb 19 18:04:00 2009
    Subject: one

    text
    From b@example.com Thu Feb 19 18:05:00 2009
    more

    """
  #expect(split(mbox).count == 1)
}

@Test("a From line of prose after a blank line is not a separator")
func proseFromIsBody() {
  let mbox = """
    From a@example.com Thu Feb 19 18:04:00 2009
    Subject: one

    From the start, this was wrong.

    """
  let messages = split(mbox)
  #expect(messages.count == 1)
  #expect(text(messages[0]).contains("From the start"))
}

@Test("separators without a date split when they name an address")
func separatorWithoutDate() {
  let mbox = "From a@example.com\nSubject: one\n\nx\n\nFrom b@example.com\nSubject: two\n\ny\n"
  #expect(split(mbox).map(text) == ["Subject: one\n\nx\n", "Subject: two\n\ny\n"])
}

@Test("CRLF mboxes split the same way and keep their line ends")
func crlfMbox() {
  let mbox =
    "From a@example.com Thu Feb 19 18:04:00 2009\r\nSubject: one\r\n\r\nx\r\n\r\n"
    + "From b@example.com Thu Feb 19 18:05:00 2009\r\nSubject: two\r\n\r\ny\r\n"
  #expect(split(mbox).map(text) == ["Subject: one\r\n\r\nx\r\n", "Subject: two\r\n\r\ny\r\n"])
}

@Test("the last message without a trailing newline is kept whole")
func finalMessageWithoutNewline() {
  let mbox = "From a@example.com Thu Feb 19 18:04:00 2009\nSubject: one\n\nlast line"
  #expect(split(mbox).map(text) == ["Subject: one\n\nlast line"])
}

@Test("input not starting with a From line is one message, passed through untouched")
func singleEml() {
  let eml = "Subject: one\n\nbody\n\nFrom a@example.com Thu Feb 19 18:04:00 2009\n>From x\n"
  let messages = split(eml)
  #expect(messages.count == 1)
  #expect(text(messages[0]) == eml)
  #expect(messages[0].line == 1)
}

@Test("mboxrd unquotes one level of >From; mboxo leaves it")
func fromQuoting() {
  let mbox = "From a@example.com Thu Feb 19 18:04:00 2009\nSubject: q\n\n>From here\n>>From there\n"
  #expect(split(mbox, format: .mboxrd).map(text) == ["Subject: q\n\nFrom here\n>From there\n"])
  #expect(split(mbox, format: .mboxo).map(text) == ["Subject: q\n\n>From here\n>>From there\n"])
  #expect(split(mbox, format: .auto).map(text) == ["Subject: q\n\nFrom here\n>From there\n"])
}

@Test("auto format stays mboxo while no >>From line has been seen")
func autoDefaultsToMboxo() {
  let mbox = "From a@example.com Thu Feb 19 18:04:00 2009\nSubject: q\n\n>From here\n"
  #expect(split(mbox).map(text) == ["Subject: q\n\n>From here\n"])
}

@Test("an oversized message is flagged and its neighbours survive")
func oversizedMessageIsFlagged() throws {
  var splitter = MailboxSplitter(maxMessageBytes: 64)
  let big = String(repeating: "x", count: 500)
  let mbox =
    "From a@example.com Thu Feb 19 18:04:00 2009\nMessage-ID: <big@x>\n\n\(big)\n\n"
    + "From b@example.com Thu Feb 19 18:05:00 2009\nSubject: small\n\ny\n"
  let messages = splitter.feed(Array(mbox.utf8)) + splitter.finish()
  #expect(messages.map(\.isTruncated) == [true, false])
  #expect(messages[0].bytes.count <= 64)
  #expect(throws: MailError.messageTooLarge(index: 0, messageID: "big@x", line: 2, limit: 64)) {
    try parseMessage(messages[0])
  }
}

@Test("arbitrary bytes never crash the splitter and nothing non-blank is lost")
func arbitraryBytes() {
  var generator = SystemRandomNumberGenerator()
  for _ in 0..<50 {
    let alphabet = Array("From \n\r>a@: 2009 12:00\n".utf8) + [0, 0xFF, 0xC3]
    let bytes = (0..<400).map { _ in alphabet.randomElement(using: &generator)! }
    let messages = split(bytes, chunkSize: 17)
    for message in messages { _ = try? parseMessage(message) }
    #expect(messages.map(\.index) == Array(0..<messages.count))
  }
}

@Test("blank lines before the first separator are skipped")
func leadingBlankLines() {
  let mbox = "\n\r\nFrom a@example.com Thu Feb 19 18:04:00 2009\nSubject: one\n\nx\n"
  let messages = split(mbox)
  #expect(messages.map(text) == ["Subject: one\n\nx\n"])
  #expect(messages.map(\.line) == [4])
}

@Test("b4, lei and Thunderbird separator lines are recognised")
func toolSeparators() {
  let mbox =
    "From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: a\n\nx\n\n"
    + "From - Thu Feb 19 18:04:00 2009\r\nSubject: b\r\n\r\ny\r\n\r\n"
    + "From git@z Thu Jan  1 00:00:00 1970\nSubject: c\n\n>>From z\n"
  #expect(
    split(mbox).map(text) == [
      "Subject: a\n\nx\n", "Subject: b\r\n\r\ny\r\n", "Subject: c\n\n>From z\n",
    ])
}
