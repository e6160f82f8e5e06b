// Reading a 1,000,000 × 60 CSV to means and covariance, streaming. The file is
// made by `make-ingest-data` (scripts/side_by_side_ingest.sh does it); set
// CLUSTERSTAT_INGEST_FILE to point elsewhere.
import Benchmark
import Foundation
import Survey

let benchmarks: @Sendable () -> Void = {
  let path = ProcessInfo.processInfo.environment["CLUSTERSTAT_INGEST_FILE"] ?? "data/ingest-1000000x60.csv"
  Benchmark(
    "CSV 1M×60 → means + covariance",
    configuration: .init(
      metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
      maxDuration: .seconds(60), maxIterations: 5)
  ) { benchmark in
    guard FileManager.default.fileExists(atPath: path) else {
      fatalError("\(path) is missing: run scripts/side_by_side_ingest.sh (or make-ingest-data) first")
    }
    for _ in benchmark.scaledIterations {
      blackHole(try Moments.stream(path: path))
    }
  }
}
