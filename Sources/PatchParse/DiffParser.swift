/// Reads unified and git-extended diffs out of a message's patch text.
///
/// Hunk counts are checked, not trusted blindly and not recomputed: a hunk whose body ends
/// before its `-a,b +c,d` counts are met is `MailError.hunkCountMismatch` naming the `@@` line,
/// because a hunk cut short by a mailer would make us review code that is not in the patch.
/// Lines after a complete hunk that are not a new hunk or file are ignored, as `git apply` does.
struct DiffParser {
  var index: Int
  var messageID: String?
  /// The input line of patch line 1, when the patch text is the input verbatim.
  var firstInputLine: Int? = nil

  private func inputLine(_ patchLine: Int) -> Int? { firstInputLine.map { $0 + patchLine - 1 } }

  struct Result {
    var fileDiffs: [FileDiff] = []
    /// 0-based index of the `-- ` signature line (outside any hunk), when there is one.
    var signatureLine: Int?
  }

  func parse(_ lines: [Substring]) throws(MailError) -> Result {
    var result = Result()
    var current: FileDiff?
    var inGitHeader = false
    var position = 0

    func finishFile() {
      if let file = current { result.fileDiffs.append(file) }
      current = nil
      inGitHeader = false
    }

    while position < lines.count {
      let line = lines[position]
      if line == "-- " {
        result.signatureLine = position
        break
      }
      if line.hasPrefix("diff --cc ") || line.hasPrefix("diff --combined ")
        || line.hasPrefix("@@@ ")
      {
        throw .combinedDiff(
          index: index, messageID: messageID, patchLine: position + 1,
          line: inputLine(position + 1))
      }
      if line.hasPrefix("diff --git ") {
        finishFile()
        current = Self.gitHeader(line.dropFirst(11), line: position + 1)
        inGitHeader = true
        position += 1
        continue
      }
      if line.hasPrefix("--- "), position + 1 < lines.count, lines[position + 1].hasPrefix("+++ ") {
        let oldPath = Self.path(line.dropFirst(4))
        let newPath = Self.path(lines[position + 1].dropFirst(4))
        if !inGitHeader || current == nil {
          finishFile()
          current = FileDiff(oldPath: oldPath, newPath: newPath, line: position + 1)
          if oldPath == nil { current?.status = .added }
          if newPath == nil { current?.status = .deleted }
        } else if current?.status == .modified {
          if let oldPath { current?.oldPath = oldPath }
          if let newPath { current?.newPath = newPath }
        }
        inGitHeader = false
        position += 2
        continue
      }
      if line.hasPrefix("@@ "), current != nil {
        inGitHeader = false
        let (hunk, next) = try readHunk(lines, at: position)
        current?.hunks.append(hunk)
        position = next
        continue
      }
      if inGitHeader, current != nil {
        if line.hasPrefix("GIT binary patch")
          || (line.hasPrefix("Binary files ")
            && line.hasSuffix(" differ"))
        {
          current?.isBinary = true
          position += 1
          // The base85 data never starts with `diff `; skip to the next file or the signature.
          while position < lines.count, !lines[position].hasPrefix("diff "),
            lines[position] != "-- "
          {
            position += 1
          }
          finishFile()
          continue
        }
        Self.applyExtendedHeader(line, to: &current)
      }
      position += 1
    }
    finishFile()
    return result
  }

