import Foundation
import Testing
import _TestSupport
import LinearAlgebra
@testable import Psychometrics
import Survey

// Ordinal α and EFA on polychoric correlations, against psych on the exact
// two-step ML polychoric matrix of the bfi items (../SEMTests/Fixtures/ordinal:
// reliability_ordinal.R → psych::alpha(R, keys), efa_poly.R → psych::fa(r = R,
// fm = "minres", rotate = "oblimin") and the exact minres/oblimin optimum).
// psych's own polychoric() stops about 2e-5 short of the ML matrix, so
// fa(cor = "poly") differs from these by about 2e-5 (recorded in the JSON).

private let ordinalFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("../SEMTests/Fixtures/ordinal").standardized

private func ordinalJSON(_ name: String) throws -> [String: Any] {
  try JSONSerialization.jsonObject(with: Data(contentsOf: ordinalFixtures.appendingPathComponent(name))) as! [String: Any]
}

private func num(_ o: Any?) -> Double {
  if let a = o as? [Any] { return num(a.first) }
  return (o as! NSNumber).doubleValue
}

struct OrdinalPsychometricsTests {
  @Test(arguments: ["agreeableness", "conscientiousness"])
  func ordinalAlphaIsPsychsOnThePolychoricMatrix(_ scale: String) throws {
    let ref = (try ordinalJSON("reliability_ordinal.json"))[scale] as! [String: Any]
    let items = ref["items"] as! [String], reversed = ref["reversed"] as! [String]
    let sample = try ItemSample.polychoric(try dataset("bfi.csv"), items: items, use: .pairwise, purpose: "test")
    #expect(sample.correlationMethod == .polychoric)
    let polychoric = matrix((ref["polychoric"] as! [String: Any])["values"])
    for i in items.indices { for j in 0..<i { _ = closeAbs(sample.correlation[i, j], polychoric[i][j], 1e-9, "\(scale) ρ \(i)\(j)") } }
    let r = try Reliability.alpha(sample, name: scale, keys: .items(reversed))
    let alpha = ref["alpha"] as! [String: Any], total = alpha["total"] as! [String: Any]
    expectAgrees(r.alpha, num(total["raw_alpha"]), 1e-8, "\(scale) α")
    expectAgrees(r.alphaStd, num(total["std.alpha"]), 1e-8, "\(scale) standardised α")
    expectAgrees(r.g6, num(total["G6(smc)"]), 1e-8, "\(scale) λ6")
    expectAgrees(r.averageR, num(total["average_r"]), 1e-8, "\(scale) average r")
    expectAgrees(r.medianR, num(total["median_r"]), 1e-8, "\(scale) median r")
    expectAgrees(r.signalNoise, num(total["S/N"]), 1e-8, "\(scale) S/N")
    let drop = alpha["alpha.drop"] as! [[String: Any]], stats = alpha["item.stats"] as! [[String: Any]]
    for (i, st) in r.itemStats.enumerated() {
      expectAgrees(st.alphaIfDeleted, num(drop[i]["raw_alpha"]), 1e-8, "\(scale) α if \(st.item) deleted")
      expectAgrees(st.citc, num(stats[i]["r.drop"]), 1e-8, "\(scale) r.drop \(st.item)")
      expectAgrees(st.rCor, num(stats[i]["r.cor"]), 1e-8, "\(scale) r.cor \(st.item)")
    }
    #expect(r.correlation == .polychoric)
  }

