import GEMSim
import LockModelExtract

/// The `sarif` format: SARIF 2.1.0, a rule per finding kind, a location per edge.
public struct SARIFWriter: Sendable {
  public var settings: WriterSettings

  public init(settings: WriterSettings) { self.settings = settings }

  /// The run as one SARIF 2.1.0 log with a single run.
  public func write(_ run: ReviewRun) -> String {
    let kinds = Finding.Kind.allCases
    let rules = kinds.map { kind in
      jsonObject(
        ("id", .string(kind.rawValue)),
        ("name", .string(kind.rawValue)),
        ("shortDescription", jsonObject(("text", .string(FindingNarrative.kindWords(kind))))),
        ("defaultConfiguration", jsonObject(("level", .string("error"))))
      )
    }
    var results: [JSONValue] = []
    for review in run.reviews {
      for finding in review.findings.sorted(by: Finding.reviewOrder) {
        results.append(
          result(finding, review: review, ruleIndex: kinds.firstIndex(of: finding.kind) ?? 0))
      }
    }
    let driver = jsonObject(
      ("name", .string(ToolInfo.name)),
      ("version", .string(settings.version)),
      ("rules", .array(rules))
    )
    return jsonObject(
      ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
      ("version", .string("2.1.0")),
      (
        "runs",
        .array([
          jsonObject(
            ("tool", jsonObject(("driver", driver))),
            ("results", .array(results))
          )
        ])
      )
    ).rendered()
  }

  private func result(_ finding: Finding, review: Review, ruleIndex: Int) -> JSONValue {
    let narrative = FindingNarrative(
      finding: finding, knowledge: settings.knowledge, changed: Set(review.changedFunctions))
    // Only the patch's own findings fail a check; the rest are notes beside it.
    let level = finding.origin == .introduced ? "error" : "note"
    var text = narrative.summary
    if let subject = Optional(review.mail.subject), !subject.isEmpty {
      text = "\(subject): \(text)"
    }
    let locations: [JSONValue] = finding.edges.map { edge in
      jsonObject(
        (
          "physicalLocation",
          jsonObject(
            ("artifactLocation", jsonObject(("uri", .string(edge.location.file)))),
            ("region", jsonObject(("startLine", .int(max(1, edge.location.line)))))
          )
        ),
        (
          "message",
          jsonObject(
            (
              "text",
              .string(
                "\(edge.function)() takes \(edge.to.name) while holding \(edge.from.name)")
            ))
        )
      )
    }
    var properties: [(String, JSONValue)] = [
      ("introduced_by_patch", .bool(finding.introducedByPatch))
    ]
    if let id = review.mail.messageID { properties.append(("message_id", .string(id))) }
    if let commit = review.commit { properties.append(("commit", .string(commit))) }
    return jsonObject(
      ("ruleId", .string(finding.kind.rawValue)),
      ("ruleIndex", .int(ruleIndex)),
      ("level", .string(level)),
      ("message", jsonObject(("text", .string(text)))),
      ("locations", .array(locations)),
      ("partialFingerprints", jsonObject(("reviewbot/v1", .string(finding.fingerprint)))),
      ("properties", .object(properties.map { JSONValue.Field(key: $0.0, value: $0.1) }))
    )
  }
}
