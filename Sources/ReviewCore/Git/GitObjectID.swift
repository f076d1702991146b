import CGit2

extension git_oid {
  /// The 40-digit lower-case hex form git prints.
  var hex: String {
    var copy = self
    var buffer = [CChar](repeating: 0, count: 41)
    buffer.withUnsafeMutableBufferPointer { out in
      _ = git_oid_fmt(out.baseAddress, &copy)
    }
    return String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Parses a full 40-digit id.
  static func parse(_ hex: String) throws(GitError) -> git_oid {
    var oid = git_oid()
    try GitError.check(git_oid_fromstr(&oid, hex), "git_oid_fromstr")
    return oid
  }
}

/// Git's id for a blob holding `bytes` (`git hash-object`), via `git_odb_hash`.
/// Directory snapshots use it as the content id so a file and its committed blob agree.
func gitBlobID(of bytes: UnsafeRawBufferPointer) throws(GitError) -> String {
  var oid = git_oid()
  let status = git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB)
  try GitError.check(status, "git_odb_hash")
  return oid.hex
}

/// Git's blob id for `text` encoded as UTF-8.
func gitBlobID(of text: String) throws(GitError) -> String {
  var copy = text
  let result = copy.withUTF8 { utf8 in
    Result { () throws(GitError) -> String in try gitBlobID(of: UnsafeRawBufferPointer(utf8)) }
  }
  return try result.get()
}
