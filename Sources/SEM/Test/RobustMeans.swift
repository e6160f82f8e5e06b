import LinearAlgebra

// MLM (Satorra–Bentler) wherever means are modelled with complete data:
// several groups, or intercepts (lavaan's estimator = "MLM" with group = or
// meanstructure = TRUE; lav_model_nvcov_robust_sem, lav_test_satorra_bentler).
// In each group's unrestricted coordinates m = (μ, vech Σ), with f_g = N_g/N,
//   W_g = diag(Σ̂⁻¹, ½Dᵀ(Σ̂⁻¹⊗Σ̂⁻¹)D)  (the expected information at the model),
//   Γ_g = cov of (xᵢ − x̄, vech[(xᵢ − x̄)(xᵢ − x̄)ᵀ]) over the group's cases (divisor N_g),
//   Δ_g = ∂m/∂θ,  E = Σ_g f_g Δ_gᵀW_gΔ_g (the expected information per case),
//   vcov = E⁻¹ [Σ_g f_g Δ_gᵀW_gΓ_gW_gΔ_g] E⁻¹ / N,
//   tr(UΓ) = Σ_g [tr(W_gΓ_g) − f_g tr(W_gΔ_g E⁻¹ Δ_gᵀW_gΓ_g)],   c = tr(UΓ)/df
// (Satorra & Bentler 1994; the multiple-group U of lavaan ≥ 0.6-13). The
// baseline saturates the means, so its trace is the covariance part's per
// group, c_b = Σ_g tr(U_b,g Γ_g,cov)/df_b.

extension Robustness {
  static func satorraBentlerWithMeans(_ f: FittedModel, informationInverse eInv: Matrix) throws -> RobustStatistics {
    let p = f.p
    let q = f.q
    let pstar = p * (p + 1) / 2
    var middle = Matrix(rows: q, columns: q)
    var traceModel = 0.0, traceBaseline = 0.0
    for (g, fg) in zip(f.groups, f.weights) {
      guard let cases = g.data.cases else { preconditionFailure("robust fits keep their cases") }
      let s = g.sampleCovariance
      let gamma = Gamma.withMeans(cases, mean: g.data.moments.means, s: s)
      let sigmaInverse = try Cholesky(g.implied.sigma).inverse
      let wCov = weight(g.implied.sigma)
      var w = Matrix(rows: p + pstar, columns: p + pstar)
      for j in 0..<p { for i in 0..<p { w[i, j] = sigmaInverse[i, j] } }
      for j in 0..<pstar { for i in 0..<pstar { w[p + i, p + j] = wCov[i, j] } }
      let delta = stacked(mean: Information.meanDelta(g.implied), covariance: Information.delta(g.implied))
      let wd = w * delta
      middle = middle + fg * wd.times(gamma * wd, transposeSelf: true)
      traceModel += trace(w * gamma) - fg * trace(wd * eInv * wd.transposed * gamma)

      let covariancePart = Array(p..<(p + pstar))
      var sb = Matrix(rows: p, columns: p)
      for i in 0..<p { sb[i, i] = s[i, i] }
      traceBaseline += traceUGamma(w: weight(sb), delta: baselineDelta(p), gamma: gamma.submatrix(covariancePart))
    }
    let df = Double(f.df)
    let dfB = Double(f.groups.count * (pstar - p))
    return RobustStatistics(vcov: (1 / Double(f.n)) * (eInv * middle * eInv), scalingFactor: df > 0 ? traceModel / df : .nan,
                            baselineScalingFactor: traceBaseline / dfB)
  }

}