  @Test func efaOnPolychoricsIsPsychsFa() throws {
    let ref = try ordinalJSON("efa_poly.json")
    let items = ref["items"] as! [String]
    let sample = try ItemSample.polychoric(try dataset("bfi.csv"), items: items, use: .pairwise, purpose: "test")
    let r = try EFA.run(sample, options: EFAOptions(method: .minres, rotation: .oblimin, factors: 2))
    #expect(r.correlation == .polychoric && r.n == num(ref["n_obs"]).rounded().asInt)
    // The exact minres/oblimin optimum on the exact matrix (psych's fa on it is within 1.3e-6).
    let exact = ref["exact"] as! [String: Any]
    let loadings = matrix((exact["loadings"] as! [String: Any])["values"])
    let phi = matrix((exact["Phi"] as! [String: Any])["values"])
    let h2 = exact["communality"] as! [String: Any]
    for (i, row) in r.loadings.enumerated() {
      for k in 0..<2 { _ = closeAbs(row.loadings[k], loadings[i][k], 2e-6, "loading \(items[i]) F\(k + 1)") }
      _ = closeAbs(row.h2, num(h2[items[i]]), 2e-6, "h² \(items[i])")
    }
    _ = closeAbs(r.phi![1][0], phi[1][0], 2e-6, "Φ")
  }
}

private extension Double { var asInt: Int { Int(self) } }

// Polyserial correlations (continuous × ordinal) against the exact two-step ML
// of Fixtures/ordinal/polyserial.R: HS x1–x3 continuous with x4–x9 cut into
// four categories (lavCor agrees within 3e-8), and bfi's age with A1–A5,
// pairwise (each variable's univariate step on its own available cases).
struct PolyserialTests {
  @Test func polyserialIsTheExactTwoStepML() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../SEMTests/Fixtures/ordinal/polyserial.json").standardized
    let ref = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let root = url.deletingLastPathComponent().appendingPathComponent("../../../..").standardized
    // HS: the continuous x1–x3 beside the ordinal x4–x9, in one frame.
    let hs = try Ingest.load(path: root.appendingPathComponent("Datasets/reference/HolzingerSwineford1939.csv").path).frame
    var mixed = try Ingest.load(path: url.deletingLastPathComponent().appendingPathComponent("hs_ordinal.csv").path).frame
    for v in ["x1", "x2", "x3"] {
      let k = try #require(mixed.index(of: v))
      mixed.columns[k] = Column(name: v, values: .numeric(try hs.numericColumn(v)))
    }
    let t = try CorrelationTable.compute(mixed, variables: (1...9).map { "x\($0)" }, method: .polychoric, missing: .pairwise)
    #expect(t.continuous == ["x1", "x2", "x3"])
    for pair in (ref["hs"] as! [String: Any])["pairs"] as! [[String: Any]] {
      let i = t.variables.firstIndex(of: pair["x"] as! String)!, j = t.variables.firstIndex(of: pair["y"] as! String)!
      let rho = (pair["rho"] as! NSNumber).doubleValue
      #expect(abs(t.r[i][j] - rho) < 1e-9, "\(pair["x"]!)–\(pair["y"]!): ours \(t.r[i][j]), exact \(rho)")
      #expect(abs(t.r[i][j] - (pair["lavCor"] as! NSNumber).doubleValue) < 1e-7)
      #expect(t.p[i][j].isNaN && t.n[i][j] == 301)
    }
    // Pearson among the continuous ones, polychoric among the items as before.
    #expect(abs(t.r[1][0] - ((ref["hs"] as! [String: Any])["pearson_x1_x2"] as! NSNumber).doubleValue) < 1e-12)
    #expect(t.thresholds?[0] == [] && t.thresholds?[3].count == 3)
    let bfi = try Ingest.load(path: root.appendingPathComponent("Datasets/reference/bfi.csv").path).frame
    let b = try CorrelationTable.compute(bfi, variables: ["age"] + (1...5).map { "A\($0)" }, method: .polychoric, missing: .pairwise)
    for (k, pair) in ((ref["bfi"] as! [String: Any])["pairs"] as! [[String: Any]]).enumerated() {
      let rho = (pair["rho"] as! NSNumber).doubleValue
      #expect(abs(b.r[k + 1][0] - rho) < 1e-9, "age–\(pair["y"]!): ours \(b.r[k + 1][0]), exact \(rho)")
      #expect(b.n[k + 1][0] == pair["n"] as! Int)
    }
  }
}
