/// One timed run of one side of a task.
struct Sample: Hashable, Sendable {
  var seconds: Double
  var peakRSSKilobytes: Int
}

/// A side of a task (reviewbot or its peer) after all its runs.
enum Outcome: Hashable, Sendable {
  case measured([Sample])
  /// The first failure stops that side: a broken command does not get better.
  case failed(String)
  case skipped(String)

  var samples: [Sample] {
    if case .measured(let samples) = self { return samples }
    return []
  }

  var medianSeconds: Double? { samples.isEmpty ? nil : median(samples.map(\.seconds)) }

  /// The largest peak over all runs: the figure the memory target is about.
  var peakRSSKilobytes: Int? { samples.map(\.peakRSSKilobytes).max() }
}

/// A timed action: spawns one or more children and returns what they cost together.
typealias Trial = () throws(ChildFailure) -> Sample

/// Runs both sides `runs` times, alternating reviewbot and peer so that a burst of noise
/// on the shared machine hits both and the ratio stays meaningful.
func measure(runs: Int, reviewbot: Trial?, peer: Trial?) -> (Outcome, Outcome) {
  var sides: [(trial: Trial?, samples: [Sample], failure: String?)] = [
    (reviewbot, [], nil), (peer, [], nil),
  ]
  for _ in 0..<runs {
    for index in sides.indices {
      guard let trial = sides[index].trial, sides[index].failure == nil else { continue }
      do {
        sides[index].samples.append(try trial())
      } catch {
        sides[index].failure = error.summary
      }
    }
  }
  return (outcome(sides[0]), outcome(sides[1]))

  func outcome(_ side: (trial: Trial?, samples: [Sample], failure: String?)) -> Outcome {
    if side.trial == nil { return .skipped("no peer") }
    if let failure = side.failure { return .failed(failure) }
    return .measured(side.samples)
  }
}

/// Middle value; the mean of the two middle values for an even count.
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
