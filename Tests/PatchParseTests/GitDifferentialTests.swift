import Foundation
import Testing

@testable import PatchParse

/// Where we differ from `git mailsplit`/`git mailinfo` on purpose, per sample and message.
/// Keys are `file` (the whole file), or `file#index/field` with field name, email, subject,
/// body (the commit message after `git stripspace`) or patch.
private let deliberateDifferences: [String: String] = [
  // `>From ` lines of an mboxrd are unquoted one level (auto-detected from `>>From `); git
  // mailsplit leaves them unless given --mboxrd.
  "03-mboxrd-quoting.mbox#0/body": "mboxrd unquoting",
  // The HTML alternative never carries the patch; git appends it to the message.
  "24-multipart-alternative.eml#0/body": "HTML alternative skipped",
  // git reads one multipart level and leaves the inner boundary lines in the message.
  "25-nested-multipart.eml#0/body": "nested multipart read",
  // A mail without a patch keeps its `-- ` signature in git's message; ours drops it.
  "33-cover-letter.mbox#0/body": "signature dropped from a cover letter",
  "38-reply-attribution.eml#0/body": "signature dropped from a reply",
  // Undeclared 8-bit text that is not UTF-8 is read as Latin-1; git passes the raw bytes.
  "50-8bit-undeclared-latin1.eml#0/body": "undeclared 8-bit read as Latin-1",
  // The issue asks for `From <address>` separators without a date; git only splits at dated
  // ones and reads the file as one message.
  "07-separator-without-date.mbox": "date-less separators split",
  // RFC 5322 fields From and Subject occur once; with duplicates the first wins here, the
  // last in git.
  "16-duplicate-headers.eml#0/name": "first duplicate header wins",
  "16-duplicate-headers.eml#0/email": "first duplicate header wins",
  "16-duplicate-headers.eml#0/subject": "first duplicate header wins",
  // RFC 1847: the second part of multipart/signed is the signature; git appends it to the
  // patch.
  "23-multipart-signed.eml#0/patch": "signature part skipped",
  // git undoes format=flowed space-stuffing, which strips the leading space of every diff
  // context line; the patch must stay as sent.
  "26-format-flowed.eml#0/patch": "format=flowed left alone",
  // A comment inside a name-addr is not part of the display name (RFC 5322 3.4); git keeps
  // it in the author name.
  "51-group-and-comments.eml#0/name": "comments are dropped from display names",
]

private func findGit() -> URL? {
  for directory in ["/usr/bin", "/usr/local/bin", "/bin"] {
    let url = URL(fileURLWithPath: directory).appendingPathComponent("git")
    if FileManager.default.isExecutableFile(atPath: url.path) { return url }
  }
  return nil
}

@discardableResult
private func run(_ git: URL, _ arguments: [String], stdin: URL? = nil) throws -> Data {
  let process = Process()
  process.executableURL = git
  process.arguments = arguments
  let output = Pipe()
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return data
}

/// git keeps the `-- ` signature and trailing blank lines in its patch file; we drop both.
private func normalizeGitPatch(_ patch: String) -> String {
  var lines = BodySplit.lines(of: patch)
  if let signature = lines.lastIndex(of: "-- ") { lines.removeSubrange(signature...) }
  while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
  return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
}

/// git's `get_sane_name`: a missing, very short or very long name, or one with `@<>` in it,
/// becomes the address.
private func gitVisibleName(_ address: Address) -> String {
  let name = address.name
  if name.count < 3 || name.count > 60 || name.contains(where: { "@<>".contains($0) }) {
    return address.email
  }
  return name
}

@Test(
  "author, email, subject, message and patch equal what git mailsplit/mailinfo extract",
  arguments: sampleInputs())
func agreesWithGitMailinfo(_ input: URL) throws {
  guard let git = findGit() else {
    print("skipped: git not found")
    return
  }
  if deliberateDifferences[input.lastPathComponent] != nil { return }
  // Archive pages are ours alone: git reads mail, not web pages.
  if ["html", "txt"].contains(input.pathExtension) { return }
  try compareWithGit(git, input: input)
}

/// The real corpus through git too: 1965 `git mailinfo` runs take a while, so this runs only
/// when asked (`REVIEWBOT_CORPUS_DIFFERENTIAL=1`).
@Test("on the i915 corpus, author, email, subject, message and patch equal what git extracts")
func corpusAgreesWithGitMailinfo() throws {
  guard ProcessInfo.processInfo.environment["REVIEWBOT_CORPUS_DIFFERENTIAL"] == "1" else {
    print("skipped: set REVIEWBOT_CORPUS_DIFFERENTIAL=1 to compare the corpus with git")
    return
  }
  let url = packageRoot.appendingPathComponent(".build-corpus/i915-2017-2018.mbox")
  guard let git = findGit(), FileManager.default.fileExists(atPath: url.path) else {
    print("skipped: git or the unpacked corpus mbox is absent")
    return
  }
  try compareWithGit(git, input: url)
}

private func compareWithGit(_ git: URL, input: URL) throws {
  let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("reviewbot-mailinfo-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  try run(git, ["mailsplit", "-b", "-o\(scratch.path)", input.path])
  let split = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
  let contents = readMailbox([UInt8](try Data(contentsOf: input)), input: input.lastPathComponent)
  let parsed = Dictionary(uniqueKeysWithValues: contents.messages.map { ($0.mail.index, $0.mail) })
  #expect(split.count == contents.messages.count + contents.errors.count, "message count")
  for (position, name) in split.enumerated() {
    guard let mail = parsed[position] else { continue }  // our located errors; git guesses
    let message = scratch.appendingPathComponent(name)
    let msg = message.path + ".msg"
    let patch = message.path + ".patch"
    let info = String(
      decoding: try run(git, ["mailinfo", "--scissors", msg, patch], stdin: message),
      as: UTF8.self)
    var fields: [String: String] = [:]
    for line in info.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingSpace()
    }
    let key = "\(input.lastPathComponent)#\(position)"
    if let from = mail.from {
      if deliberateDifferences[key + "/name"] == nil {
        #expect(fields["Author"] == gitVisibleName(from), "\(key) author")
      }
      if deliberateDifferences[key + "/email"] == nil {
        #expect(fields["Email"] == from.email, "\(key) email")
      }
    }
    if deliberateDifferences[key + "/subject"] == nil {
      #expect((fields["Subject"] ?? "") == mail.subject, "\(key) subject")
    }
    let gitPatch = String(
      decoding: try Data(contentsOf: URL(fileURLWithPath: patch)), as: UTF8.self)
    if deliberateDifferences[key + "/patch"] == nil {
      #expect(normalizeGitPatch(gitPatch) == mail.patch, "\(key) patch")
    }
    if deliberateDifferences[key + "/body"] == nil {
      let log = String(
        decoding: try run(git, ["stripspace"], stdin: URL(fileURLWithPath: msg)), as: UTF8.self)
      #expect(log == mail.body, "\(key) body")
    }
  }
}
