import Foundation
import Testing
import _TestSupport
@testable import SEM

// References: semTools 0.5.6 compRelSEM(fit), AVE(fit), htmt(model, data) and
// lavInspect(fit, "cor.lv") (Fixtures/make_references.R): HS three-factor CFA,
// and the bfi A, C, E factors (listwise), whose reverse-keyed items load
// negatively, so their CR collapses — and ClusterStat says why.

struct ReliabilityReference: Decodable {
  struct Mat: Decodable { var factors: [String]; var values: [[Double]] }
  var model: String
  var cr: [String: Double]
  var ave: [String: Double]
  var htmt: Mat
  var cov_lv: Mat
}

@Suite struct MeasurementTests {
  @Test(arguments: [("hs_reliability", "HolzingerSwineford1939.csv"), ("bfi_reliability", "bfi.csv")])
  func matchesSemTools(name: String, data: String) throws {
    let ref = try JSONDecoder().decode(ReliabilityReference.self,
      from: Data(contentsOf: packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/\(name).json")))
    let frame = try dataset(data)
    let f = try SEM.fit(try SEMModel(syntax: ref.model, data: frame))
    let q = try Measurement.assess(f, data: frame)
    #expect(q.factors == ref.htmt.factors)
    for r in q.reliability {
      #expect(agrees(r.cr, ref.cr[r.factor]), "\(name) CR \(r.factor): \(r.cr) vs \(ref.cr[r.factor]!)")
      #expect(agrees(r.ave, ref.ave[r.factor]), "\(name) AVE \(r.factor): \(r.ave) vs \(ref.ave[r.factor]!)")
    }
    for i in q.factors.indices {
      for j in q.factors.indices {
        #expect(agrees(q.htmt[i][j], ref.htmt.values[i][j], 1e-10), "\(name) HTMT \(i),\(j)")
        #expect(agrees(q.correlations[i][j], ref.cov_lv.values[i][j]), "\(name) cor.lv \(i),\(j)")
      }
    }
    if name == "bfi_reliability" {
      #expect(q.warnings.contains(.negativeLoadings(factor: "C", items: ["C4", "C5"])))
    }
  }
}
