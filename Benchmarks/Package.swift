// swift-tools-version:6.0
// The benchmark harness: a separate package so `swift build` and `swift test` of the
// product never compile it. It measures the release `reviewbot` binary against peers.
import PackageDescription

let package = Package(
  name: "ReviewbotBenchmarks",
  products: [
    .executable(name: "bench", targets: ["bench"]),
  ],
  targets: [
    .executableTarget(name: "bench", path: "Sources/bench"),
    // Spawns and reaps each measured child from a process of ~1 MB, so that the child's
    // ru_maxrss is its own (see main.c).
    .executableTarget(name: "rusage-probe", path: "Sources/rusage-probe"),
  ],
  swiftLanguageModes: [.v6]
)
