// Writes the describe benchmark's CSV: N rows × 60 columns as a questionnaire
// export has them — 52 rating items q1…q52 (whole numbers 1–7 from a
// 13-factor structure, loading 0.7, 2 % of cells empty) and 8 other columns
// x1…x8 (1 % empty): x1–x4 scores with four decimals (4 + 1.2·z), x5–x6
// incomes with two decimals (log-normal, skewed), x7 an age (18–80, whole),
// x8 seconds to complete with one decimal (60–3000). Seeded (SplitMix64,
// seed 20180502): the same file on every machine.
//   make-describe-data OUT.csv [ROWS]
import Foundation
import LinearAlgebra

let args = CommandLine.arguments
guard args.count >= 2 else {
  FileHandle.standardError.write(Data("usage: make-describe-data OUT.csv [ROWS]\n".utf8))
  exit(2)
}
let rows = args.count > 2 ? Int(args[2])! : 1_000_000
let items = 52, perFactor = 4, factors = items / perFactor
var g = SplitMix64(seed: 20180502)

FileManager.default.createFile(atPath: args[1], contents: nil)
let out = FileHandle(forWritingAtPath: args[1])!
var buf: [UInt8] = []
buf.reserveCapacity(1 << 22)
buf.append(contentsOf: Array(((1...items).map { "q\($0)" } + (1...8).map { "x\($0)" }).joined(separator: ",").utf8))
buf.append(10)

/// Appends v ≥ 0 with `decimals` decimals, without Foundation formatting.
@MainActor func appendFixed(_ v: Double, _ decimals: Int) {
  var scale = 1
  for _ in 0..<decimals { scale *= 10 }
  let scaled = Int((max(0, v) * Double(scale)).rounded())
  buf.append(contentsOf: Array(String(scaled / scale).utf8))
  guard decimals > 0 else { return }
  buf.append(UInt8(ascii: "."))
  var d = scale / 10
  while d > 0 {
    buf.append(UInt8(48 + (scaled / d) % 10))
    d /= 10
  }
}

let unique = (1 - 0.49).squareRoot()
var f = [Double](repeating: 0, count: factors)
for _ in 0..<rows {
  for k in 0..<factors { f[k] = g.nextGaussian() }
  for j in 0..<items {
    if j > 0 { buf.append(UInt8(ascii: ",")) }
    let z = 0.7 * f[j / perFactor] + unique * g.nextGaussian()
    if g.nextUniform() < 0.02 { continue }
    buf.append(UInt8(48 + Int(min(7, max(1, (4 + 1.5 * z).rounded())))))
  }
  for j in 0..<8 {
    buf.append(UInt8(ascii: ","))
    let z = g.nextGaussian()
    if g.nextUniform() < 0.01 { continue }
    switch j {
    case 0..<4: appendFixed(4 + 1.2 * z, 4)
    case 4..<6: appendFixed(8000 * exp(0.6 * z), 2)
    case 6: appendFixed(min(80, max(18, (42 + 12 * z).rounded())), 0)
    default: appendFixed(min(3000, max(60, 600 + 250 * z)), 1)
    }
  }
  buf.append(10)
  if buf.count > (1 << 22) - 4096 {
    out.write(Data(buf))
    buf.removeAll(keepingCapacity: true)
  }
}
out.write(Data(buf))
out.closeFile()
