import Foundation
import Testing
import _TestSupport
@testable import SEM
import Survey

// WLSMV, DWLS, ULSMV and WLS fits of ordered indicators against lavaan 0.6.14
// at the exact optimum (Fixtures/ordinal/hs_ordinal_wlsmv.R): HS x1–x9 cut at
// their quartiles into 1–4, the three-factor CFA with ordered = all nine.
// lavaan's sample statistics are within 3e-8 of the exact polychorics used here.

private let ordinalDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ordinal")

private func ordinalReference(_ name: String) throws -> [String: Any] {
  try JSONSerialization.jsonObject(with: Data(contentsOf: ordinalDir.appendingPathComponent("\(name).json"))) as! [String: Any]
}

private let hsModel = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"

private let bfiModel = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5\nE =~ E1 + E2 + E3 + E4 + E5\nC ~ A + E"

func fitOrdinal(_ estimator: EstimatorKind, meanAndVariance: Bool, group: String? = nil, bfi: Bool = false,
                parameterization: Parameterization = .delta, groupEqual: [GroupEqual] = [], syntax: String? = nil,
                measurement: Bool = false, modindices: Bool = false) throws -> (FittedModel, SEMResult) {
  let path = bfi ? ordinalDir.appendingPathComponent("../../../../Datasets/reference/bfi.csv").standardized.path
    : ordinalDir.appendingPathComponent("hs_ordinal.csv").path
  let frame = try Ingest.load(path: path).frame
  var options = SEMOptions(estimator: estimator)
  options.ordered = bfi ? ["A", "C", "E"].flatMap { t in (1...5).map { "\(t)\($0)" } } : (1...9).map { "x\($0)" }
  options.meanAndVariance = meanAndVariance
  options.parameterization = parameterization
  options.model.groupEqual = groupEqual
  let model = try SEMModel(syntax: syntax ?? (bfi ? bfiModel : hsModel), data: frame, options: options, group: group)
  return try SEM.analyse(model, data: frame, measurement: measurement, modindices: modindices)
}


/// Every estimate, SE, std.lv and std.all, every fitMeasures() key (and no
/// other) within 1e-5·max(|ref|, 0.01) of a lavaan reference.
func expectMatches(_ name: String, _ ref: [String: Any], _ r: SEMResult) {
  var worst = 0.0
  for row in ref["parameterEstimates"] as! [[String: Any]] {
    let lhs = row["lhs"] as! String, op = row["op"] as! String, rhs = row["rhs"] as! String
    let group = (row["group"] as? Int) ?? 1
    guard let ours = r.parameters.first(where: { $0.lhs == lhs && $0.op.rawValue == op && $0.rhs == rhs && $0.group == group }) else {
      Issue.record("\(name): no row \(lhs) \(op) \(rhs)"); continue
    }
    for (key, value) in [("est", ours.est), ("se", ours.se), ("std.lv", ours.stdLV), ("std.all", ours.stdAll)] as [(String, Double)] {
      guard let v = (row[key] as? NSNumber)?.doubleValue else { continue }
      let d = abs(value - v) / max(abs(v), 0.01)
      worst = max(worst, d)
      #expect(d <= 1e-5, "\(name) \(lhs) \(op) \(rhs) \(key): ours \(value), lavaan \(v)")
    }
  }
  let fit = ref["fitMeasures"] as! [String: Any]
  for (key, any) in fit {
    guard let v = (any as? NSNumber)?.doubleValue else { continue }
    guard let ours = r.fit[key] else { Issue.record("\(name): no \(key)"); continue }
    #expect(abs(ours - v) <= 1e-5 * max(abs(v), 0.01), "\(name) \(key): ours \(ours), lavaan \(v)")
  }
  // The same keys as lavaan's fitMeasures(), no more (no likelihood, no ECVI, no srmr_mplus).
  let theirs = Set(fit.compactMap { k, v in v is NSNull ? nil : k })
  let ours = Set(zip(r.fit.values.names, r.fit.values.values).compactMap { $1.isNaN ? nil : $0 })
  #expect(ours == theirs, "\(name): keys differ: \(ours.symmetricDifference(theirs).sorted())")
  #expect(worst < 1e-6, "\(name): largest relative difference \(worst)")
}

