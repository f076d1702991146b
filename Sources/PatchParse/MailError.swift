/// Why a message could not be read; every case says where.
///
/// `index` is the message's 0-based position in its input and `messageID` its Message-ID when
/// the headers could be read. `line` is a 1-based line in the input (the mbox, .eml or page);
/// `patchLine` is a 1-based line within the message's patch text (after transfer decoding);
/// next to it, `line` is the input line when the patch maps onto the input one to one (a
/// plain single-part body) and `nil` when it does not (base64, quoted-printable, attachments).
public enum MailError: Error, Hashable, Sendable {
  /// A header line whose field name holds bytes no header name may hold.
  case malformedHeader(index: Int, messageID: String?, line: Int)
  /// More header fields than `MessageLimits.maxHeaderFields`.
  case tooManyHeaders(index: Int, messageID: String?, line: Int, limit: Int)
  /// One (unfolded) header field longer than `MessageLimits.maxHeaderBytes`.
  case headerTooLong(index: Int, messageID: String?, line: Int, limit: Int)
  /// The splitter stopped keeping bytes of a message larger than its limit.
  case messageTooLarge(index: Int, messageID: String?, line: Int, limit: Int)
  /// Multipart bodies nested deeper than `MessageLimits.maxMIMEDepth`.
  case mimeTooDeep(index: Int, messageID: String?, line: Int, limit: Int)
  /// A message with neither headers nor body.
  case emptyMessage(index: Int, line: Int)
  /// `diff --cc`/`diff --combined`/`@@@`: merge diffs cannot be applied to one base.
  case combinedDiff(index: Int, messageID: String?, patchLine: Int, line: Int?)
  /// A `@@` line that does not read as `@@ -a[,b] +c[,d] @@`.
  case malformedHunkHeader(index: Int, messageID: String?, patchLine: Int, line: Int?)
  /// A hunk whose body ends before the line counts of its header are met.
  case hunkCountMismatch(
    index: Int, messageID: String?, patchLine: Int, line: Int?, expectedOld: Int,
    expectedNew: Int, foundOld: Int, foundNew: Int)
  /// An HTML archive page libxml2 could not read, or one without a message in it.
  case unreadablePage(index: Int, detail: String)
  case other(index: Int, messageID: String?, detail: String)

  /// The message's 0-based position in its input.
  public var index: Int {
    switch self {
    case .malformedHeader(let index, _, _), .tooManyHeaders(let index, _, _, _),
      .headerTooLong(let index, _, _, _), .messageTooLarge(let index, _, _, _),
      .mimeTooDeep(let index, _, _, _), .emptyMessage(let index, _),
      .combinedDiff(let index, _, _, _), .malformedHunkHeader(let index, _, _, _),
      .hunkCountMismatch(let index, _, _, _, _, _, _, _), .unreadablePage(let index, _),
      .other(let index, _, _):
      return index
    }
  }

  /// The Message-ID of the failing message when its headers could be read.
  public var messageID: String? {
    switch self {
    case .malformedHeader(_, let id, _), .tooManyHeaders(_, let id, _, _),
      .headerTooLong(_, let id, _, _), .messageTooLarge(_, let id, _, _),
      .mimeTooDeep(_, let id, _, _), .combinedDiff(_, let id, _, _),
      .malformedHunkHeader(_, let id, _, _), .hunkCountMismatch(_, let id, _, _, _, _, _, _),
      .other(_, let id, _):
      return id
    case .emptyMessage, .unreadablePage:
      return nil
    }
  }
}

extension MailError: CustomStringConvertible {
  /// One line for a person: what went wrong and where (the input name is added by the caller).
  public var description: String {
    switch self {
    case .malformedHeader(_, _, let line):
      return "line \(line): malformed header field name"
    case .tooManyHeaders(_, _, let line, let limit):
      return "line \(line): more than \(limit) header fields"
    case .headerTooLong(_, _, let line, let limit):
      return "line \(line): header field longer than \(limit) bytes"
    case .messageTooLarge(_, _, let line, let limit):
      return "line \(line): message larger than \(limit) bytes"
    case .mimeTooDeep(_, _, let line, let limit):
      return "line \(line): multipart nested deeper than \(limit) levels"
    case .emptyMessage(_, let line):
      return "line \(line): empty message"
    case .combinedDiff(_, _, let patchLine, let line):
      return Self.place(patchLine, line) + ": combined (merge) diff is not supported"
    case .malformedHunkHeader(_, _, let patchLine, let line):
      return Self.place(patchLine, line) + ": malformed hunk header"
    case .hunkCountMismatch(_, _, let patchLine, let line, let eo, let en, let fo, let fn):
      return Self.place(patchLine, line) + ": hunk header counts -\(eo) +\(en) but the hunk has"
        + " -\(fo) +\(fn) lines"
    case .unreadablePage(_, let detail):
      return "HTML page: \(detail)"
    case .other(_, _, let detail):
      return detail
    }
  }

  private static func place(_ patchLine: Int, _ line: Int?) -> String {
    line.map { "line \($0) (patch line \(patchLine))" } ?? "patch line \(patchLine)"
  }
}
