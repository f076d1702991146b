/// A patch series as the input holds it: the newest version of each patch, the cover letter,
/// and the numbers no version supplied.
public struct Series: Hashable, Sendable {
  /// The newest version seen of any patch in the series.
  public var version: Int
  /// The `N` of `M/N`.
  public var total: Int
  /// Labels of the newest posting (`RFC`, `RESEND`, `i-g-t`, list tags excluded).
  public var labels: [String]
  /// Position (in the array given to `series(of:)`) of the newest `0/N` cover letter.
  public var coverLetter: Int?
  /// Positions of the patches, by patch number, each the newest version present.
  public var patches: [Int]
  /// Patch numbers in `1...total` that no version in the input supplied.
  public var missing: [Int]

  /// A series as `series(of:)` reports it.
  public init(
    version: Int, total: Int, labels: [String] = [], coverLetter: Int? = nil,
    patches: [Int] = [], missing: [Int] = []
  ) {
    self.version = version
    self.total = total
    self.labels = labels
    self.coverLetter = coverLetter
    self.patches = patches
    self.missing = missing
  }
}

/// Gathers patch postings (subjects with a series tag, not replies) into series.
///
/// Postings with the same `total` are one series across versions (a lone patch is matched by
/// its subject too), so `v1 1/2, v1 2/2, v2 1/2` gives patch 1 from v2 and patch 2 from v1.
/// Two unrelated series of equal length in one input would be merged; a thread mbox (`b4
/// mbox`) or one `format-patch` run never holds such a pair.
/// - Parameter mails: messages in input order.
/// - Returns: series ordered by their first posting in the input.
public func series(of mails: [Mail]) -> [Series] {
  struct Key: Hashable {
    var total: Int
    var subject: String
  }
  var order: [Key] = []
  var postings: [Key: [Int]] = [:]
  for (position, mail) in mails.enumerated() {
    guard let tag = mail.series, !isReply(mail) else { continue }
    guard tag.number == 0 || !mail.patch.isEmpty || !mail.fileDiffs.isEmpty else { continue }
    let key = Key(total: tag.total, subject: tag.total == 1 ? mail.subject : "")
    if postings[key] == nil { order.append(key) }
    postings[key, default: []].append(position)
  }
  return order.map { key in
    var newest: [Int: Int] = [:]
    var version = 1
    var labels: [String] = []
    var newestPosting = -1
    for position in postings[key]! {
      let tag = mails[position].series!
      if tag.version >= version {
        version = tag.version
        if position > newestPosting {
          newestPosting = position
          labels = tag.labels
        }
      }
      if let current = newest[tag.number], mails[current].series!.version > tag.version {
        continue
      }
      newest[tag.number] = position
    }
    let numbers = newest.keys.filter { $0 > 0 }.sorted()
    // A subject may claim any total; the list of missing numbers is bounded all the same.
    let missing = key.total >= 1 ? (1...min(key.total, 100_000)).filter { newest[$0] == nil } : []
    return Series(
      version: version, total: key.total, labels: labels, coverLetter: newest[0],
      patches: numbers.map { newest[$0]! }, missing: missing)
  }
}
