import PatchParse

extension InputReader {
  /// The reader the commands use: mbox, maildir, single messages, stdin, and HTML archive
  /// pages through PatchParse's libxml2 reader.
  public static func standard() -> InputReader {
    InputReader(
      html: HTMLPageSupport(
        detect: { looksLikeHTML($0) },
        parse: { bytes, index in try parseHTMLPage(bytes, index: index) }))
  }
}
