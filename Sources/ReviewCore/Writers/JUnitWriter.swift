import GEMSim

/// The `junit` format: a test suite per input, a test case per patch, a failure per finding
/// the patch is responsible for, an error per message that could not be read.
public struct JUnitWriter: Sendable {
  public var settings: WriterSettings

  public init(settings: WriterSettings) { self.settings = settings }

  /// The run as a JUnit XML document, inputs in run order.
  public func write(_ run: ReviewRun) -> String {
    var inputs: [String] = []
    for input in run.reviews.map(\.input) + run.errors.map(\.input) where !inputs.contains(input) {
      inputs.append(input)
    }
    let reply = ReplyWriter(settings: settings)
    var suites: [String] = []
    var totals = (tests: 0, failures: 0, errors: 0)
    for input in inputs {
      let reviews = run.reviews.filter { $0.input == input }
      let errors = run.errors.filter { $0.input == input }
      var cases: [String] = []
      var failures = 0
      for review in reviews {
        let name = attr(review.mail.subject.isEmpty ? review.mail.rawSubject : review.mail.subject)
        let regressions = review.findings.sorted(by: Finding.reviewOrder)
          .filter { $0.origin == .introduced }
        if regressions.isEmpty {
          cases.append("    <testcase classname=\"\(attr(input))\" name=\"\(name)\"/>")
          continue
        }
        failures += 1
        var lines = ["    <testcase classname=\"\(attr(input))\" name=\"\(name)\">"]
        for finding in regressions {
          let narrative = FindingNarrative(
            finding: finding, knowledge: settings.knowledge,
            changed: Set(review.changedFunctions))
          let body = reply.comment(finding, changed: Set(review.changedFunctions))
            .joined(separator: "\n")
          let message = attr(narrative.summary)
          lines.append(
            "      <failure type=\"\(finding.kind.rawValue)\" message=\"\(message)\">"
              + XMLText.escape(body) + "</failure>")
        }
        lines.append("    </testcase>")
        cases.append(lines.joined(separator: "\n"))
      }
      for error in errors {
        let name = error.index.map { "message \($0)" } ?? "input"
        cases.append(
          "    <testcase classname=\"\(attr(input))\" name=\"\(attr(name))\">\n"
            + "      <error message=\"\(attr(error.message))\"/>\n    </testcase>")
      }
      let tests = reviews.count + errors.count
      totals.tests += tests
      totals.failures += failures
      totals.errors += errors.count
      let open =
        "  <testsuite name=\"\(attr(input))\" tests=\"\(tests)\" failures=\"\(failures)\""
        + " errors=\"\(errors.count)\""
      suites.append(
        cases.isEmpty
          ? open + "/>" : open + ">\n" + cases.joined(separator: "\n") + "\n  </testsuite>")
    }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"\(ToolInfo.name)\" tests=\"\(totals.tests)\""
      + " failures=\"\(totals.failures)\" errors=\"\(totals.errors)\">\n"
    for suite in suites { out += suite + "\n" }
    return out + "</testsuites>\n"
  }

  private func attr(_ text: String) -> String { XMLText.escape(text, attribute: true) }
}
