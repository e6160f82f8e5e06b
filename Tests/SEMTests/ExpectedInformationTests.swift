import LinearAlgebra
import Testing
@testable import SEM

// The expected information M (Inference/Information.swift, built from the
// rank-2 tangents with the unit columns of loadings and residuals read in
// place) against its definition, Mᵢⱼ = tr(P ∂ᵢΣ P ∂ⱼΣ) + 2 ∂ᵢμᵀ P ∂ⱼμ, with
// ∂Σ and ∂μ by central differences of the model-implied moments, at the
// estimates of models with every kind of matrix element: loadings, residual
// covariances (off-diagonal Θ), paths between latent variables (B), second
// order, equality labels (several elements to one parameter), means.
@Suite struct ExpectedInformationTests {
  static let hs = ModelSyntaxes.holzingerSwineford
  static let cases: [(name: String, data: String, syntax: String, options: SEMOptions)] = [
    ("HS CFA", "HolzingerSwineford1939.csv", hs, SEMOptions()),
    ("second order", "HolzingerSwineford1939.csv", hs + "; g =~ visual + textual + speed", SEMOptions()),
    ("paths, labels, residual covariances", "PoliticalDemocracy.csv", ModelSyntaxes.politicalDemocracyLabelled, SEMOptions()),
    ("latent means", "HolzingerSwineford1939.csv",
     hs + "; x1 ~ 0*1; x4 ~ 0*1; x7 ~ 0*1; visual ~ 1; textual ~ 1; speed ~ 1", SEMOptions(model: ModelOptions(meanstructure: true))),
  ]

  @Test(arguments: cases.indices) func structuredMatchesDefinition(_ k: Int) throws {
    let c = Self.cases[k]
    let f = try SEM.fit(try SEMModel(syntax: c.syntax, data: try dataset(c.data), options: c.options))
    let objective = f.makeObjective()
    #expect(objective.value(f.theta).isFinite)
    let model = objective.snapshots()[0]
    let weight = try Cholesky(model.sigma).inverse
    let structured = Information.matrix(model, weight: weight)

    // ∂Σ/∂θⱼ and ∂μ/∂θⱼ by central differences (Σ is at most a rational
    // function of θ of low degree: h = 1e-5 leaves errors near 1e-10).
    let q = f.q, p = model.sigma.rows
    var dSigma: [Matrix] = [], dMu: [Matrix] = []
    for j in 0..<q {
      let h = 1e-5 * max(1, abs(f.theta[j]))
      var plus = f.theta, minus = f.theta
      plus[j] += h
      minus[j] -= h
      _ = objective.value(plus)
      let up = objective.snapshots()[0]
      _ = objective.value(minus)
      let down = objective.snapshots()[0]
      dSigma.append((1 / (2 * h)) * (up.sigma - down.sigma))
      dMu.append((1 / (2 * h)) * (up.mu - down.mu))
    }
    let pd = dSigma.map { weight * $0 }
    var worst = 0.0
    for i in 0..<q {
      for j in 0..<q {
        var v = (pd[i] * pd[j]).trace
        if model.layout.meanstructure {
          var t = 0.0
          for a in 0..<p { for b in 0..<p { t += dMu[i][a, 0] * weight[a, b] * dMu[j][b, 0] } }
          v += 2 * t
        }
        worst = max(worst, abs(structured[i, j] - v) / max(1, abs(v)))
      }
    }
    #expect(worst < 1e-7, "\(c.name): largest difference \(worst)")
  }
}