struct OrdinalSEMTests {
  @Test(arguments: [("hs_ordinal_wlsmv", EstimatorKind.dwls, true), ("hs_ordinal_dwls", .dwls, false),
                    ("hs_ordinal_ulsmv", .uls, true), ("hs_ordinal_wls", .wls, false), ("hs_ordinal_wlsmv_school", .dwls, true),
                    ("bfi_ordinal_sem", .dwls, true), ("hs_ordinal_wlsmv_theta", .dwls, true), ("hs_ordinal_school_loadings", .dwls, true),
                    ("hs_ordinal_wlsmv_school_eq", .dwls, true)])
  func matchesLavaan(_ name: String, _ estimator: EstimatorKind, _ mv: Bool) throws {
    let ref = try ordinalReference(name)
    let (_, r) = try fitOrdinal(estimator, meanAndVariance: mv, group: name.contains("school") ? "school" : nil, bfi: name.hasPrefix("bfi"),
                               parameterization: name.hasSuffix("theta") ? .theta : .delta,
                               groupEqual: name.hasSuffix("loadings") ? [.loadings] : name.hasSuffix("_eq") ? [.thresholds, .loadings] : [])
    expectMatches(name, ref, r)
    #expect(r.estimator == (mv ? (estimator == .uls ? "ULSMV" : "WLSMV") : estimator.rawValue.uppercased()))
    if let r2 = ref["r2"] as? [String: Any] {
      for (name, v) in r2 { if let v = (v as? NSNumber)?.doubleValue { #expect(abs((r.r2[name] ?? .nan) - v) <= 1e-5 * max(v, 0.01), "R² \(name)") } }
    }
  }
}

extension OrdinalSEMTests {
  /// HTMT of ordered items from their polychoric correlations, as semTools'
  /// htmt(ordered =) (Fixtures/ordinal/hs_ordinal_htmt.R; lavCor's polychorics
  /// there are within 3e-8 of the exact ones used here).
  @Test func htmtFromPolychorics() throws {
    let ref = try ordinalReference("hs_ordinal_htmt")
    let (_, r) = try fitOrdinal(.dwls, meanAndVariance: true, measurement: true)
    let htmt = (ref["htmt"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
    let ours = try #require(r.discriminant?.htmt)
    for i in 0..<3 { for j in 0..<3 { #expect(abs(ours[i][j] - htmt[i][j]) < 1e-6, "HTMT \(i)\(j)") } }
  }
}

extension OrdinalSEMTests {
  /// Modification indices under WLSMV (Fixtures/ordinal/hs_ordinal_modindices.R: lavaan's modindices()),
  /// all indicators ordered and x1–x3 continuous.
  @Test(arguments: ["hs_ordinal_modindices", "mixed_ordinal_modindices"])
  func modificationIndicesAsLavaan(_ name: String) throws {
    let ref = try ordinalReference(name)
    let r: SEMResult
    if name.hasPrefix("mixed") {
      let frame = try Ingest.load(path: ordinalDir.appendingPathComponent("hs_mixed.csv").path).frame
      var options = SEMOptions(estimator: .dwls)
      options.ordered = (4...9).map { "x\($0)" }
      options.meanAndVariance = true
      r = try SEM.analyse(try SEMModel(syntax: hsModel, data: frame, options: options), data: frame, modindices: true).1
    } else {
      r = try fitOrdinal(.dwls, meanAndVariance: true, modindices: true).1
    }
    let ours = try #require(r.modindices)
    let rows = ref["modindices"] as! [[String: Any]]
    #expect(ours.count == rows.count, "\(ours.count) candidates, lavaan \(rows.count)")
    for row in rows {
      let lhs = row["lhs"] as! String, op = row["op"] as! String, rhs = row["rhs"] as! String
      guard let m = ours.first(where: { $0.lhs == lhs && $0.op.rawValue == op && $0.rhs == rhs }) else { Issue.record("no MI for \(lhs) \(op) \(rhs)"); continue }
      for (key, value) in [("mi", m.mi), ("epc", m.epc), ("sepc.lv", m.sepcLV), ("sepc.all", m.sepcAll)] as [(String, Double)] {
        let v = (row[key] as! NSNumber).doubleValue
        #expect(abs(value - v) <= 1e-5 * max(abs(v), 0.01), "\(lhs) \(op) \(rhs) \(key): ours \(value), lavaan \(v)")
      }
    }
  }
}

extension OrdinalSEMTests {
  /// A saturated ordinal model (one factor, three indicators, df = 0): lavaan's
  /// fitMeasures() give chisq.scaling.factor NA and cfi.robust = tli.robust = 1, rmsea.robust = 0.
  @Test func saturatedModelHasNoScaling() throws {
    let (_, r) = try fitOrdinal(.dwls, meanAndVariance: true, syntax: "visual =~ x1 + x2 + x3")
    #expect(r.fit["df"] == 0 && r.fit["chisq.scaling.factor"]!.isNaN)
    #expect(r.fit["cfi.robust"] == 1 && r.fit["tli.robust"] == 1 && r.fit["rmsea.robust"] == 0)
  }
}

// Thresholds in the syntax (a shared label, a fixed value; delta and theta),
// bfi by gender with equal thresholds and loadings (WLSMV and ULSMV), and HS
// in three groups with equal thresholds and loadings, against lavaan 0.6.14
// at the exact optimum (Fixtures/ordinal/threshold_syntax.R).
struct ThresholdSyntaxTests {
  @Test(arguments: ["thr_labels_hs", "thr_labels_hs_theta", "bfi_groups_eq", "bfi_groups_eq_ulsmv", "bfi_groups_eq_theta", "hs_three_groups"])
  func matchesLavaan(_ name: String) throws {
    let ref = try ordinalReference(name)
    let bfi = name.hasPrefix("bfi")
    let path = bfi ? ordinalDir.appendingPathComponent("../../../../Datasets/reference/bfi.csv").standardized.path
      : ordinalDir.appendingPathComponent(name == "hs_three_groups" ? "hs_ordinal_3groups.csv" : "hs_ordinal.csv").path
    let frame = try Ingest.load(path: path).frame
    var options = SEMOptions(estimator: name.hasSuffix("ulsmv") ? .uls : .dwls)
    options.meanAndVariance = true
    options.ordered = bfi ? ["A", "C"].flatMap { t in (1...5).map { "\(t)\($0)" } } : (1...9).map { "x\($0)" }
    options.parameterization = name.hasSuffix("theta") ? .theta : .delta
    if bfi || name == "hs_three_groups" { options.model.groupEqual = [.thresholds, .loadings] }
    let syntax = ref["model"] as! String
    let group: String? = bfi ? "gender" : name == "hs_three_groups" ? "grp" : nil
    let (_, r) = try SEM.analyse(try SEMModel(syntax: syntax, data: frame, options: options, group: group), data: frame)
    #expect(r.nobs == (ref["nobs"] as! [Int]), "\(name)")
    expectMatches(name, ref, r)
  }
}

// Measurement invariance with ordered indicators against semTools 0.5.6's
// measEq.syntax (Wu & Estabrook 2016, delta, std.lv) fitted by lavaan 0.6.14
// (WLSMV, exact optimum) and lavTestLRT's satorra.2000 difference test
// (Fixtures/ordinal/invariance_ordinal.R): HS ordinal by school, and bfi
// agreeableness/conscientiousness by gender (6 categories, 2632 complete rows),
// and HS with x1–x3 continuous (their intercepts tied at the scalar step, their
// residual variances at the strict one).
struct OrdinalInvarianceTests {
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled), arguments: ["hs", "bfi", "mixed"])
  func stepsAndDifferenceTestsMatchLavaan(_ data: String) throws {
    let ref = try ordinalReference("invariance_ordinal_\(data)")
    let bfi = data == "bfi"
    let path = bfi ? ordinalDir.appendingPathComponent("../../../../Datasets/reference/bfi.csv").standardized.path
      : ordinalDir.appendingPathComponent(data == "mixed" ? "hs_mixed.csv" : "hs_ordinal.csv").path
    let frame = try Ingest.load(path: path).frame
    var options = SEMOptions(estimator: .dwls)
    options.meanAndVariance = true
    options.ordered = bfi ? ["A", "C"].flatMap { t in (1...5).map { "\(t)\($0)" } } : ((data == "mixed" ? 4 : 1)...9).map { "x\($0)" }
    let model = bfi ? "agree =~ A1 + A2 + A3 + A4 + A5\nconsc =~ C1 + C2 + C3 + C4 + C5" : hsModel
    let r = try Invariance.run(syntax: model, data: frame, group: bfi ? "gender" : "school", options: options)
    let steps = (ref["steps"] as! [[String: Any]]).filter { ($0["available"] as? Bool) != false }
    #expect(r.steps.map(\.model) == ["configural", "thresholds", "metric", "scalar"])
    #expect(r.nobs == (ref["nobs"] as! [Int]))
    for (ours, theirs) in zip(r.steps, steps) {
      let fm = theirs["fitMeasures"] as! [String: Any]
      for (key, value) in [("chisq", ours.chisq), ("df", ours.df), ("chisq.scaled", ours.chisqScaled!), ("cfi.scaled", ours.cfi),
                           ("tli.scaled", ours.tli), ("rmsea.scaled", ours.rmsea), ("srmr", ours.srmr), ("pvalue.scaled", ours.pvalue)] {
        let v = (fm[key] as! NSNumber).doubleValue
        #expect(abs(value - v) <= 1e-5 * max(abs(v), 0.01), "\(data) \(ours.model) \(key): ours \(value), lavaan \(v)")
      }
    }
    // measEq.syntax's own lavaan syntax (c(…) per group, labels, repeated
    // terms adding modifiers) fitted as it is: every estimate and fit measure.
    for step in steps {
      var o = options
      o.parameterization = .delta
      let (_, fit) = try SEM.analyse(try SEMModel(syntax: step["syntax"] as! String, data: frame, options: o, group: bfi ? "gender" : "school"), data: frame)
      expectMatches("\(data) \(step["name"]!)", step, fit)
    }
    for (k, lrt) in (ref["lrt"] as! [[String: Any]]).enumerated() where k + 1 < r.steps.count {
      expectDifference(lrt, r.steps[k + 1], data)
    }
    // Theta: the same four fits reparameterized (identical statistics), then
    // strict against measEq.syntax's theta models (the JSON's theta_supplement).
    options.parameterization = .theta
    let t = try Invariance.run(syntax: model, data: frame, group: bfi ? "gender" : "school", options: options)
    #expect(t.steps.map(\.model) == ["configural", "thresholds", "metric", "scalar", "strict"])
    let supplement = ref["theta_supplement"] as! [String: Any]
    let strict = (supplement["steps"] as! [[String: Any]])[1]["fitMeasures"] as! [String: Any]
    for (k, ours) in t.steps.enumerated() {
      let fm = k < 4 ? steps[k]["fitMeasures"] as! [String: Any] : strict
      for (key, value) in [("chisq", ours.chisq), ("df", ours.df), ("chisq.scaled", ours.chisqScaled!), ("cfi.scaled", ours.cfi)] {
        let v = (fm[key] as! NSNumber).doubleValue
        #expect(abs(value - v) <= 1e-5 * max(abs(v), 0.01), "\(data) theta \(ours.model) \(key): ours \(value), lavaan \(v)")
      }
    }
    // (jsonlite writes a one-element list as an object.)
    let lrt = (supplement["lrt"] as? [[String: Any]])?.first ?? supplement["lrt"] as! [String: Any]
    expectDifference(lrt, t.steps[4], data)
  }

  /// Binary items (Fixtures/ordinal/invariance_binary.R): the thresholds step
  /// frees only the intercepts and equals the configural fit; metric as measEq.
  @Test func binaryItems() throws {
    let ref = try ordinalReference("invariance_binary")
    var frame = try Ingest.load(path: ordinalDir.appendingPathComponent("hs_ordinal.csv").path).frame
    for v in (1...9).map({ "x\($0)" }) {
      let k = try #require(frame.index(of: v))
      frame.columns[k] = Column(name: v, values: .numeric(try frame.numericColumn(v).map { $0 >= 3 ? 1 : 0 }))
    }
    var options = SEMOptions(estimator: .dwls)
    options.meanAndVariance = true
    options.ordered = (1...9).map { "x\($0)" }
    let r = try Invariance.run(syntax: hsModel, data: frame, group: "school", options: options, through: 2)
    let steps = ref["steps"] as! [[String: Any]]
    #expect(r.steps.count == steps.count)
    for (ours, theirs) in zip(r.steps, steps) {
      let fm = theirs["fitMeasures"] as! [String: Any]
      for (key, value) in [("chisq", ours.chisq), ("df", ours.df), ("chisq.scaled", ours.chisqScaled!)] {
        let v = (fm[key] as! NSNumber).doubleValue
        #expect(abs(value - v) <= 1e-5 * max(abs(v), 0.01), "binary \(ours.model) \(key): ours \(value), lavaan \(v)")
      }
    }
    let lrt = (ref["lrt"] as! [[String: Any]])[1]
    #expect(abs(r.steps[2].chisqDiff! - (lrt["Chisq diff"] as! NSNumber).doubleValue) <= 1e-5 * 4.9)
    #expect(r.steps[1].dfDiff == 0)
  }

  private func expectDifference(_ lrt: [String: Any], _ s: InvarianceStep, _ data: String) {
    let d = lrt["default"] as! [String: Any]
    for (key, value) in [("Chisq diff", s.chisqDiff!), ("Df diff", s.dfDiff!), ("Pr(>Chisq)", s.pvalueDiff!)] {
      let v = (d[key] as! NSNumber).doubleValue
      #expect(abs(value - v) <= 1e-5 * max(abs(v), 0.01), "\(data) \(s.model) \(key): ours \(value), lavaan \(v)")
    }
  }
}

// The nonparametric bootstrap with ordered indicators: each resample's
// thresholds and polychorics, then the refit (lavaan 0.6.14's se =
// "bootstrap" with estimator "DWLS": Fixtures/ordinal/bootstrap_ordinal.R,
// B = 1000 for HS and 200 for the bfi mediation). Bootstrap SEs agree within
// Monte-Carlo error (about 1/√(2B) each); percentile limits within half an SE
// (B = 1000: the 2.5% order statistic's own error is about 0.08 SE) or one SE (B = 200: 0.19 SE).
struct OrdinalBootstrapTests {
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled), arguments: [("hs", 1000, 0.15, 0.5), ("bfi_mediation", 200, 0.25, 1.0)])
  func bootstrapMatchesLavaanWithinMonteCarloError(_ name: String, _ replicates: Int, _ tolerance: Double, _ limits: Double) throws {
    let all = try ordinalReference("bootstrap_ordinal")["cases"] as! [[String: Any]]
    let ref = all.first { $0["case"] as? String == name }!
    let bfi = name.hasPrefix("bfi")
    let path = bfi ? ordinalDir.appendingPathComponent("../../../../Datasets/reference/bfi.csv").standardized.path
      : ordinalDir.appendingPathComponent("hs_ordinal.csv").path
    let frame = try Ingest.load(path: path).frame
    var options = SEMOptions(estimator: .dwls)
    options.meanAndVariance = true
    options.ordered = bfi ? ["A", "C", "E"].flatMap { t in (1...5).map { "\(t)\($0)" } } : (1...9).map { "x\($0)" }
    let model = try SEMModel(syntax: ref["model"] as! String, data: frame, options: options)
    let (_, r) = try SEM.analyse(model, data: frame, bootstrap: BootstrapOptions(replicates: replicates, seed: 20261202))
    let boot = try #require(r.bootstrap)
    #expect(boot.completed == replicates)
    var checked = 0
    for row in ref["rows"] as! [[String: Any]] {
      let se = (row["se_boot"] as! NSNumber).doubleValue
      guard se > 0 else { continue }
      let lhs = row["lhs"] as! String, op = row["op"] as! String, rhs = row["rhs"] as! String
      let ours = try #require(boot.estimates.first { $0.lhs == lhs && $0.op.rawValue == op && ($0.rhs == rhs || op == ":=") },
                              "\(name): no bootstrap row \(lhs) \(op) \(rhs)")
      #expect(abs(ours.est - (row["est"] as! NSNumber).doubleValue) <= 1e-5 * max(abs(ours.est), 0.01), "\(name) \(lhs) \(op) \(rhs) est")
      #expect(abs(ours.se / se - 1) <= tolerance, "\(name) \(lhs) \(op) \(rhs) se: ours \(ours.se), lavaan \(se)")
      for (value, key) in [(ours.percLower, "ci_perc_lower"), (ours.percUpper, "ci_perc_upper")] {
        let v = (row[key] as! NSNumber).doubleValue
        #expect(abs(value - v) <= limits * se, "\(name) \(lhs) \(op) \(rhs) \(key): ours \(value), lavaan \(v)")
      }
      checked += 1
    }
    #expect(checked >= (bfi ? 95 : 39))
  }

  /// Defined parameters under WLSMV (delta method on the robust covariance):
  /// the same file's `robust` rows, lavaan's default fit of the mediation
  /// model (nlminb's stop, not the exact optimum: 2e-4 relative).
  @Test func definedParametersUnderWLSMV() throws {
    let all = try ordinalReference("bootstrap_ordinal")["cases"] as! [[String: Any]]
    let ref = all.first { $0["case"] as? String == "bfi_mediation" }!
    let frame = try Ingest.load(path: ordinalDir.appendingPathComponent("../../../../Datasets/reference/bfi.csv").standardized.path).frame
    var options = SEMOptions(estimator: .dwls)
    options.meanAndVariance = true
    options.ordered = ["A", "C", "E"].flatMap { t in (1...5).map { "\(t)\($0)" } }
    let (_, r) = try SEM.analyse(try SEMModel(syntax: ref["model"] as! String, data: frame, options: options), data: frame)
    for row in (ref["robust"] as! [[String: Any]]) where ["~", ":="].contains(row["op"] as! String) {
      let lhs = row["lhs"] as! String, op = row["op"] as! String, rhs = row["rhs"] as! String
      let ours = try #require(r.parameters.first { $0.lhs == lhs && $0.op.rawValue == op && ($0.rhs == rhs || op == ":=") })
      for (value, key) in [(ours.est, "est"), (ours.se, "se")] {
        let v = (row[key] as! NSNumber).doubleValue
        #expect(abs(value - v) <= 2e-4 * max(abs(v), 0.01), "\(lhs) \(op) \(rhs) \(key): ours \(value), lavaan \(v)")
      }
    }
  }
}

// Continuous and ordered indicators in one model (HS x1–x3 continuous, x4–x9
// ordered; Fixtures/ordinal/mixed_ordinal.R): lavaan's sample statistics for
// mixed data (Muthén 1984: −μ in the threshold block, the continuous
// variances, polychoric/polyserial×σ/covariance) and their Γ, then the fits.
struct MixedOrdinalTests {
  static func fit(group: String?, estimator: EstimatorKind = .dwls, meanAndVariance: Bool = true, parameterization: Parameterization = .delta,
                  groupEqual: [GroupEqual] = [], bfi: Bool = false) throws -> (FittedModel, SEMResult) {
    let path = bfi ? ordinalDir.appendingPathComponent("../../../../Datasets/reference/bfi.csv").standardized.path
      : ordinalDir.appendingPathComponent("hs_mixed.csv").path
    let frame = try Ingest.load(path: path).frame
    var options = SEMOptions(estimator: estimator)
    options.ordered = bfi ? (1...5).map { "A\($0)" } : (4...9).map { "x\($0)" }
    options.meanAndVariance = meanAndVariance
    options.parameterization = parameterization
    options.model.groupEqual = groupEqual
    let model = try SEMModel(syntax: bfi ? "A =~ A1 + A2 + A3 + A4 + A5\nage ~ A" : hsModel, data: frame, options: options, group: group)
    return try SEM.analyse(model, data: frame)
  }

