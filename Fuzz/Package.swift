// swift-tools-version:6.1
//
// libFuzzer targets for ClusterStat's parsers, kept apart from the product
// so that `swift build` and `swift test` never need the sanitizer runtime.
// Build and run with `make fuzz` (see the Makefile): the targets are compiled
// with -sanitize=fuzzer,address; each target's @main hands its callback to
// libFuzzer's driver (FuzzSupport.runFuzzer).

import PackageDescription

let package = Package(
  name: "ClusterStatFuzz",
  dependencies: [.package(name: "ClusterStat", path: "..")],
  targets: [
    .target(name: "FuzzSupport"),
    .executableTarget(
      name: "fuzz-model-syntax", dependencies: ["FuzzSupport", .product(name: "SEM", package: "ClusterStat")],
      path: "Sources/FuzzModelSyntax"),
    .executableTarget(
      name: "fuzz-csv", dependencies: ["FuzzSupport", .product(name: "Survey", package: "ClusterStat")],
      path: "Sources/FuzzCSV"),
    .executableTarget(
      name: "fuzz-xlsx", dependencies: ["FuzzSupport", .product(name: "Survey", package: "ClusterStat")],
      path: "Sources/FuzzXLSX"),
    .executableTarget(
      name: "fuzz-codebook", dependencies: ["FuzzSupport", .product(name: "Survey", package: "ClusterStat")],
      path: "Sources/FuzzCodebook"),
  ],
  swiftLanguageModes: [.v6]
)
