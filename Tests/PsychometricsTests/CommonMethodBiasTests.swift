import Foundation
import Psychometrics
import Validity
import Survey
import Testing
import _TestSupport

/// Common method bias against R (Fixtures/cmb_study.json from
/// Fixtures/make_cmb_reference.R): Harman's shares from psych::principal and
/// psych::fa, the one-factor and the measurement CFA and the ULMC from lavaan.
@Suite struct CommonMethodBiasTests {
  @Test func threeScalesOfTheStudyData() throws {
    let ref = try json("cmb_study.json")
    let path = datasets.deletingLastPathComponent().appendingPathComponent("cluster-enterprise/responses.csv").path
    let raw = try DataFrameReader.readCSV(path: path, options: CSVOptions(missingCodes: ["-2", "-3"]))
    var columns: [Column] = []
    for (start, stem) in [(12, "RE"), (45, "KR"), (50, "IG")] {
      for k in 0..<5 { columns.append(Column(name: "\(stem)\(k + 1)", values: .numeric(try raw.numericColumn(raw.names[start + k])))) }
    }
    let frame = DataFrame(source: path, columns: columns, rowCount: raw.rowCount)
    let scales = ["RE", "KR", "IG"].map { s in (name: s, items: (1...5).map { "\(s)\($0)" }) }
    let c = try CommonMethodBias.run(frame, scales: scales)
    #expect(c.n == ref["n"] as! Int)
    expectAgrees(c.harmanPCA, ref["harman_pca"] as! Double, 1e-8, "Harman PCA share")
    expectAgrees(c.firstEigenvalue, ref["first_eigenvalue"] as! Double, 1e-8, "first eigenvalue")
    expectAgrees(c.harmanEFA, ref["harman_fa"] as! Double, 1e-4, "Harman one-factor share")
    #expect(c.kaiser == ref["kaiser"] as! Int)
    for (ours, key) in [(c.measurement, "measurement"), (c.oneFactor, "one_factor"), (c.ulmc!, "ulmc")] {
      let f = ref[key] as! [String: Any]
      for (v, k) in [(ours.chisq, "chisq"), (ours.df, "df"), (ours.cfi, "cfi"), (ours.tli, "tli"), (ours.rmsea, "rmsea"), (ours.srmr, "srmr")] {
        expectAgrees(v, (f[k] as! NSNumber).doubleValue, 1e-5, "\(key) \(k)")
      }
    }
    expectAgrees(c.deltaChisq, ref["delta_chisq"] as! Double, 1e-5, "Δχ²")
    #expect(c.deltaDf == (ref["delta_df"] as! NSNumber).doubleValue)
    expectAgrees(c.methodVariance!, ref["method_variance"] as! Double, 1e-5, "method variance")
    expectAgrees(c.traitVariance!, ref["trait_variance"] as! Double, 1e-5, "trait variance")
    // lavaan warns that the latent covariance matrix is not positive definite; so do we.
    #expect(c.warnings.contains { $0.en.hasPrefix("method-factor model") })
  }
}
