/// The decoded body cut the way `git mailinfo` cuts it: in-body headers, commit message and
/// patch, with `-- >8 --` scissors honoured.
struct BodySplit: Hashable, Sendable {
  var inBodyFrom: String?
  var inBodySubject: String?
  var inBodyDate: String?
  /// Commit message lines as written (before `stripspace`).
  var message: [Substring] = []
  /// From the patch break on; empty when there is none.
  var patch: [Substring] = []
  /// 0-based index, among the lines of the text split, of the patch's first line.
  var patchStart: Int?

  /// Splits `text` (LF line ends).
  ///
  /// In-body `From:`/`Subject:`/`Date:` lines are read only at the top of the body (after
  /// blank lines) and each name once; a blank line ends them. A scissors line drops all text
  /// above it, in-body headers included, and looks for in-body headers again.
  init(_ text: String) {
    var lookingForHeaders = true
    var pendingHeader: Substring?
    var inPatch = false
    for (number, line) in Self.lines(of: text).enumerated() {
      if inPatch {
        patch.append(line)
        continue
      }
      if lookingForHeaders {
        if line.allSatisfy(Self.isSpace) {
          if let header = pendingHeader {
            record(header)
            pendingHeader = nil
            lookingForHeaders = false
          }
          continue
        }
        if pendingHeader != nil, line.first == " " || line.first == "\t", !Self.isScissors(line) {
          pendingHeader? += line
          continue
        }
        if let header = pendingHeader {
          record(header)
          pendingHeader = nil
        }
        if inBodyHeaderName(line) != nil {
          pendingHeader = line
          continue
        }
        lookingForHeaders = false
      }
      if Self.isScissors(line) {
        message.removeAll()
        inBodyFrom = nil
        inBodySubject = nil
        inBodyDate = nil
        lookingForHeaders = true
        continue
      }
      if Self.isPatchBreak(line) {
        inPatch = true
        patchStart = number
        patch.append(line)
        continue
      }
      message.append(line)
    }
    if let header = pendingHeader { record(header) }
  }

  private static let inBodyNames = ["from", "subject", "date"]

  private func inBodyHeaderName(_ line: Substring) -> String? {
    for name in Self.inBodyNames {
      guard line.count > name.count,
        line.prefix(name.count).lowercased() == name,
        line.dropFirst(name.count).first == ":"
      else { continue }
      let seen: Bool
      switch name {
      case "from": seen = inBodyFrom != nil
      case "subject": seen = inBodySubject != nil
      default: seen = inBodyDate != nil
      }
      return seen ? nil : name
    }
    return nil
  }

  private mutating func record(_ header: Substring) {
    guard let name = inBodyHeaderName(header) else { return }
    let value = header.dropFirst(name.count + 1).trimmingSpace()
    switch name {
    case "from": inBodyFrom = value
    case "subject": inBodySubject = value
    default: inBodyDate = value
    }
  }

  /// Lines without their `\n`; split on UTF-8 bytes, which is linear and cheap.
  static func lines(of text: String) -> [Substring] {
    var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
      .map { Substring($0) }
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  static func isSpace(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\r" || character == "\u{0B}"
      || character == "\u{0C}"
  }

  /// git's rule: `diff -`, `Index: `, `--- name`, or `---` followed by nothing but whitespace.
  static func isPatchBreak(_ line: Substring) -> Bool {
    if line.hasPrefix("diff -") || line.hasPrefix("Index: ") { return true }
    guard line.hasPrefix("---") else { return false }
    let rest = line.dropFirst(3)
    if rest.first == " ", let name = rest.dropFirst().first, !isSpace(name) { return true }
    return rest.allSatisfy(isSpace)
  }

  /// A perforation such as `-- >8 --` or `--8<-- cut here --8<--`: at least eight visible
  /// characters, a scissors mark, dashes and marks over a third of the width, few gaps.
  static func isScissors(_ line: Substring) -> Bool {
    // Every mark holds an `8` or a `%`; most lines have neither.
    guard line.utf8.contains(where: { $0 == UInt8(ascii: "8") || $0 == UInt8(ascii: "%") }) else {
      return false
    }
    let scalars = Array(line.unicodeScalars)
    var marks = 0
    var perforation = 0
    var gaps = 0
    var inPerforation = false
    var firstVisible: Int?
    var lastVisible = 0
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == " " || scalar == "\t" || scalar == "\r" {
        if inPerforation {
          perforation += 1
          gaps += 1
        }
        index += 1
        continue
      }
      if firstVisible == nil { firstVisible = index }
      lastVisible = index
      if scalar == "-" {
        inPerforation = true
        perforation += 1
        index += 1
        continue
      }
      if index + 1 < scalars.count {
        let pair = String(scalar) + String(scalars[index + 1])
        if pair == ">8" || pair == "8<" || pair == ">%" || pair == "%<" {
          inPerforation = true
          perforation += 2
          marks += 2
          lastVisible = index + 1
          index += 2
          continue
        }
      }
      inPerforation = false
      index += 1
    }
    guard let first = firstVisible else { return false }
    let visible = lastVisible - first + 1
    return marks > 0 && visible >= 8 && visible < perforation * 3 && gaps * 2 < perforation
  }
}
