/// RFC 5322 address lists: display names, quoted names, comments, groups, bare addr-specs.
enum AddressParser {
  /// Every mailbox in `raw` (group names dropped, group members kept), in order.
  ///
  /// Encoded words are decoded in display names, also inside quoted strings where RFC 2047
  /// forbids them but mailers put them anyway. A bare `user@host (Name)` takes its name from
  /// the comment, as `git mailinfo` does.
  static func parseList(_ raw: [UInt8]) -> [Address] {
    let text = Array(Charset.decode(raw, charset: nil).unicodeScalars)
    var addresses: [Address] = []
    var current = Pending()
    var position = 0
    var inAngle = false
    while position < text.count {
      let scalar = text[position]
      switch scalar {
      case "\"":
        position += 1
        var quoted = ""
        while position < text.count, text[position] != "\"" {
          if text[position] == "\\", position + 1 < text.count { position += 1 }
          quoted.unicodeScalars.append(text[position])
          position += 1
        }
        if inAngle { current.angle += quoted } else { current.words.append(.quoted(quoted)) }
      case "(":
        var depth = 1
        var comment = ""
        position += 1
        while position < text.count {
          let inner = text[position]
          if inner == "\\", position + 1 < text.count {
            position += 1
            comment.unicodeScalars.append(text[position])
          } else if inner == "(" {
            depth += 1
            comment.unicodeScalars.append(inner)
          } else if inner == ")" {
            depth -= 1
            if depth == 0 { break }
            comment.unicodeScalars.append(inner)
          } else {
            comment.unicodeScalars.append(inner)
          }
          position += 1
        }
        current.comments.append(comment)
      case "<":
        inAngle = true
        current.angle = ""
        current.hasAngle = true
      case ">":
        inAngle = false
      case ",", ";":
        if inAngle {
          current.angle.unicodeScalars.append(scalar)
        } else {
          current.finish(into: &addresses)
          current = Pending()
        }
      case ":":
        if inAngle {
          // A source route `<@relay:user@host>`: the route goes.
          current.angle = ""
        } else if !current.hasAngle, !current.words.contains(where: \.hasAt) {
          current = Pending()  // a group's display name
        } else {
          current.words.append(.atom(":"))
        }
      default:
        if inAngle {
          if !scalar.properties.isWhitespace { current.angle.unicodeScalars.append(scalar) }
        } else if scalar.properties.isWhitespace {
          current.words.append(.space)
        } else {
          current.words.append(.atom(String(scalar)))
        }
      }
      position += 1
    }
    current.finish(into: &addresses)
    return addresses
  }

  private enum Word {
    case atom(String)
    case quoted(String)
    case space

    var hasAt: Bool {
      if case .atom(let text) = self { return text.contains("@") }
      return false
    }
  }

  private struct Pending {
    var words: [Word] = []
    var comments: [String] = []
    var angle = ""
    var hasAngle = false

    /// The phrase as written, atoms and quoted strings joined, runs of space collapsed.
    var phrase: String {
      var text = ""
      for word in words {
        switch word {
        case .atom(let atom): text += atom
        case .quoted(let quoted): text += quoted
        case .space: if !text.isEmpty, !text.hasSuffix(" ") { text += " " }
        }
      }
      return text
    }

    func finish(into addresses: inout [Address]) {
      if hasAngle {
        var name = decodeName(phrase)
        if name.isEmpty, let comment = comments.first { name = decodeName(comment) }
        if !angle.isEmpty || !name.isEmpty {
          addresses.append(Address(name: name, email: angle))
        }
        return
      }
      let email = phrase.filter { !$0.isWhitespace }
      guard !email.isEmpty else { return }
      let name = comments.map(decodeName).first { !$0.isEmpty } ?? ""
      addresses.append(Address(name: name, email: email))
    }
  }

  static func decodeName(_ text: String) -> String {
    let decoded = EncodedWords.decode(Array(text.utf8))
    return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
