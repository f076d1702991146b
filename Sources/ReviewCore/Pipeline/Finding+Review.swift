import GEMSim
import LockModelExtract

extension Finding {
  /// The order reviews list findings in: the patch's own first, then by kind, first edge's
  /// file and line, and lock names.
  public static func reviewOrder(_ a: Finding, _ b: Finding) -> Bool {
    let keyA = a.sortKey
    let keyB = b.sortKey
    if keyA.origin != keyB.origin { return keyA.origin < keyB.origin }
    if keyA.kind != keyB.kind { return keyA.kind < keyB.kind }
    if keyA.file != keyB.file { return keyA.file < keyB.file }
    if keyA.line != keyB.line { return keyA.line < keyB.line }
    return keyA.locks.lexicographicallyPrecedes(keyB.locks)
  }

  private var sortKey: (origin: Int, kind: String, file: String, line: Int, locks: [String]) {
    let rank =
      switch origin {
      case .introduced: 0
      case .existing: 1
      case .removed: 2
      }
    let site = siteEdge?.location
    return (rank, kind.rawValue, site?.file ?? "", site?.line ?? 0, locks.map(\.name))
  }

  /// The edge a review points at: the first new edge, else the first edge.
  public var siteEdge: DependencyEdge? { siteEdge(preferring: []) }

  /// The edge a review points at: the first new edge whose path goes through a function
  /// the patch changes, else the first new edge, else the first edge. A patch can make an
  /// edge new far from its hunks (a fault handler it changes, reached from elsewhere); the
  /// reply still leads with the code the author touched.
  public func siteEdge(preferring changed: Set<String>) -> DependencyEdge? {
    let new = edges.filter(\.isNew)
    let touching = new.first { edge in
      changed.contains(edge.function) || edge.via.contains(where: changed.contains)
    }
    return touching ?? new.first ?? edges.first
  }

  /// A stable id for suppressions and SARIF: kind, lock classes and the functions of the
  /// edges, not line numbers, so it survives unrelated edits above the code.
  public var fingerprint: String {
    var parts = [kind.rawValue]
    parts += locks.map(\.name).sorted()
    parts += Set(edges.map(\.function)).sorted()
    if let retry { parts += [retry.function, retry.lock.name] }
    if let imbalance { parts += [imbalance.function, imbalance.lock.name] }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in parts.joined(separator: "\u{1F}").utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
