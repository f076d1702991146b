/// Messages that belong together: a root and every reply reachable from it.
public struct MailThread: Hashable, Sendable {
  /// Position (in the array given to `threads(of:)`) of the first message of the thread.
  public var root: Int
  /// Positions of every message of the thread, in input order, the root included.
  public var messages: [Int]
  /// Each message's parent position; `nil` for the root and for messages joined by subject.
  public var parents: [Int: Int]

  /// A thread as `threads(of:)` reports it.
  public init(root: Int, messages: [Int], parents: [Int: Int] = [:]) {
    self.root = root
    self.messages = messages
    self.parents = parents
  }
}

/// Groups messages into threads: by In-Reply-To, else the last known References id; a reply
/// (`Re:`) whose parent is not in the input joins the thread whose root has its subject.
/// - Parameter mails: messages in input order (possibly from several inputs).
/// - Returns: threads ordered by their first message.
public func threads(of mails: [Mail]) -> [MailThread] {
  var positionByID: [String: Int] = [:]
  for (position, mail) in mails.enumerated() {
    if let id = mail.messageID, positionByID[id] == nil { positionByID[id] = position }
  }
  var parent: [Int?] = Array(repeating: nil, count: mails.count)
  for (position, mail) in mails.enumerated() {
    let candidates = [mail.inReplyTo].compactMap { $0 } + mail.references.reversed()
    for id in candidates {
      if let found = positionByID[id], found != position {
        parent[position] = found
        break
      }
    }
  }
  // Cycles (a message that claims a descendant as its parent) are cut where they close.
  var root = Array(repeating: -1, count: mails.count)
  func findRoot(_ start: Int) -> Int {
    var path: [Int] = []
    var onPath = Set<Int>()
    var current = start
    while root[current] < 0 {
      guard let next = parent[current], !onPath.contains(next) else {
        if let next = parent[current], onPath.contains(next) { parent[current] = nil }
        break
      }
      path.append(current)
      onPath.insert(current)
      current = next
    }
    let found = root[current] >= 0 ? root[current] : current
    root[current] = found
    for node in path { root[node] = found }
    return found
  }
  for position in mails.indices { _ = findRoot(position) }

  var rootBySubject: [String: Int] = [:]
  for position in mails.indices where root[position] == position && !isReply(mails[position]) {
    if rootBySubject[mails[position].subject] == nil {
      rootBySubject[mails[position].subject] = position
    }
  }
  var joined: [Int: Int] = [:]
  for position in mails.indices where root[position] == position && isReply(mails[position]) {
    if let target = rootBySubject[mails[position].subject], target != position {
      joined[position] = target
    }
  }
  var members: [Int: [Int]] = [:]
  var order: [Int] = []
  for position in mails.indices {
    var top = root[position]
    if let target = joined[top] { top = target }
    if members[top] == nil { order.append(top) }
    members[top, default: []].append(position)
  }
  return order.sorted { members[$0]![0] < members[$1]![0] }.map { top in
    let positions = members[top]!
    var parents: [Int: Int] = [:]
    for position in positions { if let up = parent[position] { parents[position] = up } }
    return MailThread(root: positions[0], messages: positions, parents: parents)
  }
}

/// A reply, not a posting: its raw subject starts with `Re:`.
func isReply(_ mail: Mail) -> Bool {
  mail.rawSubject.trimmingSpace().lowercased().hasPrefix("re:")
}
