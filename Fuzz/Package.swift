// swift-tools-version:6.1
//
// libFuzzer targets for ClusterStat's parsers, kept apart from the product
// so that `swift build` and `swift test` never need the sanitizer runtime.
// Build and run with `make fuzz` (see the Makefile): the targets are compiled
// with -sanitize=fuzzer,address; each target's @main hands its test to
// libFuzzer's driver (FuzzSupport).

import PackageDescription

/// One executable per parser: `fuzz-<name>`, sources in Sources/<directory>.
func fuzzer(_ name: String, _ directory: String, _ module: String) -> Target {
  .executableTarget(
    name: "fuzz-\(name)", dependencies: ["FuzzSupport", .product(name: module, package: "ClusterStat")],
    path: "Sources/\(directory)")
}

let package = Package(
  name: "ClusterStatFuzz",
  dependencies: [.package(name: "ClusterStat", path: "..")],
  targets: [
    .target(name: "FuzzSupport"),
    fuzzer("model-syntax", "FuzzModelSyntax", "SEM"),
    fuzzer("csv", "FuzzCSV", "Survey"),
    fuzzer("xlsx", "FuzzXLSX", "Survey"),
    fuzzer("codebook", "FuzzCodebook", "Survey"),
  ],
  swiftLanguageModes: [.v6]
)
