// swift-tools-version:6.1
//
// ClusterStat's benchmarks: ordo-one/benchmark suites under Benchmarks/, plus
// small timing executables that the side-by-side scripts (scripts/) run in the
// same invocation as the R/Python reference they compare with.

import PackageDescription

// The parent package's identity is its folder's name, which differs between
// clones; derive it rather than hard-coding it.
let parent = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

let package = Package(
  name: "ClusterStatBenchmarks",
  dependencies: [
    .package(path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "Ingest",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "Survey", package: parent),
      ],
      path: "Benchmarks/Ingest",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "SEMFit",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "SEM", package: parent),
        .product(name: "Survey", package: parent),
      ],
      path: "Benchmarks/SEMFit",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "make-ingest-data",
      dependencies: [.product(name: "LinearAlgebra", package: parent)],
      path: "Sources/make-ingest-data"),
    .executableTarget(
      name: "make-describe-data",
      dependencies: [.product(name: "LinearAlgebra", package: parent)],
      path: "Sources/make-describe-data"),
    .executableTarget(
      name: "time-psych",
      dependencies: [.product(name: "Psychometrics", package: parent), .product(name: "Survey", package: parent)],
      path: "Sources/time-psych"),
    .executableTarget(
      name: "time-ingest",
      dependencies: [.product(name: "Survey", package: parent)],
      path: "Sources/time-ingest"),
  ],
  swiftLanguageModes: [.v6]
)
