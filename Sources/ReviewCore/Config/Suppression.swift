import GEMSim

/// A finding a maintainer has ruled out, with the reason that goes into the record.
public struct Suppression: Hashable, Sendable {
  /// What a suppression recognises a finding by.
  public enum Match: Hashable, Sendable {
    /// Any finding whose lock classes include both (in either order).
    case lockPair(String, String)
    /// Any finding with an edge in this function.
    case function(String)
    /// The finding with this ``GEMSim/Finding/fingerprint``.
    case fingerprint(String)
  }

  public var match: Match
  public var reason: String

  public init(_ match: Match, reason: String) {
    self.match = match
    self.reason = reason
  }

  /// Whether this suppression drops `finding`.
  public func matches(_ finding: Finding) -> Bool {
    switch match {
    case .lockPair(let a, let b):
      let names = Set(finding.locks.map(\.name))
      return names.contains(a) && names.contains(b)
    case .function(let name):
      return finding.edges.contains { $0.function == name }
        || finding.retry?.function == name || finding.imbalance?.function == name
    case .fingerprint(let id):
      return finding.fingerprint == id.lowercased()
    }
  }
}
