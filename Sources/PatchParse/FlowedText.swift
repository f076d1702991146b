/// RFC 3676 `format=flowed`, undone for the commit message only: a patch is never reflowed,
/// because undoing space-stuffing would strip the leading space of every diff context line.
enum FlowedText {
  /// Joins soft-broken lines (ending in a space) of equal quote depth and removes
  /// space-stuffing; `-- ` stays a hard line. With `delsp=yes` the soft-break space goes too.
  static func unflow<Lines: Collection<Substring>>(_ lines: Lines, deleteSpace: Bool)
    -> [Substring]
  {
    var output: [Substring] = []
    var pending: String?
    var pendingDepth = 0
    for line in lines {
      let depth = line.prefix { $0 == ">" }.count
      var content = line.dropFirst(depth)
      if content.first == " " { content = content.dropFirst() }
      let quote = String(repeating: ">", count: depth) + (depth > 0 ? " " : "")
      if let text = pending, pendingDepth != depth {
        output.append(Substring(text))
        pending = nil
      }
      let soft = content.last == " " && line != "-- "
      var piece = String(content)
      if soft && deleteSpace { piece.removeLast() }
      if let text = pending {
        pending = text + piece
      } else {
        pending = (depth > 0 ? quote : "") + piece
        pendingDepth = depth
      }
      if !soft, let text = pending {
        output.append(Substring(text))
        pending = nil
      }
    }
    if let text = pending { output.append(Substring(text)) }
    return output
  }
}
