/// The `--format` of `review` and `check`.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text, json, sarif, junit, dot

  /// The run written in this format.
  public func render(_ run: ReviewRun, settings: WriterSettings) -> String {
    switch self {
    case .text: ReplyWriter(settings: settings).replies(to: run)
    case .json: JSONWriter(settings: settings).write(run)
    case .sarif: SARIFWriter(settings: settings).write(run)
    case .junit: JUnitWriter(settings: settings).write(run)
    case .dot: DotWriter.write(run)
    }
  }
}
