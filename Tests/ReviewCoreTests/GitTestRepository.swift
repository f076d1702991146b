import CGit2
import Foundation

/// A failed libgit2 call while a test built its repository.
struct TestGitFailure: Error, CustomStringConvertible {
  var call: String
  var description: String
}

private func check(_ status: Int32, _ call: String) throws {
  guard status >= 0 else {
    let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
    throw TestGitFailure(call: call, description: "\(call): \(message ?? "?")")
  }
}

/// A throwaway repository built through libgit2: blobs, trees and commits written
/// directly, nothing checked out. Removed when the test lets go of it.
final class TestRepository {
  let path: String
  private let handle: OpaquePointer
  private var clock: Int64 = 1_234_567_890

  init(bare: Bool = false) throws {
    path = try makeTemporaryDirectory("reviewbot-repo")
    git_libgit2_init()
    var repo: OpaquePointer?
    try check(git_repository_init(&repo, path, bare ? 1 : 0), "git_repository_init")
    handle = repo!
  }

  deinit {
    git_repository_free(handle)
    git_libgit2_shutdown()
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The git directory with a trailing slash.
  var gitDirectory: String { String(cString: git_repository_path(handle)) }

  func writeBlob(_ text: String) throws -> git_oid {
    var oid = git_oid()
    let bytes = Array(text.utf8)
    try check(
      bytes.withUnsafeBytes {
        git_blob_create_from_buffer(&oid, handle, $0.baseAddress, $0.count)
      }, "git_blob_create_from_buffer")
    return oid
  }

  /// Writes a tree holding exactly `files` (path → text) and `links` (path → target).
  func writeTree(files: [String: String], links: [String: String] = [:]) throws -> git_oid {
    var index: OpaquePointer?
    try check(git_index_new(&index), "git_index_new")
    defer { git_index_free(index) }
    for (path, text) in files {
      try add(path: path, oid: writeBlob(text), mode: GIT_FILEMODE_BLOB.rawValue, to: index!)
    }
    for (path, target) in links {
      try add(path: path, oid: writeBlob(target), mode: GIT_FILEMODE_LINK.rawValue, to: index!)
    }
    var tree = git_oid()
    try check(git_index_write_tree_to(&tree, index, handle), "git_index_write_tree_to")
    return tree
  }

  private func add(path: String, oid: git_oid, mode: UInt32, to index: OpaquePointer) throws {
    var entry = git_index_entry()
    entry.mode = mode
    entry.id = oid
    try path.withCString { cPath in
      entry.path = cPath
      try check(git_index_add(index, &entry), "git_index_add")
    }
  }

  /// Commits a tree holding `files`; parents default to the current `HEAD` (none when
  /// unborn), and `HEAD`'s branch moves unless `updateHead` is false.
  @discardableResult
  func commit(
    _ message: String, files: [String: String], links: [String: String] = [:],
    parents: [String]? = nil, updateHead: Bool = true,
    author: (String, String) = ("A U Thor", "author@example.com")
  ) throws -> String {
    var treeID = try writeTree(files: files, links: links)
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, handle, &treeID), "git_tree_lookup")
    defer { git_tree_free(tree) }
    let parentIDs = try parents ?? headID().map { [$0] } ?? []
    var parentCommits: [OpaquePointer?] = []
    defer { parentCommits.forEach { git_commit_free($0) } }
    for id in parentIDs {
      var oid = git_oid()
      try check(git_oid_fromstr(&oid, id), "git_oid_fromstr")
      var parent: OpaquePointer?
      try check(git_commit_lookup(&parent, handle, &oid), "git_commit_lookup")
      parentCommits.append(parent)
    }
    clock += 60
    var signature: UnsafeMutablePointer<git_signature>?
    try check(
      git_signature_new(&signature, author.0, author.1, clock, -480), "git_signature_new")
    defer { git_signature_free(signature) }
    var oid = git_oid()
    try parentCommits.withUnsafeMutableBufferPointer { buffer in
      try check(
        git_commit_create(
          &oid, handle, updateHead ? "HEAD" : nil, signature, signature, nil, message, tree,
          buffer.count, buffer.baseAddress),
        "git_commit_create")
    }
    return hex(oid)
  }

  func headID() throws -> String? {
    var oid = git_oid()
    let status = git_reference_name_to_id(&oid, handle, "HEAD")
    if status == GIT_ENOTFOUND.rawValue || status == GIT_EUNBORNBRANCH.rawValue { return nil }
    try check(status, "git_reference_name_to_id")
    return hex(oid)
  }

  /// Replaces the repository's index with exactly `files`, as `git add` would stage them.
  func stage(files: [String: String]) throws {
    var index: OpaquePointer?
    try check(git_repository_index(&index, handle), "git_repository_index")
    defer { git_index_free(index) }
    try check(git_index_clear(index), "git_index_clear")
    for (path, text) in files {
      try add(path: path, oid: writeBlob(text), mode: GIT_FILEMODE_BLOB.rawValue, to: index!)
    }
    try check(git_index_write(index), "git_index_write")
  }

  /// Creates `refs/…` pointing at `id`.
  func setReference(_ name: String, to id: String) throws {
    var oid = git_oid()
    try check(git_oid_fromstr(&oid, id), "git_oid_fromstr")
    var reference: OpaquePointer?
    try check(git_reference_create(&reference, handle, name, &oid, 1, nil), "git_reference_create")
    git_reference_free(reference)
  }

  func blobID(_ text: String) throws -> String { hex(try writeBlob(text)) }

  private func hex(_ oid: git_oid) -> String {
    var copy = oid
    var buffer = [CChar](repeating: 0, count: 41)
    git_oid_fmt(&buffer, &copy)
    return String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

func makeTemporaryDirectory(_ prefix: String) throws -> String {
  var template = Array(
    (FileManager.default.temporaryDirectory.path + "/\(prefix)-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    throw TestGitFailure(call: "mkdtemp", description: "mkdtemp failed")
  }
  return String(cString: made)
}

/// Runs the real `git` when installed; `nil` when it is not, so interop tests can skip.
func runGit(_ arguments: [String], in directory: String, input: String? = nil) throws
  -> (status: Int32, output: String)?
{
  guard let git = ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"].first(where: {
    FileManager.default.isExecutableFile(atPath: $0)
  }) else { return nil }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: git)
  process.arguments = [
    "-c", "user.name=A U Thor", "-c", "user.email=author@example.com",
    "-c", "commit.gpgsign=false",
  ] + arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  var environment = ProcessInfo.processInfo.environment
  environment["GIT_CONFIG_NOSYSTEM"] = "1"
  environment["HOME"] = directory
  process.environment = environment
  let output = Pipe()
  process.standardOutput = output
  process.standardError = output
  let stdin = Pipe()
  process.standardInput = stdin
  try process.run()
  if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
  try? stdin.fileHandleForWriting.close()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
