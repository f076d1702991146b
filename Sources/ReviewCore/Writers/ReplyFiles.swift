import Foundation

/// `--output DIR`: one `.eml` per reply, named like `git format-patch` names patches.
public enum ReplyFiles {
  /// File names and contents, in review order; names are unique and hold only `[a-z0-9.-]`,
  /// so nothing can land outside the directory.
  public static func files(for run: ReviewRun, writer: ReplyWriter) -> [(
    name: String, text: String
  )] {
    var used = Set<String>()
    var out: [(String, String)] = []
    for review in run.reviews {
      guard let text = writer.reply(to: review) else { continue }
      let number = review.mail.series?.number ?? 1
      let digits = String(number)
      let stem =
        String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-"
        + slug(review.mail.subject.isEmpty ? review.mail.rawSubject : review.mail.subject)
      var name = stem + ".eml"
      var copy = 2
      while used.contains(name) {
        name = "\(stem)-\(copy).eml"
        copy += 1
      }
      used.insert(name)
      out.append((name, text))
    }
    return out
  }

  /// Writes the replies into `directory` (created when missing).
  /// - Returns: the paths written, in review order.
  /// - Throws: when the directory cannot be created or a file cannot be written.
  public static func write(
    _ run: ReviewRun, to directory: String, writer: ReplyWriter
  ) throws -> [String] {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    var written: [String] = []
    for (name, text) in files(for: run, writer: writer) {
      let path = (directory as NSString).appendingPathComponent(name)
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      written.append(path)
    }
    return written
  }

  /// `drm/i915: Fix the thing!` → `drm-i915-fix-the-thing`, at most 52 characters.
  static func slug(_ subject: String) -> String {
    var out = ""
    for scalar in subject.lowercased().unicodeScalars {
      let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
      if keep {
        out.unicodeScalars.append(scalar)
      } else if !out.isEmpty, out.last != "-" {
        out += "-"
      }
      if out.count >= 52 { break }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "patch" : out
  }
}
