import Testing
@testable import SEM

// The analytic observed information (Inference/ObservedInformation.swift)
// against central differences of the analytic gradient, at the estimates of
// models that exercise every second-derivative term: loadings and paths
// (B between latent variables, second order, regressions on observed
// variables), equality labels, means and latent means, groups, FIML.
@Suite struct ObservedInformationTests {
  static let hs = ModelSyntaxes.holzingerSwineford
  static let cases: [(name: String, data: String, syntax: String, options: SEMOptions, group: String?)] = [
    ("HS FIML", "HolzingerSwineford1939-missing.csv", hs, SEMOptions(missing: .fiml), nil),
    ("HS MLR", "HolzingerSwineford1939.csv", hs, SEMOptions(robust: .mlr), nil),
    ("second order, FIML", "HolzingerSwineford1939-missing.csv", hs + "; g =~ visual + textual + speed", SEMOptions(missing: .fiml), nil),
    ("paths with labels, MLR", "PoliticalDemocracy.csv", ModelSyntaxes.politicalDemocracyLabelled, SEMOptions(robust: .mlr), nil),
    ("latent means, MLR", "HolzingerSwineford1939.csv",
     hs + "; x1 ~ 0*1; x4 ~ 0*1; x7 ~ 0*1; visual ~ 1; textual ~ 1; speed ~ 1", SEMOptions(model: ModelOptions(meanstructure: true), robust: .mlr), nil),
    ("MIMIC with covariates, FIML", "HolzingerSwineford1939-missing.csv", hs + "; visual ~ x1x; speed ~ textual", SEMOptions(missing: .fiml), nil),
    ("two groups, FIML", "HolzingerSwineford1939-missing.csv", hs, SEMOptions(model: ModelOptions(groupEqual: [.loadings]), missing: .fiml), "school"),
  ]

  @Test(arguments: cases.indices) func analyticMatchesDifferences(_ k: Int) throws {
    let c = Self.cases[k]
    var data = try dataset(c.data)
    if c.syntax.contains("x1x") {
      // An observed covariate without missing values.
      data.columns.append(Column(name: "x1x", values: .numeric(try data.numericColumn("id").map { $0 / 100 })))
    }
    let f = try SEM.fit(try SEMModel(syntax: c.syntax, data: data, options: c.options, group: c.group))
    let analytic = try Information.observedAnalytic(f)
    let numeric = Information.observedNumerical(f)
    var worst = 0.0
    for j in 0..<f.q {
      for i in 0..<f.q {
        let d = abs(analytic[i, j] - numeric[i, j]) / max(1, abs(numeric[i, j]))
        worst = max(worst, d)
      }
    }
    #expect(worst < 1e-6, "\(c.name): largest difference \(worst)")
  }

  /// ML models (complete data and FIML) for the exact Hessian away from the optimum, where G = ∂F/∂Σ is not small.
  static let mlCases: [(name: String, data: String, syntax: String, options: SEMOptions, group: String?)] = [
    ("HS", "HolzingerSwineford1939.csv", hs, SEMOptions(), nil),
    ("second order", "HolzingerSwineford1939.csv", hs + "; g =~ visual + textual + speed", SEMOptions(), nil),
    ("paths with labels", "PoliticalDemocracy.csv", ModelSyntaxes.politicalDemocracyLabelled, SEMOptions(), nil),
    ("latent means", "HolzingerSwineford1939.csv",
     hs + "; x1 ~ 0*1; x4 ~ 0*1; x7 ~ 0*1; visual ~ 1; textual ~ 1; speed ~ 1", SEMOptions(model: ModelOptions(meanstructure: true)), nil),
    ("two groups, equal loadings and intercepts", "HolzingerSwineford1939.csv", hs + "; speed ~ textual",
     SEMOptions(model: ModelOptions(groupEqual: [.loadings, .intercepts])), "school"),
    ("FIML, second order", "HolzingerSwineford1939-missing.csv", hs + "; g =~ visual + textual + speed", SEMOptions(missing: .fiml), nil),
    ("FIML, two groups", "HolzingerSwineford1939-missing.csv", hs, SEMOptions(model: ModelOptions(groupEqual: [.loadings]), missing: .fiml), "school"),
  ]

  /// The exact ML and FIML Hessian (HessianML.swift), which Newton steps use on the way
  /// to the optimum, against central differences of the analytic gradient at
  /// the estimates moved by up to ±10 % (seeded, so the points repeat).
  @Test(arguments: mlCases.indices) func exactHessianMatchesDifferencesAwayFromOptimum(_ k: Int) throws {
    let c = Self.mlCases[k]
    let f = try SEM.fit(try SEMModel(syntax: c.syntax, data: try dataset(c.data), options: c.options, group: c.group))
    var state: UInt64 = 20261202 &+ UInt64(k)
    let theta = f.theta.map { v -> Double in
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return v * (0.9 + 0.2 * Double(state >> 11) * 0x1p-53)
    }
    let objective = f.makeObjective()
    #expect(objective.value(theta).isFinite)
    let exact = try #require(objective.exactHessian())
    let numeric = Information.hessian(objective, at: theta)
    var worst = 0.0
    for j in 0..<f.q {
      for i in 0..<f.q { worst = max(worst, abs(exact[i, j] - numeric[i, j]) / max(1, abs(numeric[i, j]))) }
    }
    #expect(worst < 1e-6, "\(c.name): largest difference \(worst)")
  }
}