  private func readHunk(_ lines: [Substring], at start: Int) throws(MailError) -> (Hunk, Int) {
    guard var hunk = Self.hunkHeader(lines[start]) else {
      throw .malformedHunkHeader(
        index: index, messageID: messageID, patchLine: start + 1, line: inputLine(start + 1))
    }
    var oldSeen = 0
    var newSeen = 0
    var position = start + 1
    while position < lines.count, oldSeen < hunk.oldCount || newSeen < hunk.newCount {
      let line = lines[position]
      let text = String(line.dropFirst())
      switch line.first {
      case " ", nil:
        // An empty line is a context line whose single space a mailer trimmed.
        hunk.lines.append(Hunk.Line(kind: .context, text: text))
        oldSeen += 1
        newSeen += 1
      case "-":
        hunk.lines.append(Hunk.Line(kind: .removed, text: text))
        oldSeen += 1
      case "+":
        hunk.lines.append(Hunk.Line(kind: .added, text: text))
        newSeen += 1
      case "\\":
        if !hunk.lines.isEmpty { hunk.lines[hunk.lines.count - 1].missingNewline = true }
      default:
        throw mismatch(hunk, start: start, oldSeen: oldSeen, newSeen: newSeen)
      }
      position += 1
    }
    if oldSeen != hunk.oldCount || newSeen != hunk.newCount {
      throw mismatch(hunk, start: start, oldSeen: oldSeen, newSeen: newSeen)
    }
    if position < lines.count, lines[position].hasPrefix("\\") {
      if !hunk.lines.isEmpty { hunk.lines[hunk.lines.count - 1].missingNewline = true }
      position += 1
    }
    return (hunk, position)
  }

  private func mismatch(_ hunk: Hunk, start: Int, oldSeen: Int, newSeen: Int) -> MailError {
    .hunkCountMismatch(
      index: index, messageID: messageID, patchLine: start + 1, line: inputLine(start + 1),
      expectedOld: hunk.oldCount,
      expectedNew: hunk.newCount, foundOld: oldSeen, foundNew: newSeen)
  }

  /// `@@ -a[,b] +c[,d] @@ section`; a missing count is 1.
  static func hunkHeader(_ line: Substring) -> Hunk? {
    let body = line.dropFirst(3)
    guard let close = body.range(of: " @@") else { return nil }
    let ranges = body[..<close.lowerBound].split(separator: " ")
    guard ranges.count == 2, ranges[0].first == "-", ranges[1].first == "+",
      let old = range(ranges[0].dropFirst()), let new = range(ranges[1].dropFirst())
    else { return nil }
    var section = body[close.upperBound...]
    if section.first == " " { section = section.dropFirst() }
    return Hunk(
      oldStart: old.start, oldCount: old.count, newStart: new.start, newCount: new.count,
      section: String(section))
  }

  private static func range(_ text: Substring) -> (start: Int, count: Int)? {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= 2, let start = Int(parts[0]), start >= 0 else { return nil }
    if parts.count == 1 { return (start, 1) }
    guard let count = Int(parts[1]), count >= 0 else { return nil }
    return (start, count)
  }

  private static func applyExtendedHeader(_ line: Substring, to file: inout FileDiff?) {
    func value(_ prefix: String) -> String? {
      line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
    }
    if let mode = value("old mode ") {
      file?.oldMode = mode
    } else if let mode = value("new mode ") {
      file?.newMode = mode
    } else if let mode = value("new file mode ") {
      file?.newMode = mode
      file?.status = .added
      file?.oldPath = nil
    } else if let mode = value("deleted file mode ") {
      file?.oldMode = mode
      file?.status = .deleted
      file?.newPath = nil
    } else if let path = value("rename from ") {
      file?.oldPath = unquote(Substring(path))
      file?.status = .renamed
    } else if let path = value("rename to ") {
      file?.newPath = unquote(Substring(path))
      file?.status = .renamed
    } else if let path = value("copy from ") {
      file?.oldPath = unquote(Substring(path))
      file?.status = .copied
    } else if let path = value("copy to ") {
      file?.newPath = unquote(Substring(path))
      file?.status = .copied
    } else if let number = value("similarity index ") {
      file?.similarity = Int(number.dropLast(number.hasSuffix("%") ? 1 : 0))
    } else if let index = value("index ") {
      let fields = index.split(separator: " ")
      if let hashes = fields.first {
        let pair = hashes.split(separator: ".", omittingEmptySubsequences: true)
        if pair.count == 2 {
          file?.oldHash = String(pair[0])
          file?.newHash = String(pair[1])
        }
      }
      if fields.count > 1 {
        if file?.oldMode == nil, file?.status != .added { file?.oldMode = String(fields[1]) }
        if file?.newMode == nil, file?.status != .deleted { file?.newMode = String(fields[1]) }
      }
    }
  }

