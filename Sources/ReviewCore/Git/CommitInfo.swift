import Foundation

/// What a commit says about itself, copied out of libgit2.
public struct CommitInfo: Hashable, Sendable {
  /// Full 40-digit id.
  public var id: String
  public var authorName: String
  public var authorEmail: String
  /// Author time.
  public var date: Date
  /// The author's UTC offset in minutes, as recorded in the commit.
  public var timeZoneOffsetMinutes: Int
  /// The first paragraph of the message joined into one line (`git_commit_summary`).
  public var summary: String
  /// The full message, trailers included.
  public var message: String
  /// First parent first; empty for a root commit.
  public var parentIDs: [String]
  public var treeID: String

  public init(
    id: String, authorName: String, authorEmail: String, date: Date,
    timeZoneOffsetMinutes: Int = 0, summary: String, message: String, parentIDs: [String],
    treeID: String
  ) {
    self.id = id
    self.authorName = authorName
    self.authorEmail = authorEmail
    self.date = date
    self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    self.summary = summary
    self.message = message
    self.parentIDs = parentIDs
    self.treeID = treeID
  }

  /// The author date as a mail `Date:` header writes it, in the author's own offset:
  /// `Thu, 19 Feb 2009 18:04:00 -0800`.
  public var rfc2822Date: String {
    let offset = timeZoneOffsetMinutes * 60
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: offset) ?? TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    func two(_ value: Int?) -> String {
      let number = value ?? 0
      return number < 10 ? "0\(number)" : "\(number)"
    }
    let sign = timeZoneOffsetMinutes < 0 ? "-" : "+"
    let magnitude = abs(timeZoneOffsetMinutes)
    let zone = sign + two(magnitude / 60) + two(magnitude % 60)
    let weekday = days[((parts.weekday ?? 1) - 1) % 7]
    let month = months[((parts.month ?? 1) - 1) % 12]
    return "\(weekday), \(parts.day ?? 1) \(month) \(parts.year ?? 1970) "
      + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) \(zone)"
  }
}
