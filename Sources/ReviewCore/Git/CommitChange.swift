import Foundation

/// One commit as a change to review: who, what, the patch text PatchParse reads, and the
/// trees before and after.
public struct CommitChange: Hashable, Sendable {
  public var info: CommitInfo
  /// The diff against the first parent as `git show` prints it (`diff --git …`).
  public var patchText: String
  /// The first parent's tree (the empty tree for a root commit).
  public var base: SourceSnapshot
  /// The commit's own tree.
  public var patched: SourceSnapshot

  public init(info: CommitInfo, patchText: String, base: SourceSnapshot, patched: SourceSnapshot) {
    self.info = info
    self.patchText = patchText
    self.base = base
    self.patched = patched
  }

  /// The commit id, 40 hex digits.
  public var id: String { info.id }
  public var authorName: String { info.authorName }
  public var authorEmail: String { info.authorEmail }
  /// Author date; `info.rfc2822Date` writes it in the author's offset.
  public var date: Date { info.date }
  /// The summary line, for `Subject: Re: …`.
  public var subject: String { info.summary }
  /// The full commit message, trailers included.
  public var message: String { info.message }

  /// The commit as `git format-patch` would mail it (one mbox message: `From <id> …`
  /// separator, `From:`, `Date:`, `Subject: [PATCH] …`, the body, `---`, the diff), so
  /// PatchParse reads a commit exactly as it reads a mail.
  public var formatPatch: String {
    var paragraphs = message.components(separatedBy: "\n\n")
    paragraphs.removeFirst()
    let body = paragraphs.joined(separator: "\n\n").trimmingCharacters(in: .newlines)
    var text = "From \(id) Mon Sep 17 00:00:00 2001\n"
    text += "From: \(authorName) <\(authorEmail)>\n"
    text += "Date: \(info.rfc2822Date)\n"
    text += "Subject: [PATCH] \(subject)\n\n"
    if !body.isEmpty { text += body + "\n" }
    text += "---\n" + patchText
    return text
  }
}

/// The staged changes a pre-commit hook reviews (index against `HEAD`).
public struct StagedChange: Hashable, Sendable {
  public var patchText: String
  public var base: SourceSnapshot
  public var patched: SourceSnapshot

  public init(patchText: String, base: SourceSnapshot, patched: SourceSnapshot) {
    self.patchText = patchText
    self.base = base
    self.patched = patched
  }
}
