/// What a review reports beyond the patch's own regressions.
public struct ReviewOptions: Hashable, Sendable {
  /// Also list problems the base tree already had, when the patch touches one of their
  /// functions (`--include-existing`); they never change the exit status.
  public var includeExisting: Bool
  /// Also list cycles the exploration could not reach (`--include-unconfirmed`).
  public var includeUnconfirmed: Bool
  /// Findings a maintainer has ruled out, from the configuration.
  public var suppressions: [Suppression]

  public init(
    includeExisting: Bool = false, includeUnconfirmed: Bool = false,
    suppressions: [Suppression] = []
  ) {
    self.includeExisting = includeExisting
    self.includeUnconfirmed = includeUnconfirmed
    self.suppressions = suppressions
  }
}
