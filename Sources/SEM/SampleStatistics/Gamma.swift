import LinearAlgebra

// Γ, the asymptotic covariance matrix of the sample statistics, as the
// robust statistics (Test/Robust*.swift) need it (Browne 1984; lavaan's
// lav_samplestats_Gamma, NACOV): with per-case zᵢ = vech((xᵢ − x̄)(xᵢ − x̄)ᵀ)
// (and, with means, xᵢ − x̄ in front), Γ = (1/N) Σ (zᵢ − z̄)(zᵢ − z̄)ᵀ.
// Polychoric correlations will put their own Γ here.

enum Gamma {
  /// Γ: the covariance of the cases' vech((x − x̄)(x − x̄)ᵀ), divisor N.
  static func covariances(_ cases: [[Double]], mean: [Double], s: Matrix) -> Matrix {
    let p = mean.count
    let k = p * (p + 1) / 2
    let sv = Robustness.vech(s)
    var z = Matrix(rows: cases.count, columns: k)
    for (i, x) in cases.enumerated() {
      var r = 0
      for b in 0..<p {
        for a in b..<p {
          z[i, r] = (x[a] - mean[a]) * (x[b] - mean[b]) - sv[r]
          r += 1
        }
      }
    }
    return (1 / Double(cases.count)) * z.times(z, transposeSelf: true)
  }

  /// Γ with the means: the covariance of (x − x̄, vech((x − x̄)(x − x̄)ᵀ)), divisor N.
  static func withMeans(_ cases: [[Double]], mean: [Double], s: Matrix) -> Matrix {
    let p = mean.count
    let k = p + p * (p + 1) / 2
    let sv = Robustness.vech(s)
    var z = Matrix(rows: cases.count, columns: k)
    for (i, x) in cases.enumerated() {
      for a in 0..<p { z[i, a] = x[a] - mean[a] }
      var r = p
      for b in 0..<p {
        for a in b..<p {
          z[i, r] = (x[a] - mean[a]) * (x[b] - mean[b]) - sv[r - p]
          r += 1
        }
      }
    }
    return (1 / Double(cases.count)) * z.times(z, transposeSelf: true)
  }
}
