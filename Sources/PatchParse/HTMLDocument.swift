import CLibXML2

/// libxml2 2.9 wants `xmlInitParser` to have run once before threads parse concurrently; a
/// global constant is initialised exactly once, thread-safely, on first use. Never paired with
/// `xmlCleanupParser`, which would pull the library from under other users in the process.
private let libxml2Initialized: Void = xmlInitParser()

/// An HTML page parsed by libxml2 (`htmlReadMemory`), turned into text the way a reader sees
/// it. Owns the `xmlDoc` and frees it in `deinit`; not `Sendable`: read, copy out, let go.
final class HTMLDocument {
  private let document: xmlDocPtr

  /// Parses `bytes` leniently: no network, no error output, recovery from broken markup.
  /// `nil` when libxml2 returns no document.
  init?(bytes: [UInt8]) {
    guard bytes.count < Int(Int32.max) else { return nil }
    _ = libxml2Initialized
    let options = Int32(
      HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue)
    let encoding = Self.encodingHint(bytes)
    let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        htmlReadMemory(chars.baseAddress, Int32(chars.count), "page.html", encoding, options)
      }
    }
    guard let parsed else { return nil }
    document = parsed
  }

  deinit {
    xmlFreeDoc(document)
  }

  /// A page that declares its charset is left to libxml2; otherwise UTF-8 when the bytes are
  /// valid UTF-8 and Windows-1252 (what browsers assume) when not.
  private static func encodingHint(_ bytes: [UInt8]) -> String? {
    let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
    if head.contains("charset") || head.hasPrefix("<?xml") { return nil }
    return Charset.validUTF8(bytes) != nil ? "UTF-8" : "windows-1252"
  }

  /// The page as text: `<br>` a line break, paragraphs and blocks on their own lines, `<pre>`
  /// kept verbatim, entities decoded by libxml2; plus the landmarks archive pages leave.
  func render() -> RenderedPage {
    var page = RenderedPage()
    guard let root = xmlDocGetRootElement(document) else { return page }
    var renderer = Renderer()
    // An explicit stack: pages nest deeply enough to exhaust a recursive walk.
    var stack: [(node: xmlNodePtr, entering: Bool)] = [(root, true)]
    while let (node, entering) = stack.popLast() {
      let name = Self.name(of: node)
      if !entering {
        renderer.leave(name)
        continue
      }
      switch node.pointee.type {
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        renderer.text(Self.content(of: node))
      case XML_COMMENT_NODE:
        renderer.comment(Self.content(of: node), into: &page)
      case XML_ELEMENT_NODE:
        if name == "title" || name == "h1" {
          let text = collapseSpace(Self.textContent(of: node))
          if name == "title", page.title == nil { page.title = text }
          if name == "h1", page.heading == nil { page.heading = text }
        }
        if ["script", "style", "head", "title", "noscript"].contains(name) { continue }
        renderer.enter(name)
        stack.append((node, false))
        var children: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
          children.append(current)
          child = current.pointee.next
        }
        for current in children.reversed() { stack.append((current, true)) }
      default:
        continue
      }
    }
    page.text = String(decoding: renderer.output, as: UTF8.self)
    page.preBlocks = renderer.preBlocks
    if let start = renderer.bodyStart {
      // An end marker before the start (or a second start after it) cannot close this body.
      let end = renderer.bodyEnd.flatMap { $0 >= start ? $0 : nil } ?? renderer.output.count
      page.bodyRange = start..<end
    }
    return page
  }

  private static func name(of node: xmlNodePtr) -> String {
    guard let name = node.pointee.name else { return "" }
    return String(cString: name).lowercased()
  }

  private static func content(of node: xmlNodePtr) -> String {
    guard let content = node.pointee.content else { return "" }
    return String(cString: content)
  }

  /// The text of every text node under `node`; walked here because freeing the string
  /// `xmlNodeGetContent` returns needs the global `xmlFree` pointer, which strict
  /// concurrency rejects.
  private static func textContent(of node: xmlNodePtr) -> String {
    var text = ""
    var stack: [xmlNodePtr] = [node]
    while let current = stack.popLast() {
      if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
        text += content(of: current)
      }
      var children: [xmlNodePtr] = []
      var child = current.pointee.children
      while let next = child {
        children.append(next)
        child = next.pointee.next
      }
      stack.append(contentsOf: children.reversed())
    }
    return text
  }
}