  /// `a/x b/y` after `diff --git`: quoted names, or the split where both names are equal,
  /// or at ` b/`; renames are corrected later by `rename from`/`rename to`.
  private static func gitHeader(_ names: Substring, line: Int) -> FileDiff {
    var oldName: String?
    var newName: String?
    if names.first == "\"" {
      let (first, rest) = quotedName(names)
      oldName = first
      let trimmed = rest.drop { $0 == " " }
      newName = trimmed.first == "\"" ? quotedName(trimmed).name : String(trimmed)
    } else if let quote = names.range(of: " \"") {
      oldName = String(names[..<quote.lowerBound])
      newName = quotedName(names[names.index(after: quote.lowerBound)...]).name
    } else {
      let characters = Array(names)
      if characters.count % 2 == 1 {
        let middle = characters.count / 2
        let first = String(characters[..<middle])
        let second = String(characters[(middle + 1)...])
        if characters[middle] == " ", stripPrefix(first) == stripPrefix(second) {
          oldName = first
          newName = second
        }
      }
      if oldName == nil, let split = names.range(of: " b/") {
        oldName = String(names[..<split.lowerBound])
        newName = String(names[names.index(after: split.lowerBound)...])
      }
    }
    return FileDiff(
      oldPath: oldName.map(stripPrefix), newPath: newName.map(stripPrefix), line: line)
  }

  /// A path from a `---`/`+++` line: `/dev/null` is none; a tab and what follows (a
  /// timestamp from `diff -u`) is dropped; the first component (`a/`, `linux-orig/`) goes, as
  /// `git apply -p1` does.
  static func path(_ raw: Substring) -> String? {
    var text = raw.first == "\"" ? Substring(quotedName(raw).name) : raw
    if raw.first != "\"", let tab = text.firstIndex(of: "\t") { text = text[..<tab] }
    while text.last == " " { text = text.dropLast() }
    if text == "/dev/null" { return nil }
    return stripPrefix(String(text))
  }

  private static func stripPrefix(_ path: String) -> String {
    guard let slash = path.firstIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  private static func unquote(_ text: Substring) -> String {
    text.first == "\"" ? quotedName(text).name : String(text)
  }

  /// A C-style quoted name as git writes it (`"a/t\303\251st"`), and the text after it.
  static func quotedName(_ text: Substring) -> (name: String, rest: Substring) {
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8)
    var position = 1
    while position < utf8.count, utf8[position] != UInt8(ascii: "\"") {
      var byte = utf8[position]
      if byte == UInt8(ascii: "\\"), position + 1 < utf8.count {
        position += 1
        byte = utf8[position]
        switch byte {
        case UInt8(ascii: "n"): byte = 0x0A
        case UInt8(ascii: "t"): byte = 0x09
        case UInt8(ascii: "r"): byte = 0x0D
        case UInt8(ascii: "a"): byte = 0x07
        case UInt8(ascii: "b"): byte = 0x08
        case UInt8(ascii: "f"): byte = 0x0C
        case UInt8(ascii: "v"): byte = 0x0B
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
          var value = Int(byte - UInt8(ascii: "0"))
          var digits = 1
          while digits < 3, position + 1 < utf8.count,
            (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(utf8[position + 1])
          {
            position += 1
            value = value * 8 + Int(utf8[position] - UInt8(ascii: "0"))
            digits += 1
          }
          byte = UInt8(truncatingIfNeeded: value)
        default: break
        }
      }
      bytes.append(byte)
      position += 1
    }
    let restBytes = utf8[min(position + 1, utf8.count)...]
    return (
      String(decoding: bytes, as: UTF8.self), Substring(String(decoding: restBytes, as: UTF8.self))
    )
  }
}
