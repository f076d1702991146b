import Testing

@testable import PatchParse

@Test("parse JSON has the DESIGN.md fields in order, series null without a tag")
func jsonShape() {
  var mail = Mail(index: 0, messageID: "m@x", subject: "s \"q\"\n")
  mail.from = Address(name: "A", email: "a@x")
  mail.trailers = [Trailer(key: "Acked-by", value: "B <b@x>")]
  let json = parsedMailJSON(
    messages: [(input: "in.mbox", mail: mail)],
    errors: [(input: "in.mbox", index: 1, messageID: nil, error: "line 3: bad\u{1}")])
  #expect(
    json == """
      {
        "messages": [
          {
            "input": "in.mbox",
            "index": 0,
            "message_id": "m@x",
            "in_reply_to": null,
            "from_name": "A",
            "from_email": "a@x",
            "date": null,
            "subject": "s \\"q\\"\\n",
            "series": null,
            "body": "",
            "patch": "",
            "trailers": [
              ["Acked-by", "B <b@x>"]
            ]
          }
        ],
        "errors": [
          {"input": "in.mbox", "index": 1, "message_id": null, "error": "line 3: bad\\u0001"}
        ]
      }

      """)
}

@Test("an empty run is still a complete document")
func jsonEmpty() {
  #expect(
    parsedMailJSON(messages: [ParsedMessage](), errors: []) == """
      {
        "messages": [],
        "errors": []
      }

      """)
}
