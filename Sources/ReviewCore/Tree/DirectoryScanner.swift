import Foundation
import LockModelExtract

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SourceSnapshot {
  /// Lists every `.c`/`.h` file below `directory` (`--tree DIR`), hashing each as git would
  /// so content ids agree with blob ids. Symbolic links are recorded and never followed
  /// (neither loops nor links out of the tree); binary and unreadable files are skipped with
  /// a note; `.git` directories are not entered.
  ///
  /// With `hashing` false, files are neither read nor hashed while listing: their content
  /// ids are nil and a binary file is found when it is read. For a run with no cache to key
  /// (`graph --tree`), hashing the tree was a sixth of all the work.
  /// - Throws: `SnapshotError.unreadable` when `directory` itself cannot be listed.
  public init(directory: String, hashing: Bool = true) throws(SnapshotError) {
    guard let root = realpath(directory, nil) else {
      throw .unreadable(path: directory, reason: String(cString: strerror(errno)))
    }
    let rootPath = String(cString: root)
    free(root)
    var scan = DirectoryScan(root: rootPath, hashing: hashing)
    try scan.run()
    self.init(
      origin: .directory(root: rootPath), files: scan.files, symlinks: scan.symlinks,
      notes: scan.notes.sorted { $0.path < $1.path })
  }
}

/// One walk of a directory tree; iterative so a deep tree cannot exhaust the stack.
private struct DirectoryScan {
  let root: String
  var files: [String: SourceSnapshot.FileRef] = [:]
  var symlinks: Set<String> = []
  var notes: [SnapshotNote] = []
  let hashing: Bool
  private let library = GitLibrary()

  init(root: String, hashing: Bool) {
    self.root = root
    self.hashing = hashing
  }

  mutating func run() throws(SnapshotError) {
    // Files are hashed after the walk, on every core: SHA-1 of a kernel tree's sources
    // (80 MB for drivers/gpu/drm) was most of a serial startup.
    var found: [String] = []
    defer { hashAll(found) }
    var pending: [String] = [""]
    var first = true
    while let relative = pending.popLast() {
      let names: [String]
      do {
        names = try entries(of: relative)
      } catch {
        if first { throw error }
        if case .unreadable(_, let reason) = error {
          notes.append(SnapshotNote(path: relative, kind: .unreadable(reason: reason)))
        }
        continue
      }
      first = false
      for name in names {
        let path = relative.isEmpty ? name : relative + "/" + name
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else {
          let reason = String(cString: strerror(errno))
          notes.append(SnapshotNote(path: path, kind: .unreadable(reason: reason)))
          continue
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
          symlinks.insert(path)
          notes.append(SnapshotNote(path: path, kind: .symlinkNotFollowed))
        case S_IFDIR:
          if name != ".git" { pending.append(path) }
        case S_IFREG:
          if SourceSnapshot.isCSource(path) { found.append(path) }
        default:
          // A FIFO or device named `.c` would block or mislead a read: reported, never opened.
          if SourceSnapshot.isCSource(path) {
            notes.append(SnapshotNote(path: path, kind: .unreadable(reason: "not a regular file")))
          }
        }
      }
    }
  }

  private enum Outcome: Sendable {
    case id(String)
    case note(SnapshotNote)
    case skipped
  }

  private mutating func hashAll(_ paths: [String]) {
    guard hashing else {
      for path in paths { files[path] = .file(contentID: nil) }
      return
    }
    let root = root
    let results = parallelMap(count: paths.count, chunk: 1) { index in
      Self.hash(root: root, path: paths[index])
    }
    for (path, result) in zip(paths, results) {
      switch result {
      case .id(let id): files[path] = .file(contentID: id)
      case .note(let note): notes.append(note)
      case .skipped: break
      }
    }
  }

  private static func hash(root: String, path: String) -> Outcome {
    do {
      let bytes = try readRegularFile(root: root, path: path)
      if containsNUL(bytes) { return .note(SnapshotNote(path: path, kind: .binary)) }
      return .id(try bytes.withUnsafeBytes { buffer in try gitBlobID(of: buffer) })
    } catch let error as SnapshotError {
      if case .unreadable(_, let reason) = error {
        return .note(SnapshotNote(path: path, kind: .unreadable(reason: reason)))
      }
      return .skipped
    } catch {
      return .note(SnapshotNote(path: path, kind: .unreadable(reason: "\(error)")))
    }
  }

  private func entries(of relative: String) throws(SnapshotError) -> [String] {
    let path = relative.isEmpty ? root : root + "/" + relative
    guard let stream = opendir(path) else {
      throw .unreadable(path: relative, reason: String(cString: strerror(errno)))
    }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }
}

/// The bytes of the regular file `root/path`, refusing links and leaving the tree on any
/// component: a tree under review may hold links planted to make us read elsewhere.
func readRegularFile(root: String, path: String) throws(SnapshotError) -> [UInt8] {
  let components = try PathPolicy.components(of: path)
  var prefix = root
  for (position, component) in components.enumerated() {
    prefix += "/" + component
    var info = stat()
    guard lstat(prefix, &info) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path) }
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    let kind = info.st_mode & S_IFMT
    if kind == S_IFLNK { throw .symlink(path: path) }
    let last = position == components.count - 1
    if !last && kind != S_IFDIR { throw .notFound(path: path) }
    if last && kind != S_IFREG { throw .unreadable(path: path, reason: "not a regular file") }
  }
  let descriptor = open(prefix, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
  guard descriptor >= 0 else {
    throw .unreadable(path: path, reason: String(cString: strerror(errno)))
  }
  defer { close(descriptor) }
  var info = stat()
  guard fstat(descriptor, &info) == 0 else {
    throw .unreadable(path: path, reason: String(cString: strerror(errno)))
  }
  // Sized from fstat and read straight into place; a file that grows meanwhile is read on,
  // one that shrinks is cut where it ends.
  var bytes = [UInt8](unsafeUninitializedCapacity: Int(info.st_size)) { buffer, count in
    count = 0
    while count < buffer.count {
      let got = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { break }
      count += got
    }
  }
  var chunk = (0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64)
  while true {
    let got = withUnsafeMutableBytes(of: &chunk) { read(descriptor, $0.baseAddress, $0.count) }
    if got == 0 { return bytes }
    if got < 0 {
      if errno == EINTR { continue }
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    withUnsafeBytes(of: &chunk) { bytes.append(contentsOf: $0.prefix(got)) }
  }
}

/// Whether `bytes` hold a NUL, git's own test for a binary file (`memchr`, not a Swift loop:
/// a kernel tree is tens of megabytes).
func containsNUL(_ bytes: [UInt8]) -> Bool {
  bytes.withUnsafeBytes { raw in
    guard let start = raw.baseAddress, raw.count > 0 else { return false }
    return memchr(start, 0, raw.count) != nil
  }
}
