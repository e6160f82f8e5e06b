import Foundation
import Testing
import Survey
@testable import Ordinal

// The exact two-step ML polychorics of the bfi agreeableness and
// conscientiousness items (10 items, 6 categories, with missing values), and
// lavaan's empty-cell rules, from ../SEMTests/Fixtures/ordinal/polychoric_bfi.R
// (pbivnorm, Newton on the analytic score to |score|/n < 1e-14; lavaan's
// lavCor is within 3e-8 of it, psych::polychoric within 2e-5).

private func fixture(_ name: String) throws -> [String: Any] {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../SEMTests/Fixtures/ordinal/\(name)").standardized
  return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
}

private func values(_ o: Any?) -> [[Double]] {
  ((o as! [String: Any])["values"] as! [[Any]]).map { $0.map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
}

/// A number, or jsonlite's one-element array of it.
private func number(_ o: Any?) -> Double {
  if let a = o as? [Any] { return number(a.first) }
  return (o as! NSNumber).doubleValue
}

private func bfiItems(_ names: [String]) throws -> [OrdinalVariable] {
  let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Datasets/reference/bfi.csv").standardized.path
  let frame = try Ingest.load(path: path).frame
  return try names.map { try OrdinalVariable(name: $0, values: frame.numericColumn($0), source: path) }
}

struct PolychoricReferenceTests {
  @Test(arguments: [OrdinalMissing.pairwise, .listwise])
  func bfiMatchesExactML(_ missing: OrdinalMissing) throws {
    let ref = try fixture("polychoric_bfi.json")
    let names = ref["items"] as! [String]
    let m = try PolychoricMatrix.compute(try bfiItems(names), missing: missing)
    let part = ref[missing.rawValue] as! [String: Any]
    let rho = values(part["rho_exact"]), tau = values(part["thresholds"]), n = values(part["n_pair"])
    for i in names.indices {
      for k in m.thresholds[i].indices { #expect(abs(m.thresholds[i][k] - tau[i][k]) < 1e-12, "τ\(k + 1) of \(names[i])") }
      for j in 0..<i {
        #expect(abs(m.rho[i][j] - rho[i][j]) < 1e-9, "\(names[i])–\(names[j]): \(m.rho[i][j]) vs \(rho[i][j])")
        #expect(Double(m.n[i][j]) == n[i][j])
      }
    }
    // lavaan within its optimizer's tolerance; psych about 2e-5 short (the docs say so).
    let lavaan = values((part["lavaan"] as! [String: Any])["rho"]), psych = values((part["psych"] as! [String: Any])["rho"])
    let offLavaan = names.indices.flatMap { i in (0..<i).map { abs(m.rho[i][$0] - lavaan[i][$0]) } }.max()!
    let offPsych = names.indices.flatMap { i in (0..<i).map { abs(m.rho[i][$0] - psych[i][$0]) } }.max()!
    #expect(offLavaan < 1e-7 && offPsych > 1e-6 && offPsych < 1e-4)
  }

  @Test func emptyCellsAsLavaan() throws {
    let z = (try fixture("polychoric_bfi.json"))["zero_cells"] as! [String: Any]
    // A 6 × 6 table with six empty cells: used as it is.
    let big = z["table_6x6"] as! [String: Any]
    let table = values(big["table"]), tau = values(big["thresholds"])
    let e = PolychoricPair.estimate(table: table.flatMap { $0.map { Int($0) } }, rows: 6, columns: 6,
                                    rowThresholds: tau[0], columnThresholds: tau[1])
    #expect(abs(e.rho - number(big["rho_exact"])) < 1e-10 && e.emptyCells == 6 && !e.zeroAdded)
    // 2 × 2 tables with one empty cell: 0.5 moved within the margins (zero.keep.margins).
    for name in ["table_2x2_diagonal_zero", "table_2x2_offdiagonal_zero"] {
      let c = z[name] as! [String: Any]
      let t = values(c["table"]).flatMap { $0.map { Int($0) } }
      let th = c["thresholds"] as! [String: Any]
      let e = PolychoricPair.estimate(table: t, rows: 2, columns: 2, rowThresholds: [number(th["y1"])], columnThresholds: [number(th["y2"])])
      #expect(e.zeroAdded && e.emptyCells == 1)
      #expect(abs(e.rho - number(c["rho_exact_of_adjusted_table"])) < 1e-10, "\(name): \(e.rho)")
    }
  }
}
