import GEMSim
import LockModelExtract

/// The `json` format: DESIGN.md "JSON finding", one object for the run, keys in the order
/// written there, then the count of suppressed findings.
public struct JSONWriter: Sendable {
  public var settings: WriterSettings

  public init(settings: WriterSettings) { self.settings = settings }

  /// The run as one pretty-printed JSON document, keys in DESIGN.md's order.
  public func write(_ run: ReviewRun) -> String {
    jsonObject(
      ("tool", .string(ToolInfo.name)),
      ("version", .string(settings.version)),
      ("errors", .array(run.errors.map(Self.error))),
      ("reviews", .array(run.reviews.map(review))),
      ("suppressed", .int(run.suppressed))
    ).rendered()
  }

  static func error(_ error: InputError) -> JSONValue {
    jsonObject(
      ("input", .string(error.input)),
      ("index", .int(error.index)),
      ("message_id", .string(error.messageID)),
      ("error", .string(error.message))
    )
  }

  private func review(_ review: Review) -> JSONValue {
    jsonObject(
      ("message_id", .string(review.mail.messageID)),
      ("subject", .string(review.mail.subject)),
      ("commit", .string(review.commit)),
      ("findings", .array(review.findings.sorted(by: Finding.reviewOrder).map(finding)))
    )
  }

  private func finding(_ finding: Finding) -> JSONValue {
    let narrative = FindingNarrative(finding: finding, knowledge: settings.knowledge)
    return jsonObject(
      ("kind", .string(finding.kind.rawValue)),
      ("locks", .array(finding.locks.map { .string($0.name) })),
      ("introduced_by_patch", .bool(finding.introducedByPatch)),
      ("edges", .array(finding.edges.map(Self.edge))),
      (
        "scenario",
        .array(finding.scenario.map { .array([.string("CPU\($0.cpu)"), .string($0.text)]) })
      ),
      ("reproducer", .string(narrative.reproducerText)),
      ("suggestion", .string(narrative.suggestionText))
    )
  }

  static func edge(_ edge: DependencyEdge) -> JSONValue {
    .object(edgeFields(edge) + [JSONValue.Field(key: "new", value: .bool(edge.isNew))])
  }

  /// The fields every edge object starts with (DESIGN.md's order); a review's edge adds
  /// `new`, the lock graph's adds `context`.
  static func edgeFields(_ edge: DependencyEdge) -> [JSONValue.Field] {
    var fields: [(String, JSONValue)] = [
      ("from", JSONValue.string(edge.from.name)),
      ("to", .string(edge.to.name)),
      ("function", .string(edge.function)),
      ("file", .string(edge.location.file)),
      ("line", .int(edge.location.line)),
      ("via", .array(edge.via.map { .string($0) })),
    ]
    // Only when true, so consumers that predate it see the same objects.
    if edge.guessed { fields.append(("guessed", .bool(true))) }
    return fields.map { JSONValue.Field(key: $0.0, value: $0.1) }
  }
}

extension JSONBytes {
  /// The lock graph's object for `edges[index]`, `indent` columns in (its first line
  /// unpadded): the bytes `JSONValue.object` of `JSONWriter.edgeFields(edge)` and `context`
  /// would give, written without building the value, as the graph of a whole tree has tens
  /// of thousands. The edge is read in place: a copy would retain all its names.
  mutating func graphEdge(
    of edges: ArraySlice<DependencyEdge>, at index: Int, indent: Int
  ) {
    append("{\n")
    pad(indent + 2)
    append("\"from\": ")
    quote(edges[index].from.name)
    append(",\n")
    pad(indent + 2)
    append("\"to\": ")
    quote(edges[index].to.name)
    append(",\n")
    pad(indent + 2)
    append("\"function\": ")
    quote(edges[index].function)
    append(",\n")
    pad(indent + 2)
    append("\"file\": ")
    quote(edges[index].location.file)
    append(",\n")
    pad(indent + 2)
    append("\"line\": ")
    append(integer: edges[index].location.line)
    append(",\n")
    pad(indent + 2)
    append("\"via\": [")
    for (position, name) in edges[index].via.enumerated() {
      if position > 0 { append(", ") }
      quote(name)
    }
    append("],\n")
    if edges[index].guessed {
      pad(indent + 2)
      append("\"guessed\": true,\n")
    }
    pad(indent + 2)
    append("\"context\": ")
    if let context = edges[index].context { quote(context) } else { append("null") }
    append(0x0A)
    pad(indent)
    append(0x7D)
  }
}
