import Foundation

/// The tasks that run against git repositories: review, the commit hook and `check`.
extension Harness {
  /// reviewbot's cache for a repository; removed before a cold run.
  private func cache(of repository: String) -> String { repository + "/.git/reviewbot" }

  // MARK: 3. one patch review

  /// `reviewbot review --repo --base HEAD` cold and warm vs `git apply --check`.
  func reviewRows() -> [ResultRow] {
    let cold = "review one corpus patch, cold"
    let warm = "review one corpus patch, warm"
    let peerName = "git apply --check"
    let repository: String
    let patch: String
    do throws(ChildFailure) {
      guard try ensureCorpus() else {
        return [cold, warm].map {
          ResultRow(
            task: "review", title: $0, peerName: peerName, reviewbot: .skipped("no corpus"),
            peer: .skipped("no corpus"))
        }
      }
      (repository, patch) = try corpusRepository()
    } catch {
      return [cold, warm].map {
        .unprepared("review", $0, peer: peerName, reason: error.summary)
      }
    }
    let review = reviewbot(
      ["review", "--repo", repository, "--base", "HEAD", patch], output: "review.txt")
    let apply = { () throws(ChildFailure) in
      try timed(Command(arguments: ["git", "apply", "--check", patch], directory: repository))
    }
    let (coldOurs, coldPeer) = measure(
      runs: settings.runs,
      reviewbot: { () throws(ChildFailure) in
        remove(cache(of: repository))
        return try timed(review, accepted: [0, 1])
      },
      peer: apply)
    // The first warm run fills the cache; it is not counted.
    _ = try? timed(review, accepted: [0, 1])
    let (warmOurs, warmPeer) = measure(
      runs: settings.runs,
      reviewbot: { () throws(ChildFailure) in try timed(review, accepted: [0, 1]) },
      peer: apply)
    let subject = patchSubject(patch)
    return [
      ResultRow(
        task: "review", title: cold, peerName: peerName, reviewbot: coldOurs, peer: coldPeer,
        note: "\(subject); .git/reviewbot removed before each run"),
      ResultRow(
        task: "review", title: warm, peerName: peerName, reviewbot: warmOurs, peer: warmPeer,
        note: "same patch, cache kept from an uncounted first run"),
    ]
  }

  private func patchSubject(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "?" }
    let text = String(decoding: data.prefix(8192), as: UTF8.self)
    let headers = text.components(separatedBy: "\n\n").first ?? ""
    // Folded header lines continue with whitespace (RFC 5322 section 2.2.3).
    let unfolded = headers.replacingOccurrences(of: "\n ", with: " ")
    let line = unfolded.split(separator: "\n").first { $0.hasPrefix("Subject:") } ?? "?"
    let subject = line.dropFirst("Subject:".count).trimmingCharacters(in: .whitespaces)
    return "patch \"\(subject.replacingOccurrences(of: "|", with: "/"))\""
  }

  // MARK: 4. the commit hook

  /// `git commit` of a one-function change with the post-commit hook vs without it, each in
  /// its own clone: every commit of the hooked clone is reviewed, as for a developer who
  /// installed the hook, so each review finds its parent's model kept by the run before.
  func hookRow() -> ResultRow {
    let title = "git commit with post-commit hook"
    let peerName = "git commit, no hook"
    let repository: String
    let plain: String
    let template: String
    do throws(ChildFailure) {
      guard try ensureCorpus() else {
        return ResultRow(
          task: "hook", title: title, peerName: peerName, reviewbot: .skipped("no corpus"),
          peer: .skipped("no corpus"))
      }
      repository = try hookRepository(from: try corpusRepository().repository)
      plain = try hookRepository(from: try corpusRepository().repository, name: "plain-repo")
      guard
        let data = FileManager.default.contents(
          atPath: settings.benchmarks + "/templates/hook-commit.c")
      else { throw ChildFailure(summary: "templates/hook-commit.c missing") }
      template = String(decoding: data, as: UTF8.self)
    } catch {
      return .unprepared("hook", title, peer: peerName, reason: error.summary)
    }
    var installFailure: String?
    do throws(ChildFailure) {
      _ = try timed(
        reviewbot(["hook", "install", "--type", "post-commit"], in: repository,
                  output: "hook-install.txt"))
    } catch {
      installFailure = "hook install: " + error.summary
    }
    var serial = 0
    func commit(hooks: Bool) throws(ChildFailure) -> Sample {
      serial += 1
      let edited = (hooks ? repository : plain) + "/drivers/gpu/drm/i915/i915_gem.c"
      guard let handle = FileHandle(forWritingAtPath: edited) else {
        throw ChildFailure(summary: "cannot edit \(edited)")
      }
      handle.seekToEndOfFile()
      handle.write(Data(template.replacingOccurrences(of: "@N@", with: "\(serial)").utf8))
      handle.closeFile()
      // core.hooksPath pointing nowhere disables every hook wherever it was installed.
      let disable = hooks ? [] : ["-c", "core.hooksPath=/nonexistent/bench-no-hooks"]
      return try timed(
        Command(
          arguments: ["git"] + disable + ["commit", "-q", "-a", "-m", "bench: commit \(serial)"],
          directory: hooks ? repository : plain))
    }
    // The first hooked commit models the whole tree (nothing is cached yet); it is timed
    // for the note but not counted.
    let first = installFailure == nil ? try? commit(hooks: true) : nil
    let (ours, theirs) = measure(
      runs: settings.runs,
      reviewbot: { () throws(ChildFailure) in
        if let installFailure { throw ChildFailure(summary: installFailure) }
        return try commit(hooks: true)
      },
      peer: { () throws(ChildFailure) in try commit(hooks: false) })
    return ResultRow(
      task: "hook", title: title, peerName: peerName, reviewbot: ours, peer: theirs,
      note: "repo holds the corpus tree; each commit adds one function to one file; "
        + "RSS includes git and the hook; warm: the hook of the commit before kept its model"
        + (first.map { String(format: "; first commit after the clone (cold): %.2f s", $0.seconds) }
          ?? ""))
  }

  // MARK: 5. check over a range

  /// `reviewbot check A..B` over the generated commits vs `git log -p A..B`.
  func checkRow() -> ResultRow {
    let title = "check \(settings.commits) generated commits"
    let peerName = "git log -p"
    let repository: String
    do throws(ChildFailure) {
      repository = try commitsRepository()
    } catch {
      return .unprepared("check", title, peer: peerName, reason: error.summary)
    }
    let range = "bench-base..bench-tip"
    let (ours, theirs) = measure(
      runs: settings.runs,
      reviewbot: { () throws(ChildFailure) in
        remove(cache(of: repository))
        return try timed(
          reviewbot(["check", "--repo", repository, range], output: "check.txt"),
          accepted: [0, 1])
      },
      peer: { () throws(ChildFailure) in
        try timed(
          Command(
            arguments: ["git", "log", "-p", range], directory: repository,
            standardOutput: settings.scratch + "/git-log.txt"))
      })
    let rate = ours.medianSeconds.map {
      String(format: "%.0f commits/s", Double(settings.commits) / $0)
    }
    return ResultRow(
      task: "check", title: title, peerName: peerName, reviewbot: ours, peer: theirs,
      note: (rate.map { $0 + "; " } ?? "") + "cold cache each run")
  }
}
