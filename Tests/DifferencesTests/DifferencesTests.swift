import Differences
import Foundation
import Survey
import Testing
import _TestSupport

/// t tests, one-way ANOVA with post-hoc comparisons, Levene's test and
/// cross-tabulations against R (Fixtures/differences.json from
/// Fixtures/make_references.R: t.test, car::leveneTest(center = mean), aov,
/// oneway.test, TukeyHSD, pairwise.t.test, chisq.test, fisher.test), to 1e-8.
@Suite struct DifferencesTests {
  static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static func reference(_ section: String) -> [String: Any] {
    let data = try! Data(contentsOf: here.appendingPathComponent("Fixtures/differences.json"))
    return (try! JSONSerialization.jsonObject(with: data) as! [String: Any])[section] as! [String: Any]
  }
  static func dataset(_ name: String) throws -> DataFrame {
    try DataFrameReader.readCSV(path: referenceDataset(name))
  }
  func frame(_ y: String) throws -> DataFrame {
    try Self.dataset(y.hasPrefix("x") || ["school", "sex", "ageyr", "grade"].contains(y) ? "HolzingerSwineford1939.csv" : "bfi.csv")
  }

  func close(_ ours: Double?, _ ref: Any?, _ what: String, tol: Double = 1e-8, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgrees(ours, referenceNumber(ref), tol, what, sourceLocation: sourceLocation)
  }
  func pair(_ v: Any?) -> [Double] { (v as! [Any]).map { ($0 as? NSNumber)!.doubleValue } }

  @Test(arguments: ["hs_x1_school", "hs_x4_school_reordered", "hs_x7_sex", "bfi_A1_gender"])
  func independent(_ name: String) throws {
    let r = Self.reference("ttest")[name] as! [String: Any]
    let f = try frame(r["variable"] as! String)
    let levels = r["levels"] as! [String]
    let g = try Categorical.from(f, column: r["group"] as! String, only: name.contains("reordered") ? levels : nil)
    #expect(g.levels == levels)
    let rows = try TTest.independent(GroupedSample.from(f, variable: r["variable"] as! String, by: g))
    for row in rows {
      let ref = r[row.kind.rawValue] as! [String: Any]
      #expect(row.n1 == r["n1"] as! Int && row.n2 == r["n2"] as? Int)
      close(row.mean1, r["mean1"], "\(name) mean1"); close(row.sd2, r["sd2"], "\(name) sd2")
      close(row.t, ref["t"], "\(name) \(row.kind) t"); close(row.df, ref["df"], "\(name) \(row.kind) df")
      close(row.pvalue, ref["pvalue"], "\(name) \(row.kind) p"); close(row.meanDiff, ref["mean_diff"], "\(name) diff")
      close(row.ciLower, pair(ref["ci"])[0], "\(name) \(row.kind) ci lower"); close(row.ciUpper, pair(ref["ci"])[1], "\(name) \(row.kind) ci upper")
      close(row.d, r["d"], "\(name) d")
      let lev = r["levene"] as! [String: Any]
      close(row.levene?.F, lev["F"], "\(name) Levene F"); close(row.levene?.pvalue, lev["pvalue"], "\(name) Levene p")
      #expect(row.levene?.df1 == lev["df1"] as? Int && row.levene?.df2 == lev["df2"] as? Int)
    }
  }

  @Test func pairedAndOneSample() throws {
    let hs = try Self.dataset("HolzingerSwineford1939.csv")
    let p = Self.reference("paired")
    let row = try TTest.paired(hs, "x4", "x5")
    close(row.t, p["t"], "paired t"); close(row.df, p["df"], "paired df"); close(row.pvalue, p["pvalue"], "paired p")
    close(row.ciLower, pair(p["ci"])[0], "paired ci"); close(row.ciUpper, pair(p["ci"])[1], "paired ci")
    close(row.d, p["d"], "paired d_z"); close(row.mean2, p["mean2"], "paired mean2")
    let o = Self.reference("one_sample")
    let one = try TTest.oneSample(hs, "x1", mu: 5)
    close(one.t, o["t"], "one-sample t"); close(one.pvalue, o["pvalue"], "one-sample p")
    // R's interval is for the mean; ours (SPSS's) for the difference from μ.
    close(one.ciLower + 5, pair(o["ci"])[0], "one-sample ci"); close(one.ciUpper + 5, pair(o["ci"])[1], "one-sample ci")
    close(one.d, o["d"], "one-sample d")
  }

