// Times what `clusterstat reliability` + `clusterstat efa` compute, in-process,
// on a CSV already read into memory: α with item statistics for ten 6-item
// scales (v1–v6, …, v55–v60), then a 10-factor minres EFA with oblimin
// rotation of all 60 items (moments computed inside the timed region, as
// psych computes them from the raw data).
//   time-psych FILE REPS     → one JSON line {median_s, min_s, reps, checksum}
import Foundation
import Psychometrics
import Survey

let args = CommandLine.arguments
let frame = try DataFrameReader.readCSV(path: args[1])
let reps = Int(args[2]) ?? 5
let names = (1...60).map { "v\($0)" }

func once() throws -> Double {
  var checksum = 0.0
  for s in 0..<10 {
    let sample = try ItemSample.from(frame, items: Array(names[(6 * s)..<(6 * s + 6)]), purpose: "bench")
    checksum += try Reliability.alpha(sample, name: "s\(s)", omega: false).alpha
  }
  let all = try ItemSample.from(frame, items: names, purpose: "bench")
  let efa = try EFA.run(all, options: EFAOptions(method: .minres, rotation: .oblimin, factors: 10))
  return checksum + efa.variance.ssLoadings.reduce(0, +)
}

var checksum = try once()
var times: [Double] = []
for _ in 0..<reps {
  let t0 = DispatchTime.now().uptimeNanoseconds
  checksum = try once()
  times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
}
times.sort()
print("{\"median_s\": \(times[times.count / 2]), \"min_s\": \(times[0]), \"reps\": \(reps), \"checksum\": \(checksum)}")
