// Times Moments.stream (CSV → means + covariance of every column) on one file,
// REPS times after one warm-up, and prints a JSON line with the median and
// minimum seconds and a checksum of the result (to show the work was done).
//   time-ingest FILE [REPS]
import Foundation
import Survey

let args = CommandLine.arguments
guard args.count >= 2 else {
  FileHandle.standardError.write(Data("usage: time-ingest FILE [REPS]\n".utf8))
  exit(2)
}
let reps = args.count > 2 ? Int(args[2])! : 3
func once() throws -> (Double, Double) {
  let t0 = DispatchTime.now().uptimeNanoseconds
  let m = try Moments.stream(path: args[1])
  let t1 = DispatchTime.now().uptimeNanoseconds
  let c = m.covariance
  return (Double(t1 - t0) / 1e9, m.means.reduce(0, +) + c.trace)
}
do {
  _ = try once()
  var times: [Double] = []
  var checksum = 0.0
  for _ in 0..<reps {
    let (t, s) = try once()
    times.append(t)
    checksum = s
  }
  times.sort()
  print("{\"median_s\": \(times[times.count / 2]), \"min_s\": \(times[0]), \"reps\": \(reps), \"checksum\": \(checksum)}")
} catch {
  FileHandle.standardError.write(Data("time-ingest: \(error)\n".utf8))
  exit(2)
}
