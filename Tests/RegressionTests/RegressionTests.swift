import Foundation
import Regression
import Survey
import Testing
import _TestSupport

/// Hierarchical OLS and PROCESS models against R (Fixtures/regression.json from
/// Fixtures/make_references.R: lm, anova, car::vif, sandwich::vcovHC(HC3);
/// PROCESS's point estimates as products of lm coefficients): point estimates
/// to 1e-8; bootstrap SEs and percentile limits within Monte-Carlo error of
/// R's own 5000 resamples.
@Suite struct RegressionTests {
  static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static var reference: [String: Any] {
    let data = try! Data(contentsOf: here.appendingPathComponent("Fixtures/regression.json"))
    return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
  }
  static func hs() throws -> DataFrame {
    try DataFrameReader.readCSV(path: referenceDataset("HolzingerSwineford1939.csv"))
  }
  static func process(_ name: String) -> [String: Any] { (reference["process"] as! [String: Any])[name] as! [String: Any] }

  func num(_ v: Any?) -> Double { (v as? NSNumber)?.doubleValue ?? .nan }
  /// jsonlite writes a vector of length 1 as a scalar.
  func nums(_ v: Any?) -> [Double] { (v as? [Any])?.map(num) ?? [num(v)] }
  func close(_ ours: Double?, _ ref: Any?, _ what: String, tol: Double = 1e-8, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgrees(ours, referenceNumber(ref), tol, what, sourceLocation: sourceLocation)
  }

  func expectCoefficients(_ rows: [CoefficientRow], _ ref: [String: Any], _ what: String) {
    let b = nums(ref["b"]), se = nums(ref["se"]), p = nums(ref["pvalue"]), lo = nums(ref["ci_lower"]), hi = nums(ref["ci_upper"])
    let beta = nums(ref["beta"]), vif = nums(ref["vif"])
    #expect(rows.count == b.count, "\(what) terms")
    // R lists interactions after main effects; match rows by term (R's "schoolPasteur" is our "school: Pasteur").
    let terms = (ref["term"] as! [String])
    for (j, term) in terms.enumerated() {
      guard let row = rows.first(where: { $0.term == term || $0.term.replacingOccurrences(of: ": ", with: "") == term }) else {
        Issue.record("\(what): no term \(term) among \(rows.map(\.term))"); continue
      }
      close(row.b, b[j], "\(what) b[\(j)]"); close(row.se, se[j], "\(what) se[\(j)]"); close(row.pvalue, p[j], "\(what) p[\(j)]")
      close(row.ciLower, lo[j], "\(what) ci[\(j)]"); close(row.ciUpper, hi[j], "\(what) ci[\(j)]")
      if j > 0 { close(row.beta, beta[j], "\(what) β[\(j)]") }
      if j > 0, vif.count > j, vif[j].isFinite { close(row.vif, vif[j], "\(what) VIF[\(j)]") }
    }
  }

  @Test func hierarchical() throws {
    let ref = Self.reference["hierarchical"] as! [String: Any]
    let blocks = (ref["blocks"] as! [[String]])
    let r = try Regression.hierarchical(try Self.hs(), outcome: "x9", blocks: blocks)
    let hc3 = try Regression.hierarchical(try Self.hs(), outcome: "x9", blocks: blocks, robust: .hc3)
    for (k, m) in (ref["models"] as! [[String: Any]]).enumerated() {
      let ours = r.models[k]
      for (key, v) in [("r2", ours.r2), ("adj_r2", ours.adjR2), ("F", ours.F), ("pvalue", ours.pvalue), ("r2_change", ours.r2Change),
                       ("F_change", ours.fChange), ("p_change", ours.pChange), ("ss_residual", ours.ssResidual)] {
        close(v, m[key], "model \(k + 1) \(key)")
      }
      #expect(ours.df1 == m["df1"] as! Int && ours.df2 == m["df2"] as! Int && ours.df1Change == m["df1_change"] as! Int)
      expectCoefficients(ours.coefficients, m["coefficients"] as! [String: Any], "model \(k + 1)")
      if let h = m["hc3"] as? [String: Any] {
        let b = nums(h["se"]), p = nums(h["pvalue"])
        for (j, row) in hc3.models[k].coefficients.enumerated() {
          close(row.se, b[j], "HC3 se[\(j)]"); close(row.pvalue, p[j], "HC3 p[\(j)]")
        }
      }
    }
    #expect(r.models[2].references["school"] == "Grant-White")
    #expect(r.models[2].coefficients.last?.term == "school: Pasteur")
    let z = try Regression.hierarchical(try Self.hs(), outcome: "x9", blocks: [["x1", "x4", "x7"]], standardize: true)
    let zb = nums((Self.reference["standardized"] as! [String: Any])["b"])
    for j in 1..<4 { close(z.models[0].coefficients[j].b, zb[j], "standardized b[\(j)]") }
  }

