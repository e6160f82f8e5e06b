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
}
