import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file writes that readers see entirely or not at all: a temporary file in the same
/// directory, then `rename(2)`, which is atomic within one file system. Two hooks running at
/// once each rename a complete file; the last one wins.
enum AtomicFile {
  struct WriteError: Error, CustomStringConvertible {
    var call: String
    var reason: String
    var description: String { "\(call): \(reason)" }
  }

  static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
    let directory = (path as NSString).deletingLastPathComponent
    var template = Array((directory + "/.reviewbot-tmp-XXXXXX").utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else { throw failure("mkstemp") }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    var closed = false
    defer {
      if !closed { close(descriptor) }
    }
    do {
      try data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let written = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
          if written < 0 {
            if errno == EINTR { continue }
            throw failure("write")
          }
          offset += written
        }
      }
      guard fchmod(descriptor, mode) == 0 else { throw failure("fchmod") }
      closed = true
      guard close(descriptor) == 0 else { throw failure("close") }
      guard rename(temporary, path) == 0 else { throw failure("rename") }
    } catch {
      unlink(temporary)
      throw error
    }
  }

  private static func failure(_ call: String) -> WriteError {
    WriteError(call: call, reason: String(cString: strerror(errno)))
  }
}

/// `write(2)`, named apart from the enclosing `write` above.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