  @Test func collinearAndConstantPredictorsAreNamed() throws {
    var frame = try Self.hs()
    let x1 = try frame.numericColumn("x1"), x4 = try frame.numericColumn("x4")
    frame.columns.append(Column(name: "sum14", values: .numeric(zip(x1, x4).map(+))))
    frame.columns.append(Column(name: "k", values: .numeric(Array(repeating: 3, count: frame.rowCount))))
    do {
      _ = try Regression.hierarchical(frame, outcome: "x9", blocks: [["x1", "x4", "sum14"]])
      Issue.record("collinear design accepted")
    } catch let e as InputError {
      #expect(e.description.contains("sum14") && e.description.contains("collinear"))
    }
    do {
      _ = try Regression.hierarchical(frame, outcome: "x9", blocks: [["x1", "k"]])
      Issue.record("constant predictor accepted")
    } catch let e as InputError {
      #expect(e.description.contains("'k'"))
    }
  }

  func run(_ model: ProcessModel, m: [String] = [], w: String? = nil, z: String? = nil, cov: [String] = [], boot: Int = 0,
           threads: Int? = nil) throws -> ProcessResult {
    var o = ProcessOptions()
    o.bootstrap = boot
    o.threads = threads
    return try Process.run(try Self.hs(), model: model, variables: ProcessVariables(x: "x1", y: "x9", m: m, w: w, z: z, covariates: cov), options: o)
  }

  func expectOutcomeModels(_ r: ProcessResult, _ ref: [String: Any], _ what: String) {
    for (k, m) in (ref["outcome_models"] as! [[String: Any]]).enumerated() {
      close(r.outcomeModels[k].r2, m["r2"], "\(what) eq \(k) R²"); close(r.outcomeModels[k].F, m["F"], "\(what) eq \(k) F")
      expectCoefficients(r.outcomeModels[k].coefficients, m["coefficients"] as! [String: Any], "\(what) eq \(k)")
    }
  }

