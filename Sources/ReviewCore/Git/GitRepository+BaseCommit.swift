import PatchParse

extension GitRepository {
  /// The full id of the commit a mail says it applies to, when this repository has it.
  ///
  /// `git format-patch --base` writes `base-commit: <id>` after the diff, so the line is
  /// looked for among the parsed trailers, then in the patch text and the body.
  /// - Returns: `nil` when the mail names no base or the repository lacks it.
  public func baseCommitID(for mail: Mail) -> String? {
    let fromTrailers = mail.trailers.filter { $0.key.lowercased() == "base-commit" }.map(\.value)
    let fromText = [mail.patch, mail.body].flatMap { text in
      text.split(separator: "\n").compactMap { line -> String? in
        guard line.lowercased().hasPrefix("base-commit:") else { return nil }
        return String(line.dropFirst("base-commit:".count))
      }
    }
    for value in fromTrailers + fromText {
      let id = value.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
      if let found = commitID(abbreviated: id) { return found }
    }
    return nil
  }
}
