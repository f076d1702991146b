import Foundation
import Testing

@testable import ReviewCore

/// Inputs that once crashed the `config` libFuzzer target, kept by `Fuzz/run` under
/// `Crashers/config/`, replayed through `Configuration(yaml:source:)`.
@Suite("fuzz crashers replayed")
struct CrasherReplayTests {
  @Test("every kept configuration crasher gives a configuration or an error naming the file")
  func replay() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Crashers/config")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
      print("no configuration crashers kept at \(folder.path): nothing to replay")
      return
    }
    for name in names.sorted() {
      let data = try Data(contentsOf: folder.appendingPathComponent(name))
      do {
        _ = try Configuration(yaml: String(decoding: data, as: UTF8.self), source: name)
      } catch {
        #expect(error.description.hasPrefix(name), "\(name)")
      }
    }
  }
}
