import Foundation
import LinearAlgebra
import Psychometrics
import Survey
import Testing
import _TestSupport

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
let datasets = packageRoot.appendingPathComponent("Datasets/reference")

func json(_ name: String) throws -> [String: Any] {
  try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name))) as! [String: Any]
}

func dataset(_ name: String) throws -> DataFrame {
  try DataFrameReader.readCSV(path: datasets.appendingPathComponent(name).path)
}

let bfiItems = ["A", "C", "E", "N", "O"].flatMap { t in (1...5).map { "\(t)\($0)" } }

/// The 25 bfi items over their complete cases (the references' X).
func bfiSample() throws -> ItemSample {
  try ItemSample.from(try dataset("bfi.csv"), items: bfiItems, purpose: "test")
}


/// jsonlite writes R's NA as the string "NA": it reads as NaN.
func numbers(_ v: Any?) -> [Double] { (v as! [Any]).map { ($0 as? Double) ?? ($0 as? NSNumber)?.doubleValue ?? .nan } }
func matrix(_ v: Any?) -> [[Double]] { (v as! [Any]).map { numbers($0) } }

/// |ours − ref| ≤ tol (loadings, communalities: absolute, as the issue states them).
func closeAbs(_ ours: Double, _ ref: Double, _ tol: Double, _ what: @autoclosure () -> String = "") -> Bool {
  let ok = abs(ours - ref) <= tol
  if !ok { Issue.record("\(what()): ours \(ours), reference \(ref), difference \(abs(ours - ref))") }
  return ok
}

/// Compares loadings up to column order and sign: each reference column is
/// matched to the unused column of ours closest to it or its reflection.
/// Returns the permutation (reference column → ours) and signs.
@discardableResult
func expectLoadings(_ ours: [[Double]], _ ref: [[Double]], tol: Double, _ what: String) -> (perm: [Int], sign: [Double]) {
  let k = ref[0].count
  var used = Set<Int>()
  var perm: [Int] = [], signs: [Double] = []
  for c in 0..<k {
    var best = (-1, 1.0, Double.infinity)
    for o in 0..<k where !used.contains(o) {
      for s in [1.0, -1.0] {
        let d = ref.indices.map { abs(s * ours[$0][o] - ref[$0][c]) }.max()!
        if d < best.2 { best = (o, s, d) }
      }
    }
    used.insert(best.0)
    perm.append(best.0)
    signs.append(best.1)
    for i in ref.indices {
      _ = closeAbs(best.1 * ours[i][best.0], ref[i][c], tol, "\(what) loading [\(i), \(c)]")
    }
  }
  return (perm, signs)
}

/// psych::alpha's `total` row against ours, to 1e-8.
func expectAlphaTotals(_ a: ScaleReliability, _ total: [String: Any], _ what: String) {
  let pairs: [(Double, String)] = [(a.alpha, "raw_alpha"), (a.alphaStd, "std.alpha"), (a.g6, "G6(smc)"), (a.averageR, "average_r"),
                                   (a.signalNoise, "S/N"), (a.ase, "ase"), (a.medianR, "median_r")]
  for (ours, key) in pairs { expectAgrees(ours, total[key] as! Double, 1e-8, "\(what) \(key)") }
}
