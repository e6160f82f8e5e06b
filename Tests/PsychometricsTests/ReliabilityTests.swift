import Foundation
import Psychometrics
import Validity
import Survey
import Testing
import _TestSupport

/// psych::alpha (psych_alpha_hs.json from ../shared/reference; psych_more.json
/// from Fixtures/make_references.R), to 1e-8 as the issue asks.
@Suite struct ReliabilityTests {
  @Test func alphaOnHolzingerSwineford() throws {
    let hs = try dataset("HolzingerSwineford1939.csv")
    let ref = try json("psych_alpha_hs.json")["psych_alpha"] as! [String: Any]
    for (scale, items) in [("visual", ["x1", "x2", "x3"]), ("textual", ["x4", "x5", "x6"]), ("speed", ["x7", "x8", "x9"])] {
      let r = ref[scale] as! [String: Any]
      let total = (r["total"] as! [[String: Any]])[0]
      let a = try Reliability.alpha(try ItemSample.from(hs, items: items, purpose: "test"), name: scale)
      expectAlphaTotals(a, total, scale)
      let feldt = r["feldt"] as! [String: Any]
      expectAgrees(a.alphaCILower, ((feldt["lower"] as! [[String: Any]])[0]["raw_alpha"] as! Double), 1e-8, "\(scale) Feldt lower")
      expectAgrees(a.alphaCIUpper, ((feldt["upper"] as! [[String: Any]])[0]["raw_alpha"] as! Double), 1e-8, "\(scale) Feldt upper")
      for (i, row) in (r["alpha.drop"] as! [[String: Any]]).enumerated() {
        expectAgrees(a.itemStats[i].alphaIfDeleted, row["raw_alpha"] as! Double, 1e-8, "\(scale) alpha if deleted \(i)")
        expectAgrees(a.itemStats[i].standardizedAlphaIfDeleted, row["std.alpha"] as! Double, 1e-8, "\(scale) std alpha if deleted \(i)")
      }
      for (i, row) in (r["item.stats"] as! [[String: Any]]).enumerated() {
        let st = a.itemStats[i]
        expectAgrees(st.citc, row["r.drop"] as! Double, 1e-8, "\(scale) r.drop \(i)")
        expectAgrees(st.rawR, row["raw.r"] as! Double, 1e-8, "\(scale) raw.r \(i)")
        expectAgrees(st.stdR, row["std.r"] as! Double, 1e-8, "\(scale) std.r \(i)")
        expectAgrees(st.rCor, row["r.cor"] as! Double, 1e-8, "\(scale) r.cor \(i)")
        expectAgrees(st.mean, row["mean"] as! Double, 1e-8, "\(scale) mean \(i)")
        expectAgrees(st.sd, row["sd"] as! Double, 1e-8, "\(scale) sd \(i)")
      }
    }
  }

  @Test func alphaFourItemsWithDuhachekAndSMC() throws {
    let ref = (try json("psych_more.json")["alpha"] as! [String: Any])["bfi_A2_A5"] as! [String: Any]
    let items = ref["items"] as! [String]
    let s = try ItemSample.from(try dataset("bfi.csv"), items: items, purpose: "test")
    #expect(s.n == ref["n"] as! Int)
    let a = try Reliability.alpha(s, name: "A", omegaTotal: Omega.total)
    let total = ref["total"] as! [String: Any]
    expectAgrees(a.alpha, total["raw_alpha"] as! Double, 1e-8, "alpha")
    let duh = numbers(ref["duhachek"])
    expectAgrees(a.duhachekLower, duh[0], 1e-8, "Duhachek lower")
    expectAgrees(a.duhachekUpper, duh[1], 1e-8, "Duhachek upper")
    let feldt = numbers(ref["feldt"])
    expectAgrees(a.alphaCILower, feldt[0], 1e-8, "Feldt lower")
    expectAgrees(a.alphaCIUpper, feldt[1], 1e-8, "Feldt upper")
    for (i, v) in numbers(ref["smc"]).enumerated() { expectAgrees(a.itemStats[i].smc, v, 1e-8, "smc \(i)") }
    for (i, v) in numbers(ref["alpha_drop"]).enumerated() { expectAgrees(a.itemStats[i].alphaIfDeleted, v, 1e-8, "alpha drop \(i)") }
    for (i, v) in numbers(ref["r_drop"]).enumerated() { expectAgrees(a.itemStats[i].citc, v, 1e-8, "r.drop \(i)") }
    // SPSS's scale mean and variance if item deleted: the sum score of the others.
    let frame = try dataset("bfi.csv")
    let cols = try items.map { try frame.numericColumn($0) }
    let rows = (0..<frame.rowCount).filter { r in cols.allSatisfy { !$0[r].isNaN } }
    let others = rows.map { r in cols[1...].reduce(0) { $0 + $1[r] } }
    let m = others.reduce(0, +) / Double(others.count)
    let v = others.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(others.count - 1)
    expectAgrees(a.itemStats[0].scaleMeanIfDeleted, m, 1e-12, "scale mean if deleted")
    expectAgrees(a.itemStats[0].scaleVarianceIfDeleted, v, 1e-10, "scale variance if deleted")
  }

  @Test func omegaTotalIsSemToolsCompRel() throws {
    let ref = try json("psych_more.json")["omega_hs_x4_x6"] as! Double
    let s = try ItemSample.from(try dataset("HolzingerSwineford1939.csv"), items: ["x4", "x5", "x6"], purpose: "test")
    let omega = try Omega.total(s)
    expectAgrees(omega, ref, 1e-5, "omega")
    let a = try Reliability.alpha(s, name: "textual", omegaTotal: Omega.total)
    #expect(a.omegaTotal == omega)
  }

  @Test func badInput() throws {
    let hs = try dataset("HolzingerSwineford1939.csv")
    let message = inputErrorMessage { _ = try ItemSample.from(hs, items: ["x1"], purpose: "reliability") }
    #expect(message?.contains("reliability needs at least 2 items") == true, "\(message ?? "no error")")
  }
}

/// The message of the InputError `body` throws (nil when it throws none).
func inputErrorMessage(_ body: () throws -> Void) -> String? {
  do { try body() } catch { return (error as? InputError).map { "\($0)" } ?? "not an InputError: \(error)" }
  return nil
}
