// One SEM fit as `clusterstat bench` times it (estimation, standard errors,
// baseline model, every fit measure), on the three models of
// scripts/side_by_side_sem.sh. The data are read and the moments computed
// once, outside the measured region. The 10 × 6 CFA needs data/cfa-1000x60.csv
// (the side-by-side script makes it; `make-ingest-data data/cfa-1000x60.csv 1000`).
import Benchmark
import Foundation
import SEM
import Survey

let benchmarks: @Sendable () -> Void = {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  let cases: [(String, String, String)] = [
    ("HolzingerSwineford1939 CFA", "../Datasets/reference/HolzingerSwineford1939.csv", "models/hs_cfa.lav"),
    ("PoliticalDemocracy SEM", "../Datasets/reference/PoliticalDemocracy.csv", "models/polidem.lav"),
    ("10-factor × 6-indicator CFA, N = 1000", "data/cfa-1000x60.csv", "models/cfa_10x6.lav"),
  ]
  for (name, data, model) in cases {
    Benchmark(
      "SEM fit: \(name)",
      configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(10))
    ) { (benchmark: Benchmark, prepared: (ParameterTable, SampleMoments)) in
      for _ in benchmark.scaledIterations {
        let fitted = try SEM.fit(SEMModel(table: prepared.0, moments: prepared.1, options: SEMOptions()))
        blackHole(SEMResult(fitted, try Inference(fitted)))
      }
    } setup: {
      let dataPath = root.appendingPathComponent(data).path
      guard FileManager.default.fileExists(atPath: dataPath) else {
        fatalError("\(dataPath) is missing: run scripts/side_by_side_sem.sh first")
      }
      let frame = try DataFrameReader.readCSV(path: dataPath)
      let syntax = try String(contentsOfFile: root.appendingPathComponent(model).path, encoding: .utf8)
      let model = try SEMModel(syntax: syntax, data: frame)
      return (model.table, model.moments)
    }
  }
}