  @Test(arguments: ["bfi_A2_education", "hs_x1_ageyr"])
  func anova(_ name: String) throws {
    let r = Self.reference("anova")[name] as! [String: Any]
    let f = try frame(r["group"] as! String == "education" ? "A2" : "x1")
    let g = try Categorical.from(f, column: r["group"] as! String)
    let a = try ANOVA.oneWay(GroupedSample.from(f, variable: r["variable"] as! String, by: g), posthoc: PostHocMethod.allCases)
    #expect(a.levels == r["levels"] as! [String])
    close(a.F, r["F"], "\(name) F"); close(a.pvalue, r["pvalue"], "\(name) p")
    #expect(a.df1 == r["df1"] as! Int && a.df2 == r["df2"] as! Int)
    close(a.eta2, r["eta2"], "\(name) η²"); close(a.omega2, r["omega2"], "\(name) ω²")
    for (key, ours) in [("welch", a.welch), ("brown_forsythe", a.brownForsythe)] {
      let ref = r[key] as! [String: Any]
      close(ours.F, ref["F"], "\(name) \(key) F"); close(ours.df2, ref["df2"], "\(name) \(key) df2"); close(ours.pvalue, ref["pvalue"], "\(name) \(key) p")
    }
    let lev = r["levene"] as! [String: Any]
    close(a.levene.F, lev["F"], "\(name) Levene F"); close(a.levene.pvalue, lev["pvalue"], "\(name) Levene p")
    // R's rows: pairs i < j with diff = mean_j − mean_i; ours are I − J.
    let refRows = r["posthoc"] as! [[String: Any]]
    for method in PostHocMethod.allCases {
      let ours = a.posthoc.filter { $0.method == method }
      #expect(ours.count == refRows.count)
      let key = method == .gamesHowell ? "games_howell" : method.rawValue
      for (o, ref) in zip(ours, refRows) {
        #expect(o.group1 == ref["group1"] as! String && o.group2 == ref["group2"] as! String)
        let m = ref[key] as! [String: Any]
        close(-o.diff, ref["diff"], "\(name) \(method) diff")
        close(o.se, m["se"], "\(name) \(method) se")
        close(o.pvalue, m["pvalue"], "\(name) \(method) p \(o.group1)-\(o.group2)", tol: method == .tukey || method == .gamesHowell ? 1e-6 : 1e-8)
        close(-o.ciUpper, pair(m["ci"])[0], "\(name) \(method) ci", tol: 1e-7)
        close(-o.ciLower, pair(m["ci"])[1], "\(name) \(method) ci", tol: 1e-7)
      }
    }
  }

  @Test(arguments: ["hs_school_sex", "bfi_gender_education", "hs_ageyr_grade"])
  func crosstab(_ name: String) throws {
    let r = Self.reference("crosstab")[name] as! [String: Any]
    let f = try frame(r["rows"] as! String == "gender" ? "A1" : "x1")
    let c = try Crosstab.compute(rows: Categorical.from(f, column: r["rows"] as! String), cols: Categorical.from(f, column: r["cols"] as! String))
    #expect(c.rowLevels == r["row_levels"] as! [String] && c.colLevels == r["col_levels"] as! [String])
    #expect(c.counts == (r["counts"] as! [[Int]]))
    close(c.chisq, r["chisq"], "\(name) χ²"); close(c.pvalue, r["pvalue"], "\(name) p")
    #expect(c.df == r["df"] as! Int)
    close(c.lrChisq, r["lr_chisq"], "\(name) G²"); close(c.cramersV, r["cramers_v"], "\(name) V")
    close(c.expectedMin, r["expected_min"], "\(name) min E")
    if r["fisher_p"] != nil {
      close(c.yatesChisq, r["yates_chisq"], "\(name) Yates"); close(c.yatesPvalue, r["yates_pvalue"], "\(name) Yates p")
      close(c.fisherP, r["fisher_p"], "\(name) Fisher p")
    } else {
      #expect(c.fisherP == nil)
    }
    #expect(name != "hs_ageyr_grade" || !c.warnings.isEmpty)
  }

  @Test func badInput() throws {
    let hs = try Self.dataset("HolzingerSwineford1939.csv")
    let ages = try Categorical.from(hs, column: "ageyr")
    #expect(throws: InputError.self) { _ = try TTest.independent(GroupedSample.from(hs, variable: "x1", by: ages)) }
    #expect(throws: InputError.self) { _ = try Categorical.from(hs, column: "school", only: ["Pasteur", "Nowhere"]) }
    let one = try Categorical.from(hs, column: "school", only: ["Pasteur"])
    #expect(throws: InputError.self) { _ = try ANOVA.oneWay(GroupedSample.from(hs, variable: "x1", by: one)) }
  }
}
