import Foundation
import GEMSim
import Testing

@testable import ReviewCore

@Suite("machine-readable formats")
struct MachineFormatTests {
  let settings = WriterFixtures.settings

  func parse(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test("SARIF carries the 2.1.0 schema's required fields, a rule per kind, a location per edge")
  func sarifRequiredFields() throws {
    let sarif = try parse(SARIFWriter(settings: settings).write(WriterFixtures.run))
    #expect(sarif["version"] as? String == "2.1.0")
    #expect((sarif["$schema"] as? String)?.contains("sarif-2.1.0") == true)
    let runs = try #require(sarif["runs"] as? [[String: Any]])
    #expect(runs.count == 1)
    let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "reviewbot")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.compactMap { $0["id"] as? String } == Finding.Kind.allCases.map(\.rawValue))
    let results = try #require(runs[0]["results"] as? [[String: Any]])
    let findings = WriterFixtures.run.reviews.flatMap(\.findings)
    #expect(results.count == findings.count)
    for result in results {
      let ruleID = try #require(result["ruleId"] as? String)
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == ruleID)
      #expect(["error", "warning", "note", "none"].contains(result["level"] as? String ?? ""))
      let message = try #require(result["message"] as? [String: Any])
      #expect(!(message["text"] as? String ?? "").isEmpty)
      let locations = try #require(result["locations"] as? [[String: Any]])
      #expect(!locations.isEmpty)
      for location in locations {
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: Any])
        #expect(!(artifact["uri"] as? String ?? "").hasPrefix("/"))
        let region = try #require(physical["region"] as? [String: Any])
        #expect((region["startLine"] as? Int ?? 0) >= 1)
      }
      let prints = try #require(result["partialFingerprints"] as? [String: String])
      #expect(prints["reviewbot/v1"]?.count == 16)
    }
  }

  @Test("JSON lists every examined patch, a clean one with findings: [], and errors with index")
  func jsonShape() throws {
    let json = try parse(JSONWriter(settings: settings).write(WriterFixtures.run))
    let reviews = try #require(json["reviews"] as? [[String: Any]])
    #expect(reviews.count == 3)
    #expect((reviews[2]["findings"] as? [Any])?.isEmpty == true)
    let errors = try #require(json["errors"] as? [[String: Any]])
    #expect(errors.first?["index"] as? Int == 2)
    #expect(json["suppressed"] as? Int == 1)
  }

  @Test("JSON keys come in DESIGN.md's order")
  func jsonKeyOrder() {
    let text = JSONWriter(settings: settings).write(WriterFixtures.run)
    func position(_ key: String) -> Int {
      text.range(of: "\"\(key)\":").map { text.distance(from: text.startIndex, to: $0.lowerBound) }
        ?? -1
    }
    let top = ["tool", "version", "errors", "reviews", "suppressed"].map(position)
    #expect(top == top.sorted() && !top.contains(-1))
    let finding = [
      "kind", "locks", "introduced_by_patch", "edges", "scenario", "reproducer",
      "suggestion",
    ].map(position)
    #expect(finding == finding.sorted() && !finding.contains(-1))
  }

  @Test("JSON strings escape quotes, backslashes and control characters")
  func jsonEscapes() {
    let value = JSONValue.string("a\"b\\c\nd\u{01}é")
    #expect(value.rendered() == "\"a\\\"b\\\\c\\nd\\u0001é\"\n")
  }

  @Test("JUnit escapes markup in subjects and counts a failure per patch with findings")
  func junitEscapes() {
    var run = WriterFixtures.run
    run.reviews[2].mail.subject = "<b>&\"quoted\"</b>"
    let xml = JUnitWriter(settings: settings).write(run)
    #expect(xml.contains("name=\"&lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;\""))
    #expect(xml.contains("<testsuites name=\"reviewbot\" tests=\"4\" failures=\"2\" errors=\"1\">"))
  }

  @Test("dot draws cycle edges red and base-tree edges black")
  func dotColours() {
    let dot = DotWriter.write(WriterFixtures.run)
    #expect(dot.hasPrefix("digraph reviewbot {"))
    #expect(
      dot.contains(
        "\"drm_device.struct_mutex\" -> \"mm_struct.mmap_lock\" [label=\"i915_gem_pread_ioctl\"];"))
    #expect(dot.contains("[label=\"i915_gem_pwrite_ioctl\", color=red, fontcolor=red];"))
  }

  @Test("--output names each reply after the patch number and subject, inside the directory")
  func replyFileNames() throws {
    let names = ReplyFiles.files(for: WriterFixtures.run, writer: ReplyWriter(settings: settings))
      .map(\.name)
    #expect(
      names == [
        "0001-drm-i915-allocate-pages-at-create.eml",
        "0002-drm-i915-copy-pwrite-data-under-struct-mutex.eml",
      ])
    var hostile = WriterFixtures.run
    hostile.reviews[0].mail.subject = "../../etc/passwd"
    hostile.reviews[1].mail.subject = "../../etc/passwd"
    hostile.reviews[1].mail.series = nil
    let written = ReplyFiles.files(for: hostile, writer: ReplyWriter(settings: settings)).map(
      \.name)
    #expect(written == ["0001-etc-passwd.eml", "0001-etc-passwd-2.eml"])

    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("reviewbot-output-\(UInt32.random(in: 0...UInt32.max))")
    defer { try? FileManager.default.removeItem(at: directory) }
    let paths = try ReplyFiles.write(
      hostile, to: directory.path, writer: ReplyWriter(settings: settings))
    #expect(paths.allSatisfy { $0.hasPrefix(directory.path + "/") })
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        == ["0001-etc-passwd-2.eml", "0001-etc-passwd.eml"])
  }
}
