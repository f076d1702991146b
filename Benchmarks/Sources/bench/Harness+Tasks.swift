import Foundation

/// The tasks of the benchmark issue, each measured beside its peer on the same input.
extension Harness {
  static let taskNames = ["parse", "parse-big", "graph", "review", "hook", "check"]

  /// reviewbot's release binary with `arguments`, stdout kept in `.build-bench/`.
  func reviewbot(_ arguments: [String], in directory: String? = nil, output: String)
    -> Command
  {
    Command(
      arguments: [settings.reviewbot] + arguments, directory: directory,
      standardOutput: settings.scratch + "/" + output)
  }

  // MARK: 1. mbox parsing

  /// `reviewbot parse` vs `git mailsplit` + one `git mailinfo` per message, corpus mbox.
  /// A quick run samples mailinfo like the generated mbox does.
  func parseCorpusRow() -> ResultRow {
    let title = "parse corpus mbox (16 MB)"
    let peerName = "git mailsplit + mailinfo"
    do throws(ChildFailure) {
      guard try ensureCorpus() else {
        return ResultRow(
          task: "parse", title: title, peerName: peerName, reviewbot: .skipped("no corpus"),
          peer: .skipped("no corpus"))
      }
    } catch {
      return .unprepared("parse", title, peer: peerName, reason: error.summary)
    }
    return parseRow(
      task: "parse", title: title, peerName: peerName, mbox: settings.corpusMbox,
      sample: settings.quick ? settings.mailinfoSample : nil)
  }

  /// The same on the generated mbox; mailinfo runs on a fixed sample and is extrapolated,
  /// since one process per message would take over half an hour on 1 GB.
  func parseGeneratedRow() -> ResultRow {
    let title = "parse generated mbox (\(settings.mboxMegabytes) MB)"
    let peerName = "git mailsplit + mailinfo (extrapolated)"
    do throws(ChildFailure) {
      let mbox = try generatedMbox()
      return parseRow(
        task: "parse-big", title: title, peerName: peerName, mbox: mbox,
        sample: settings.mailinfoSample)
    } catch {
      return .unprepared("parse-big", title, peer: peerName, reason: error.summary)
    }
  }

  /// `sample`: run mailinfo on that many evenly spaced messages and scale its time up to
  /// all of them; `nil` runs it on every message.
  private func parseRow(
    task: String, title: String, peerName: String, mbox: String, sample: Int?
  ) -> ResultRow {
    let split = settings.scratch + "/split-\(task)"
    var messageCount = 0
    var sampleCount = 0
    let (ours, theirs) = measure(
      runs: settings.runs,
      reviewbot: { () throws(ChildFailure) in
        try timed(reviewbot(["parse", "--format", "json", mbox], output: "\(task).json"))
      },
      peer: { () throws(ChildFailure) in
        let splitting = try splitMbox(mbox, into: split)
        let files = try messageFiles(in: split)
        let chosen = sample.map { evenlySpaced(files, count: $0) } ?? files
        let extracting = try mailinfo(chosen, in: split)
        messageCount = files.count
        sampleCount = chosen.count
        let scale = Double(files.count) / Double(max(1, chosen.count))
        return Sample(
          seconds: splitting.seconds + extracting.seconds * scale,
          peakRSSKilobytes: max(splitting.peakRSSKilobytes, extracting.peakRSSKilobytes))
      })
    remove(split)
    let count = messageCount > 0 ? "\(messageCount) messages; " : ""
    let note =
      sample == nil
      ? count + "peer: mailsplit, then mailinfo on each"
      : count + "peer: mailsplit timed whole, mailinfo timed on "
        + "\(sampleCount > 0 ? sampleCount : sample!) evenly spaced messages and scaled up"
    return ResultRow(
      task: task, title: title, peerName: peerName, reviewbot: ours, peer: theirs, note: note)
  }

  private func splitMbox(_ mbox: String, into folder: String) throws(ChildFailure) -> Sample {
    remove(folder)
    makeFolder(folder)
    return try timed(Command(arguments: ["git", "mailsplit", "-o" + folder, mbox]))
  }

  private func messageFiles(in folder: String) throws(ChildFailure) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      throw ChildFailure(summary: "cannot list \(folder)")
    }
    return names.filter { $0.allSatisfy(\.isNumber) }.sorted()
  }

  private func mailinfo(_ files: [String], in folder: String) throws(ChildFailure) -> Sample {
    let script = "for f in \"$@\"; do git mailinfo m p < \"$f\" > i || exit $?; done"
    return try timed(Command(arguments: ["sh", "-c", script, "sh"] + files, directory: folder))
  }

  // MARK: 2. whole-tree model

  /// `reviewbot graph` on the corpus tree vs `ctags -R`, and vs coccinelle when installed.
  func graphRows() -> [ResultRow] {
    let title = "graph of the corpus drm tree"
    do throws(ChildFailure) {
      guard try ensureCorpus() else {
        return [
          ResultRow(
            task: "graph", title: title, peerName: "ctags -R", reviewbot: .skipped("no corpus"),
            peer: .skipped("no corpus"))
        ]
      }
    } catch {
      return [.unprepared("graph", title, peer: "ctags -R", reason: error.summary)]
    }
    let tree = settings.corpusTree
    let (ours, ctags) = measure(
      runs: settings.runs,
      reviewbot: { () throws(ChildFailure) in
        try timed(reviewbot(["graph", "--tree", tree, "--format", "json"], output: "graph.json"))
      },
      peer: { () throws(ChildFailure) in
        try timed(
          Command(
            arguments: ["ctags", "-R", "-f", settings.scratch + "/tags", "drm-2018"],
            directory: settings.corpusFolder))
      })
    var rows = [
      ResultRow(task: "graph", title: title, peerName: "ctags -R", reviewbot: ours, peer: ctags)
    ]
    let spatchTitle = "graph of the corpus drm tree (lock calls)"
    guard onPath("spatch") else {
      rows.append(
        ResultRow(
          task: "graph", title: spatchTitle, peerName: "spatch locks.cocci", reviewbot: ours,
          peer: .skipped("spatch not installed")))
      return rows
    }
    let (_, spatch) = measure(
      runs: min(settings.runs, 3), reviewbot: nil,
      peer: { () throws(ChildFailure) in
        try timed(
          Command(
            arguments: [
              "spatch", "--sp-file", settings.benchmarks + "/peers/locks.cocci", "--dir", tree,
              "--very-quiet",
            ],
            standardOutput: settings.scratch + "/spatch.txt"))
      })
    rows.append(
      ResultRow(
        task: "graph", title: spatchTitle, peerName: "spatch locks.cocci", reviewbot: ours,
        peer: spatch, note: "reviewbot figures from the row above; spatch at most 3 runs"))
    return rows
  }

  func onPath(_ program: String) -> Bool {
    (environment["PATH"] ?? "").split(separator: ":").contains { folder in
      FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)")
    }
  }
}

/// Two children run one after the other: times add up, the peak is the larger one.
func combine(_ first: Sample, _ second: Sample) -> Sample {
  Sample(
    seconds: first.seconds + second.seconds,
    peakRSSKilobytes: max(first.peakRSSKilobytes, second.peakRSSKilobytes))
}

/// `count` items spread over the whole list, first and last included.
func evenlySpaced<Item>(_ items: [Item], count: Int) -> [Item] {
  guard items.count > count, count > 1 else { return Array(items.prefix(max(count, 1))) }
  let step = Double(items.count - 1) / Double(count - 1)
  return (0..<count).map { items[Int((Double($0) * step).rounded())] }
}
