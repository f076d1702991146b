import LockModelExtract

/// A store of per-file models keyed by content id (blob id), so unchanged files are not
/// re-extracted. The git helper provides a disk cache under `.git/reviewbot/`.
public protocol FileModelCaching: Sendable {
  /// The model stored for `id`, or `nil` (absent or unreadable: a cache miss, never an error).
  func load(id: String) -> FileModel?
  /// Stores `model` under `id`; failures are ignored, a cache is an optimisation.
  func store(_ model: FileModel, id: String)
}