  @Test(arguments: ["mixed_ordinal_hs", "mixed_ordinal_hs_school", "mixed_bfi_age"])
  func sampleStatisticsAsLavaan(_ name: String) throws {
    let ref = try ordinalReference(name)
    let (f, _) = try Self.fit(group: name.hasSuffix("school") ? "school" : nil, bfi: name.contains("bfi"))
    for (g, o) in f.ordinalSamples.enumerated() {
      let obs = (ref["wls_obs"] as! [[String: Any]])[g]["values"] as! [Double]
      let s = o.statistics
      #expect(s.count == obs.count)
      for (k, (a, b)) in zip(s, obs).enumerated() { #expect(abs(a - b) <= 1e-6 * max(abs(b), 0.01), "\(name) wls.obs[\(k)]: ours \(a), lavaan \(b)") }
      guard let gammas = ref["gamma"] as? [[String: Any]] else { continue }
      let gamma = gammas[g]["values"] as! [Double]
      let d = o.dimension
      var worst = 0.0
      for i in 0..<d { for j in 0..<d { worst = max(worst, abs(o.gamma[i, j] - gamma[i * d + j]) / max(abs(gamma[i * d + j]), 0.01)) } }
      #expect(worst <= 1e-5, "\(name) Γ: largest relative difference \(worst)")
    }
  }

  @Test(arguments: ["mixed_ordinal_hs", "mixed_ordinal_hs_school", "mixed_ordinal_hs_theta", "mixed_ordinal_hs_wls", "mixed_ordinal_hs_ulsmv",
                     "mixed_ordinal_hs_school_eq", "mixed_ordinal_hs_school_scalar", "mixed_bfi_age"])
  func fitsAsLavaan(_ name: String) throws {
    let ref = try ordinalReference(name)
    let equal: [GroupEqual] = name.hasSuffix("_eq") ? [.thresholds, .loadings] : name.hasSuffix("scalar") ? [.thresholds, .loadings, .intercepts] : []
    let (_, r) = try Self.fit(group: name.contains("school") ? "school" : nil,
                              estimator: name.hasSuffix("wls") ? .wls : name.hasSuffix("ulsmv") ? .uls : .dwls,
                              meanAndVariance: !name.hasSuffix("wls"), parameterization: name.hasSuffix("theta") ? .theta : .delta,
                              groupEqual: equal, bfi: name.contains("bfi"))
    expectMatches(name, ref, r)
    if let r2 = ref["r2"] as? [String: Any] {
      for (v, x) in r2 { if let x = (x as? NSNumber)?.doubleValue { #expect(abs((r.r2[v] ?? .nan) - x) <= 1e-5 * max(x, 0.01), "\(name) R² \(v)") } }
    }
  }
}

// CR and AVE with ordered indicators as semTools 0.5.6's compRelSEM() and AVE()
// (Fixtures/ordinal/cfa_reliability_ordinal.R): Green & Yang's categorical ω for
// factors of ordered items, the latent-response scales under theta, the usual
// CR for continuous factors of a mixed model, and none for a factor mixing both.
struct OrdinalReliabilityTests {
  @Test func compRelSEMAndAVEAsSemTools() throws {
    let ref = try ordinalReference("cfa_reliability_ordinal")
    for c in ref["cases"] as! [[String: Any]] {
      let name = c["case"] as! String
      let mixed = name.contains("mixed")
      let frame = try Ingest.load(path: ordinalDir.appendingPathComponent(mixed ? "hs_mixed.csv" : "hs_ordinal.csv").path).frame
      var options = SEMOptions(estimator: .dwls)
      options.meanAndVariance = true
      options.ordered = c["ordered"] as! [String]
      options.parameterization = name.hasSuffix("theta") ? .theta : .delta
      let model = try SEMModel(syntax: c["model"] as! String, data: frame, options: options)
      let (_, r) = try SEM.analyse(model, data: frame, measurement: true)
      let ours = try #require(r.reliability)
      for (key, field) in [("cr", \FactorReliability.cr), ("ave", \FactorReliability.ave)] {
        for (factor, value) in c[key] as! [String: Any] {
          let mine = ours.first { $0.factor == factor }.map { $0[keyPath: field] }
          guard let v = (value as? NSNumber)?.doubleValue else { #expect(mine?.isNaN == true, "\(name) \(factor) \(key): semTools NA, ours \(String(describing: mine))"); continue }
          #expect(abs((mine ?? .nan) - v) <= 1e-5 * max(abs(v), 0.01), "\(name) \(factor) \(key): ours \(String(describing: mine)), semTools \(v)")
        }
      }
    }
  }
}
