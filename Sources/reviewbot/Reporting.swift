import ArgumentParser
import Foundation
import LockModelExtract
import ReviewCore

/// Prints a run as asked and returns the exit status: 2 nothing read, 1 findings, 0 clean.
func report(_ run: ReviewRun, options: ReportOptions, knowledge: KnowledgeBase) throws -> ExitCode {
  for error in run.errors { complain(error.description) }
  let settings = WriterSettings(knowledge: knowledge)
  if !options.quiet {
    if let directory = options.output, options.format == .text {
      do {
        let written = try ReplyFiles.write(
          run, to: directory, writer: ReplyWriter(settings: settings))
        for path in written { emit(path + "\n") }
      } catch {
        return fail(error)
      }
    } else {
      emit(options.format.render(run, settings: settings))
    }
  }
  if run.readNothing { return ExitCode(2) }
  return run.hasRegressions ? ExitCode(1) : .success
}

/// `reviewbot: 3/40 inputs` on stderr, only when stderr is a terminal.
func progressLine(quiet: Bool) -> (@Sendable (Int, Int) -> Void)? {
  guard !quiet, isatty(2) != 0 else { return nil }
  return { done, total in
    let end = done == total ? "\r\u{1B}[K" : ""
    FileHandle.standardError.write(Data("\rreviewbot: \(done)/\(total) patches\(end)".utf8))
  }
}
