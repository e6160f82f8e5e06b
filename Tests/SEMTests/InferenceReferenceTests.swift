import Foundation
import Testing
import _TestSupport
@testable import SEM
import LinearAlgebra

// lavaan 0.6.14 references for mean structures, multiple groups, FIML and the
// robust estimators (Fixtures/make_inference_references.R, which also wrote
// Datasets/reference/HolzingerSwineford1939-missing.csv). Every estimate,
// standard error, z, p, CI, std.lv and std.all, and every fit measure ClusterStat
// reports, within 1e-5 · max(|lavaan|, 0.01), rows matched by lhs, op, rhs
// and group.

@discardableResult
func compareGrouped(_ refName: String, data: String = "HolzingerSwineford1939.csv", options: SEMOptions = SEMOptions(),
                    group: String? = nil, skipFit: Set<String> = []) throws -> (FittedModel, Inference, FitMeasures) {
  let ref = try reference(refName)
  let fitted = try SEM.fit(try SEMModel(syntax: ref.model, data: try dataset(data), options: options, group: group))
  let inf = try Inference(fitted)
  let fit = FitMeasures.compute(fitted)
  expectEstimates(refName, ref.parameterEstimates, inf)
  #expect(inf.estimates.count == ref.parameterEstimates.count, "\(refName): \(inf.estimates.count) rows vs \(ref.parameterEstimates.count)")
  for (key, value) in zip(fit.values.names, fit.values.values) where !skipFit.contains(key) {
    guard let theirs = ref.fitMeasures[key] else { Issue.record("\(refName): lavaan has no fit measure \(key)"); continue }
    #expect(agrees(value, theirs), "\(refName) fit \(key) = \(value) vs \(theirs ?? .nan)")
  }
  return (fitted, inf, fit)
}

@Suite struct InferenceReferenceTests {
  @Test func meanStructure() throws {
    try compareGrouped("hs_cfa_means", options: SEMOptions(model: ModelOptions(meanstructure: true)))
  }
  @Test(arguments: [("configural", [GroupEqual]()), ("metric", [.loadings]), ("scalar", [.loadings, .intercepts]),
                    ("strict", [.loadings, .intercepts, .residuals])])
  func multipleGroups(step: String, equal: [GroupEqual]) throws {
    try compareGrouped("hs_school_\(step)", options: SEMOptions(model: ModelOptions(groupEqual: equal)), group: "school")
  }
  @Test func groupPartial() throws {
    try compareGrouped("hs_school_partial",
                       options: SEMOptions(model: ModelOptions(groupEqual: [.loadings, .intercepts], groupPartial: ["x3 ~ 1", "x7~1"])),
                       group: "school")
  }
  @Test(arguments: [Robust.mlm, .mlr]) func robust(_ r: Robust) throws {
    try compareGrouped("hs_cfa_\(r.rawValue)", options: SEMOptions(robust: r))
  }
  @Test func fiml() throws {
    try compareGrouped("hs_cfa_fiml", data: "HolzingerSwineford1939-missing.csv", options: SEMOptions(missing: .fiml))
  }
  @Test func fimlRobust() throws {
    try compareGrouped("hs_cfa_fiml_mlr", data: "HolzingerSwineford1939-missing.csv", options: SEMOptions(robust: .mlr, missing: .fiml))
  }
  /// MLR wherever means are modelled: intercepts, groups (complete data and FIML).
  @Test func robustWithMeans() throws {
    try compareGrouped("hs_cfa_means_mlr", options: SEMOptions(model: ModelOptions(meanstructure: true), robust: .mlr))
    try compareGrouped("hs_school_fiml_mlr", data: "HolzingerSwineford1939-missing.csv",
                       options: SEMOptions(model: ModelOptions(groupEqual: [.loadings]), robust: .mlr, missing: .fiml), group: "school")
  }
  @Test(arguments: [("configural", [GroupEqual]()), ("metric", [.loadings]), ("scalar", [.loadings, .intercepts]),
                    ("strict", [.loadings, .intercepts, .residuals])])
  func robustGroups(step: String, equal: [GroupEqual]) throws {
    try compareGrouped("hs_school_\(step)_mlr", options: SEMOptions(model: ModelOptions(groupEqual: equal), robust: .mlr), group: "school")
  }
  @Test func fimlGroups() throws {
    try compareGrouped("hs_school_fiml", data: "HolzingerSwineford1939-missing.csv",
                       options: SEMOptions(model: ModelOptions(groupEqual: [.loadings]), missing: .fiml), group: "school")
  }
}

// The analytic gradient with means, groups and missing-data patterns against
// central differences, away from the optimum.
@Suite struct GeneralGradientTests {
  @Test(arguments: ["complete", "fiml"]) func gradient(_ kind: String) throws {
    let data = try dataset(kind == "fiml" ? "HolzingerSwineford1939-missing.csv" : "HolzingerSwineford1939.csv")
    let options = SEMOptions(model: ModelOptions(groupEqual: [.loadings]), missing: kind == "fiml" ? .fiml : .listwise)
    let f = try SEM.fit(try SEMModel(syntax: "visual =~ x1+x2+x3; textual =~ x4+x5+x6; x1 ~~ x4", data: data, options: options, group: "school"))
    var rng = SplitMix64(seed: 7)
    let theta = f.theta.map { $0 * (1 + 0.05 * (rng.nextUniform() - 0.5)) }
    var g = [Double](repeating: 0, count: f.q)
    let objective = f.makeObjective()
    _ = objective.value(theta)
    objective.gradient(into: &g)
    for k in 0..<f.q {
      var up = theta, down = theta
      let h = 1e-6 * max(1, abs(theta[k]))
      up[k] += h
      down[k] -= h
      let numeric = (objective.value(up) - objective.value(down)) / (2 * h)
      #expect(abs(numeric - g[k]) <= 1e-6 * max(1, abs(g[k])), "parameter \(k): analytic \(g[k]) numeric \(numeric)")
    }
  }
}

// Latent means and labelled intercepts (markers' intercepts fixed to 0): the
// analytic gradient against central differences near the start values.
@Suite struct MeanStructureGradientTests {
  @Test func latentMeans() throws {
    let syntax = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx1 ~ 0*1\nx4 ~ 0*1\nx7 ~ 0*1\nvisual ~ 1\ntextual ~ 1\nspeed ~ 1\nx2 ~ i*1\nx3 ~ i*1"
    let data = try dataset("HolzingerSwineford1939.csv")
    let options = SEMOptions(model: ModelOptions(meanstructure: true))
    let prepared = try SEMModel(syntax: syntax, data: data, options: options)
    let (table, groups) = (prepared.table, prepared.groups)
    let layout = try LISRELLayout(table: table, group: 1)
    let m = groups[0].moments
    let objective = try Objective(layout: layout, s: m.covariance, mean: m.means, estimator: .ml)
    let start = StartValues.compute(table: table, layouts: [layout], samples: [(m.covariance, m.means)])
    var rng = SplitMix64(seed: 3)
    let theta = start.map { $0 * (1 + 0.05 * (rng.nextUniform() - 0.5)) }
    var g = [Double](repeating: 0, count: theta.count)
    _ = objective.value(theta)
    objective.gradient(into: &g)
    for k in 0..<theta.count {
      var up = theta, down = theta
      let h = 1e-6 * max(1, abs(theta[k]))
      up[k] += h
      down[k] -= h
      let numeric = (objective.value(up) - objective.value(down)) / (2 * h)
      #expect(abs(numeric - g[k]) <= 1e-6 * max(1, abs(g[k])), "parameter \(k): analytic \(g[k]) numeric \(numeric)")
    }
  }
}
