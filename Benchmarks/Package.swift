// swift-tools-version:6.0
// The benchmark harness: a separate package so `swift build` and `swift test` of the
// product never compile it. It measures the release `reviewbot` binary against peers.
// `probe/rusage-probe.c` is compiled by the harness with the system C compiler, not here:
// SwiftPM links every executable against the Swift runtime, which would raise the floor
// of the peak RSS it measures from ~1 MB to ~5 MB.
import PackageDescription

let package = Package(
  name: "ReviewbotBenchmarks",
  products: [
    .executable(name: "bench", targets: ["bench"]),
  ],
  targets: [
    .executableTarget(name: "bench", path: "Sources/bench"),
  ],
  swiftLanguageModes: [.v6]
)