/// What `HTMLDocument.render()` copied out of the page.
struct RenderedPage: Sendable {
  var text = ""
  var title: String?
  var heading: String?
  /// Byte ranges of the outermost `<pre>` blocks in `text`.
  var preBlocks: [Range<Int>] = []
  /// The byte range between hypermail's `<!-- body="start" -->` and `<!-- body="end" -->`.
  var bodyRange: Range<Int>?
  /// hypermail's metadata comments (`name`, `email`, `subject`, `id`, `inreplyto`, `sent`).
  var metadata: [String: String] = [:]
}

private struct Renderer {
  var output: [UInt8] = []
  var preDepth = 0
  var preStart = 0
  var preBlocks: [Range<Int>] = []
  var bodyStart: Int?
  var bodyEnd: Int?

  private static let blocks: Set<String> = [
    "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "tr", "table", "hr",
    "blockquote", "address", "dl", "dt", "dd", "center", "form", "body", "section", "article",
    "header", "footer", "nav",
  ]

  /// Set by `<br>`: the whitespace that starts the next source line is the line's own
  /// indentation (a diff context line's space), not markup formatting.
  var afterBreak = false

  mutating func text(_ text: String) {
    var bytes = Array(text.replacingAll("\u{00A0}", with: " ").utf8)[...]
    if preDepth > 0 {
      output.append(contentsOf: bytes)
      return
    }
    while let first = bytes.first {
      guard Self.isSpace(first) else {
        let word = bytes.prefix { !Self.isSpace($0) }
        output.append(contentsOf: word)
        bytes = bytes.dropFirst(word.count)
        afterBreak = false
        continue
      }
      let run = bytes.prefix(while: Self.isSpace)
      bytes = bytes.dropFirst(run.count)
      let lastBreak = run.lastIndex { $0 == 0x0A || $0 == 0x0D }
      let atLineStart = output.isEmpty || output.last == 0x0A
      if atLineStart {
        if afterBreak, bytes.first != nil {
          output.append(contentsOf: lastBreak.map { run[($0 + 1)...] } ?? run)
        }
      } else if lastBreak != nil || bytes.isEmpty {
        output.append(0x20)
      } else {
        output.append(contentsOf: run)
      }
    }
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  mutating func enter(_ name: String) {
    switch name {
    case "br":
      newline(force: true)
      afterBreak = true
    case "p": blankLine()
    case "pre":
      newline()
      if preDepth == 0 { preStart = output.count }
      preDepth += 1
    default: if Self.blocks.contains(name) { newline() }
    }
  }

  mutating func leave(_ name: String) {
    switch name {
    case "p": blankLine()
    case "pre":
      preDepth -= 1
      if preDepth == 0 { preBlocks.append(preStart..<output.count) }
      newline()
    default: if Self.blocks.contains(name) { newline() }
    }
  }

  mutating func comment(_ text: String, into page: inout RenderedPage) {
    let trimmed = text.trimmingSpace()
    if trimmed == "body=\"start\"" {
      newline()
      bodyStart = output.count
      return
    }
    if trimmed == "body=\"end\"" {
      bodyEnd = output.count
      return
    }
    guard let equals = trimmed.firstIndex(of: "="), trimmed.hasSuffix("\"") else { return }
    let key = String(trimmed[..<equals])
    guard ["name", "email", "subject", "id", "inreplyto", "sent"].contains(key) else { return }
    var value = trimmed[trimmed.index(after: equals)...]
    guard value.first == "\"" else { return }
    value = value.dropFirst().dropLast()
    if page.metadata[key] == nil { page.metadata[key] = decodeBasicEntities(String(value)) }
  }

  private mutating func trimTrailingSpace() {
    while output.last == 0x20 { output.removeLast() }
  }

  private mutating func newline(force: Bool = false) {
    if preDepth > 0 && !force { return }
    afterBreak = false
    trimTrailingSpace()
    if force || (!output.isEmpty && output.last != 0x0A) { output.append(0x0A) }
  }

  private mutating func blankLine() {
    if preDepth > 0 { return }
    newline()
    if output.count >= 2, output[output.count - 2] == 0x0A { return }
    if !output.isEmpty { output.append(0x0A) }
  }
}

/// Comments are not entity-decoded by the parser; hypermail escapes these five in them.
func decodeBasicEntities(_ text: String) -> String {
  guard text.contains("&") else { return text }
  return text.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">")
    .replacingAll("&quot;", with: "\"").replacingAll("&#39;", with: "'")
    .replacingAll("&amp;", with: "&")
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