  @Test func moderationModels() throws {
    let r1 = try run(.m1, w: "x7", cov: ["ageyr"])
    let ref1 = Self.process("model1")
    expectOutcomeModels(r1, ref1, "model 1")
    for (i, c) in (ref1["conditional"] as! [[String: Any]]).enumerated() {
      let ours = r1.conditionalEffects[i]
      close(ours.w, nums(ref1["w"])[i], "model 1 w[\(i)]")
      close(ours.effect, c["effect"], "model 1 θ[\(i)]"); close(ours.se, c["se"], "model 1 se[\(i)]")
      close(ours.pvalue, c["pvalue"], "model 1 p[\(i)]"); close(ours.ciLower, c["ci_lower"], "model 1 ci[\(i)]")
    }
    // Simple slopes: R's predict() at x1 = mean ± SD for each probed x7 (grid order: x1 fastest).
    let slopes = try #require(r1.simpleSlopes)
    for (i, v) in nums(ref1["slopes"]).enumerated() { close(slopes[i].yhat, v, "simple slope ŷ[\(i)]") }
    let bounds = nums(ref1["jn_bounds"])
    #expect(r1.johnsonNeyman?.bounds.count == bounds.count)
    for (a, b) in zip(r1.johnsonNeyman!.bounds, bounds) { close(a, b, "J–N bound") }
    // At a J–N bound the effect is just significant: p = .05.
    // The table's row at our own first bound (which matches R's within the tolerance above).
    let ownBound = r1.johnsonNeyman!.bounds[0]
    let atBound = try #require(r1.johnsonNeyman!.table.first { abs(($0.w ?? 0) - ownBound) <= 1e-12 * max(1, abs(ownBound)) })
    close(atBound.pvalue, 0.05, "p at the J–N bound")
    let sex = try run(.m1, w: "sex")
    for (i, c) in (Self.process("model1_sex")["conditional"] as! [[String: Any]]).enumerated() {
      close(sex.conditionalEffects[i].w, Double(i + 1), "dichotomous W value")
      close(sex.conditionalEffects[i].effect, c["effect"], "dichotomous θ[\(i)]"); close(sex.conditionalEffects[i].se, c["se"], "dichotomous se[\(i)]")
    }
    for (model, name) in [(ProcessModel.m2, "model2"), (.m3, "model3")] {
      let r = try run(model, w: "x7", z: "x2")
      let ref = Self.process(name)
      expectOutcomeModels(r, ref, name)
      let rows = ref["conditional"] as! [[String: Any]]
      #expect(r.conditionalEffects.count == rows.count)
      for c in rows {
        let ours = r.conditionalEffects.first { abs($0.w! - num(c["w"])) < 1e-9 && abs($0.z! - num(c["z"])) < 1e-9 }
        close(ours?.effect, c["effect"], "\(name) θ"); close(ours?.se, c["se"], "\(name) se")
      }
    }
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func mediationModels() throws {
    let r4 = try run(.m4, m: ["x4", "x5"], cov: ["ageyr"], boot: 5000)
    let ref4 = Self.process("model4")
    expectOutcomeModels(r4, ref4, "model 4")
    let total = ref4["total"] as! [String: Any]
    close(r4.total?.effect, nums(total["b"])[1], "model 4 total c"); close(r4.total?.se, nums(total["se"])[1], "model 4 total se")
    close(r4.total?.ciLower, nums(total["ci_lower"])[1], "model 4 total ci")
    #expect(r4.indirect.map(\.path) == ["x1 → x4 → x9", "x1 → x5 → x9", "total"])
    expectBootstrap(r4.indirect, ref4["indirect"], ref4["boot"] as! [String: Any], "model 4")
    let r6 = try run(.m6, m: ["x4", "x5"])
    let ref6 = Self.process("model6")
    expectOutcomeModels(r6, ref6, "model 6")
    #expect(r6.indirect.map(\.path) == ["x1 → x4 → x9", "x1 → x4 → x5 → x9", "x1 → x5 → x9", "total"])
    for (i, v) in nums(ref6["indirect"]).enumerated() { close(r6.indirect[i].effect, v, "model 6 indirect \(i)") }
  }

  func expectBootstrap(_ ours: [BootstrapEffect], _ estimates: Any?, _ boot: [String: Any], _ what: String) {
    let est = nums(estimates), se = nums(boot["se"]), lo = nums(boot["lower"]), hi = nums(boot["upper"])
    for (i, e) in ours.enumerated() {
      close(e.effect, est[i], "\(what) effect \(i)")
      // R's 5000 resamples against ours: SE within 6%, limits within a quarter of an SE.
      #expect(abs(e.bootSE - se[i]) <= 0.06 * se[i], "\(what) boot SE \(i): ours \(e.bootSE), R \(se[i])")
      #expect(abs(e.bootLower - lo[i]) <= 0.25 * se[i], "\(what) lower \(i): ours \(e.bootLower), R \(lo[i])")
      #expect(abs(e.bootUpper - hi[i]) <= 0.25 * se[i], "\(what) upper \(i): ours \(e.bootUpper), R \(hi[i])")
    }
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func moderatedMediationModels() throws {
    let r7 = try run(.m7, m: ["x4"], w: "x7", boot: 5000)
    let ref7 = Self.process("model7")
    expectOutcomeModels(r7, ref7, "model 7")
    expectBootstrap(r7.indirect + r7.indexOfModeratedMediation, ref7["estimates"], ref7["boot"] as! [String: Any], "model 7")
    for (model, name) in [(ProcessModel.m8, "model8"), (.m14, "model14"), (.m15, "model15"), (.m58, "model58"), (.m59, "model59")] {
      let r = try run(model, m: ["x4"], w: "x7", boot: 200)
      let ref = Self.process(name)
      expectOutcomeModels(r, ref, name)
      for (i, v) in nums(ref["indirect"]).enumerated() { close(r.indirect[i].effect, v, "\(name) indirect at w[\(i)]") }
      if ref["index"] != nil {
        close(r.indexOfModeratedMediation.first?.effect, ref["index"], "\(name) index")
        #expect(r.contrasts.isEmpty)
      } else {
        #expect(r.indexOfModeratedMediation.isEmpty && r.contrasts.count == 3, "\(name): contrasts, no index")
      }
      if let direct = ref["direct"] as? [[String: Any]] {
        for (i, c) in direct.enumerated() {
          close(r.direct[i].effect, c["effect"], "\(name) direct[\(i)]"); close(r.direct[i].se, c["se"], "\(name) direct se[\(i)]")
        }
      } else {
        #expect(r.direct.count == 1 && r.direct[0].moderator == nil)
      }
    }
  }

  @Test func bootstrapIsTheSameOnAnyThreadCount() throws {
    let one = try run(.m7, m: ["x4"], w: "x7", boot: 1000, threads: 1)
    let two = try run(.m7, m: ["x4"], w: "x7", boot: 1000, threads: 2)
    let five = try run(.m7, m: ["x4"], w: "x7", boot: 1000, threads: 5)
    #expect(one.indirect == two.indirect && one.indirect == five.indirect)
    #expect(one.indexOfModeratedMediation == two.indexOfModeratedMediation)
  }

  @Test func processBadInput() throws {
    #expect(throws: InputError.self) { _ = try run(.m4, w: "x7") }
    #expect(throws: InputError.self) { _ = try run(.m1, m: ["x4"], w: "x7") }
    #expect(throws: InputError.self) { _ = try run(.m2, w: "x7") }
    #expect(throws: InputError.self) { _ = try run(.m6, m: ["x4"]) }
    #expect(throws: InputError.self) { _ = try run(.m7, m: ["x1"], w: "x7") }
  }
}
