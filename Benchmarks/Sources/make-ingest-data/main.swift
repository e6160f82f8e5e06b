// Writes the ingest benchmark's CSV: N rows × 60 columns of questionnaire-like
// scores with a 10-factor structure (6 items per factor, loading 0.7), values
// 4 + 1.2·z with four decimals. Seeded (SplitMix64, seed 20180501): the same
// file on every machine.
//   make-ingest-data OUT.csv [ROWS]
import Foundation
import LinearAlgebra

let args = CommandLine.arguments
guard args.count >= 2 else {
  FileHandle.standardError.write(Data("usage: make-ingest-data OUT.csv [ROWS]\n".utf8))
  exit(2)
}
let rows = args.count > 2 ? Int(args[2])! : 1_000_000
let factors = 10, perFactor = 6, p = factors * perFactor
var g = SplitMix64(seed: 20180501)

FileManager.default.createFile(atPath: args[1], contents: nil)
let out = FileHandle(forWritingAtPath: args[1])!
var buf: [UInt8] = []
buf.reserveCapacity(1 << 22)
buf.append(contentsOf: Array((1...p).map { "v\($0)" }.joined(separator: ",").utf8))
buf.append(10)

/// Appends v with four decimals (v ≥ 0 after clamping), without Foundation formatting.
@MainActor func appendFixed4(_ v: Double) {
  let scaled = Int((max(0, v) * 10_000).rounded())
  buf.append(contentsOf: Array(String(scaled / 10_000).utf8))
  buf.append(UInt8(ascii: "."))
  let frac = scaled % 10_000
  for d in [1000, 100, 10, 1] { buf.append(UInt8(48 + (frac / d) % 10)) }
}

let unique = (1 - 0.49).squareRoot()
var f = [Double](repeating: 0, count: factors)
for _ in 0..<rows {
  for k in 0..<factors { f[k] = g.nextGaussian() }
  for j in 0..<p {
    if j > 0 { buf.append(UInt8(ascii: ",")) }
    appendFixed4(4 + 1.2 * (0.7 * f[j / perFactor] + unique * g.nextGaussian()))
  }
  buf.append(10)
  if buf.count > (1 << 22) - 4096 {
    out.write(Data(buf))
    buf.removeAll(keepingCapacity: true)
  }
}
out.write(Data(buf))
out.closeFile()
