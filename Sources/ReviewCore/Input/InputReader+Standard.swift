extension InputReader {
  /// The reader the commands use. The integrator adds PatchParse's HTML page support here:
  /// `InputReader(html: HTMLPageSupport(detect: looksLikeHTML, parse: parseHTMLPage))`.
  public static func standard() -> InputReader { InputReader() }
}
