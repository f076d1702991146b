import Foundation
import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

/// Our own C: `count` global mutexes and, for every pair `i < j`, a function taking `m_i`
/// then `m_j`, plus one function taking `m_1` then `m_0` (an ABBA cycle with `pair_0_1`).
private func pairsTree(locks count: Int, description: String) -> BaseTree {
  var text = ""
  for i in 0..<count { text += "static struct mutex m_\(i);\n" }
  for i in 0..<count {
    for j in (i + 1)..<count {
      text += """
        void pair_\(i)_\(j)(void)
        {
        \tmutex_lock(&m_\(i));
        \tmutex_lock(&m_\(j));
        \tmutex_unlock(&m_\(j));
        \tmutex_unlock(&m_\(i));
        }

        """
    }
  }
  text += "void backwards(void)\n{\n\tmutex_lock(&m_1);\n\tmutex_lock(&m_0);\n"
  text += "\tmutex_unlock(&m_0);\n\tmutex_unlock(&m_1);\n}\n"
  return BaseTree(
    id: "memory", source: MemoryTree(files: ["drivers/pairs.c": text]),
    description: description)
}

/// The graph document written the plain way: one `JSONValue`, rendered in one piece.
private func wholeDocument(_ report: LockGraphReport) -> String {
  let locks = Set(report.edges.flatMap { [$0.from.name, $0.to.name] }).sorted()
  return jsonObject(
    ("tree", .string(report.treeName)),
    ("files", .int(report.model.fileCount)),
    ("functions", .int(report.model.functions.count)),
    ("functions_skipped", .int(report.model.functionsSkipped)),
    ("locks", .array(locks.map { .string($0) })),
    (
      "edges",
      .array(
        report.edges.map { edge in
          .object(
            JSONWriter.edgeFields(edge) + [
              JSONValue.Field(key: "context", value: .string(edge.context))
            ])
        })
    ),
    (
      "cycles",
      .array(
        report.cycles.map { cycle in
          jsonObject(
            ("kind", .string(cycle.kind.rawValue)),
            ("locks", .array(cycle.locks.map { .string($0.name) })),
            ("confirmed", .bool(cycle.confirmed))
          )
        })
    )
  ).rendered()
}

@Suite("lock graph report")
struct LockGraphReportTests {
  @Test("graph JSON of over a thousand edges, rendered in chunks, equals the one-piece document")
  func chunkedEdgesMatchWholeDocument() throws {
    let knowledge = try KnowledgeBase.bundled()
    let tree = pairsTree(locks: 48, description: "pairs \"quoted\"\t\u{1}")
    let report = LockGraphReport(tree: tree, knowledge: knowledge)
    #expect(report.edges.count > 1024)
    #expect(!report.cycles.isEmpty)
    let expected = wholeDocument(report)
    #expect(report.json() == expected)
    #expect(LockGraphReport.json(tree: tree, knowledge: knowledge) == expected)
    let parsed = try #require(
      JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [String: Any])
    #expect(parsed["tree"] as? String == "pairs \"quoted\"\t\u{1}")
    #expect((parsed["edges"] as? [Any])?.count == report.edges.count)
  }

  @Test("JSON strings are escaped byte for byte as PatchParse escapes them")
  func escapingMatchesPatchParse() {
    let samples = [
      "", "plain", "quote \" backslash \\ slash /", "tab\tnewline\nreturn\r",
      "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}", "naïve — 𝄞 émoji 🐧", "end\\",
    ]
    for text in samples {
      #expect(JSONValue.string(text).rendered() == jsonString(text) + "\n")
    }
  }

  @Test("an edge written directly has the bytes of the edge's JSON value, in every shape")
  func directEdgeMatchesValue() {
    let gem = "drivers/gpu/drm/i915/\"odd\"\\name.c"
    var guessed = DependencyEdge(
      from: LockClass("drm_device.struct_mutex"), to: LockClass("?.obj->lock", isResolved: false),
      function: "i915_gem_tab\tfunction", location: SourceLocation(file: gem, line: 1234),
      heldSince: SourceLocation(file: gem, line: 1200),
      via: ["helper_a", "ops \"call\"", "\u{1}"], context: "ioctl")
    guessed.guessed = true
    let plain = DependencyEdge(
      from: LockClass("mm_struct.mmap_lock"), to: LockClass("fs_reclaim"), function: "fault",
      location: SourceLocation(file: "a.c", line: 7),
      heldSince: SourceLocation(file: "a.c", line: 7))
    let single = DependencyEdge(
      from: LockClass("a"), to: LockClass("b"), function: "f",
      location: SourceLocation(file: "b.c", line: 0),
      heldSince: SourceLocation(file: "b.c", line: 0),
      via: ["only"], context: "")
    for edge in [guessed, plain, single] {
      for indent in [0, 4] {
        var value = JSONBytes()
        JSONValue.object(
          JSONWriter.edgeFields(edge)
            + [JSONValue.Field(key: "context", value: .string(edge.context))]
        ).write(into: &value, indent: indent)
        var direct = JSONBytes()
        direct.graphEdge(of: [edge][...], at: 0, indent: indent)
        #expect(direct.string == value.string)
      }
    }
  }
}
