import Foundation
import Psychometrics
import Survey
import Testing
import _TestSupport

/// psych::corr.test (psych_more.json, Fixtures/make_references.R).
@Suite struct CorrelationTests {
  func compare(_ t: CorrelationTable, r: [[Double]], p: [[Double]], n: [[Double]]? = nil, _ what: String) {
    for i in r.indices {
      for j in r.indices {
        expectAgrees(t.r[i][j], r[i][j], 1e-10, "\(what) r[\(i), \(j)]")
        // psych puts Holm-adjusted p above the diagonal and raw p below: ours are raw.
        if i > j { expectAgrees(t.p[i][j], p[i][j], 1e-6, "\(what) p[\(i), \(j)]") }
        if let n { #expect(Double(t.n[i][j]) == n[i][j]) }
      }
    }
  }

  @Test func pearsonAndSpearman() throws {
    let ref = try json("psych_more.json")["corr"] as! [String: Any]
    let hs = try dataset("HolzingerSwineford1939.csv")
    let vars = ["x1", "x2", "x3", "x4"]
    compare(try CorrelationTable.compute(hs, variables: vars), r: matrix(ref["pearson_r"]), p: matrix(ref["pearson_p"]), "pearson")
    compare(try CorrelationTable.compute(hs, variables: vars, method: .spearman), r: matrix(ref["spearman_r"]), p: matrix(ref["spearman_p"]), "spearman")
  }

  @Test func pairwiseDeletion() throws {
    let ref = try json("psych_more.json")["corr"] as! [String: Any]
    let bfi = try dataset("bfi.csv")
    let t = try CorrelationTable.compute(bfi, variables: ["A1", "C1", "E1", "N1", "O1"], missing: .pairwise)
    compare(t, r: matrix(ref["pairwise_r"]), p: matrix(ref["pairwise_p"]), n: matrix(ref["pairwise_n"]), "pairwise")
  }

  @Test func stars() {
    #expect(CorrelationTable.stars(0.0004) == "***")
    #expect(CorrelationTable.stars(0.004) == "**")
    #expect(CorrelationTable.stars(0.04) == "*")
    #expect(CorrelationTable.stars(0.06) == "")
  }
}
