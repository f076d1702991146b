import Foundation
import PatchParse

/// Header lines for reply mails: addresses, RFC 2047 words for non-ASCII, folding.
enum MailHeader {
  /// `Name <email>`, the name quoted when it holds specials and encoded when not ASCII.
  static func address(_ address: Address) -> String {
    guard !address.name.isEmpty else { return address.email }
    return "\(phrase(address.name)) <\(address.email)>"
  }

  static func phrase(_ name: String) -> String {
    if !name.allSatisfy(\.isASCII) { return encodedWords(name) }
    let specials = "()<>[]:;@\\,.\""
    if name.contains(where: { specials.contains($0) }) {
      let escaped = name.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\"", with: "\\\"")
      return "\"\(escaped)\""
    }
    return name
  }

  /// Non-ASCII text as `=?UTF-8?B?…?=` words, each within RFC 2047's 75 characters.
  static func encodedWords(_ text: String) -> String {
    guard !text.allSatisfy(\.isASCII) else { return text }
    var words: [String] = []
    var chunk: [UInt8] = []
    for character in text {
      let bytes = Array(String(character).utf8)
      if chunk.count + bytes.count > 45 {
        words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
    return words.joined(separator: " ")
  }

  /// `Name: a, b`, folded before an item that would pass 78 columns.
  static func line(_ name: String, _ items: [String], separator: String = ",") -> String {
    var out = "\(name):"
    var width = out.count
    for (index, item) in items.enumerated() {
      let piece = item + (index + 1 < items.count ? separator : "")
      if index > 0 && width + 1 + piece.count > 78 {
        out += "\n " + piece
        width = 1 + piece.count
      } else {
        out += " " + piece
        width += 1 + piece.count
      }
    }
    return out
  }

  /// The subject without the `Re:` prefixes replies add, whitespace unfolded.
  static func replySubject(_ raw: String) -> String {
    var subject = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
      .joined(separator: " ")
    while subject.count >= 3, subject.prefix(3).lowercased() == "re:" {
      subject = String(subject.dropFirst(3)).trimmingWhitespace()
    }
    return "Re: " + subject
  }
}
