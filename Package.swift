// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "reviewbot",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "reviewbot", targets: ["reviewbot"]),
    .library(name: "ReviewCore", targets: ["ReviewCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CGit2", pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]),
    .systemLibrary(
      name: "CLibXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),
    .target(name: "PatchParse", dependencies: ["CLibXML2"]),
    .target(
      name: "LockModelExtract",
      dependencies: [.product(name: "Yams", package: "Yams")],
      resources: [.copy("Resources/knowledge-base.yml")]),
    .target(name: "GEMSim", dependencies: ["LockModelExtract"]),
    .target(
      name: "ReviewCore",
      dependencies: ["PatchParse", "LockModelExtract", "GEMSim", "CGit2", "CLibXML2"]),
    .executableTarget(
      name: "reviewbot",
      dependencies: [
        "ReviewCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "PatchParseTests", dependencies: ["PatchParse"], exclude: ["Crashers"]),
    .testTarget(
      name: "LockModelExtractTests", dependencies: ["LockModelExtract"],
      exclude: ["Crashers"]),
    .testTarget(name: "GEMSimTests", dependencies: ["GEMSim"]),
    .testTarget(
      name: "ReviewCoreTests", dependencies: ["ReviewCore"], exclude: ["Crashers"]),
  ],
  swiftLanguageModes: [.v6]
)
