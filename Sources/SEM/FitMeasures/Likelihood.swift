import LinearAlgebra

// Likelihood-based measures, for ML and FIML only (lavaan omits them otherwise;
// lav_fit_aic.R and lavaan's logl):
//   unrestricted.logl ℓ₁ = −N/2·[log|S| + p + p·log 2π] for complete data;
//                    under FIML −½[N·F_H1 + Σ_k n_k p_k log 2π] at the EM estimates;
//   with fixed.x covariates, minus their own saturated log-likelihood (lavaan's
//   conditional form);
//   logl = ℓ₁ − N/2·(F − F₁)  (F₁ = 0 for complete data; under FIML F is already F − F_H1),
//   aic = −2logl + 2k,  bic = −2logl + k·log N,  bic2 = −2logl + k·log((N + 2)/24).

enum Likelihood {
  /// One group's saturated (H1) log-likelihood, before the fixed.x correction.
  static func saturated(_ g: GroupFit) -> Double {
    let p = g.layout.p
    if let patterns = g.data.patterns, let fSat = g.data.saturatedF {
      return -0.5 * (Double(g.n) * fSat + patterns.constant)
    }
    let logDetS = (try? Cholesky(g.sampleCovariance).logDeterminant) ?? .nan
    return -Double(g.n) / 2 * (logDetS + Double(p) + Double(p) * _log(2 * Double.pi))
  }

  /// ℓ₁ over the groups, conditional on the fixed.x covariates.
  static func unrestricted(_ f: FittedModel) -> Double {
    let xNames = Set(f.table.roles.observedX)
    let nx = xNames.count
    let log2pi = _log(2 * Double.pi)
    var logl1 = 0.0
    for g in f.groups {
      logl1 += saturated(g)
      if nx > 0 {
        let s = g.sampleCovariance
        let xi = g.layout.observed.indices.filter { xNames.contains(g.layout.observed[$0]) }
        var sxx = Matrix(rows: nx, columns: nx)
        for (a, i) in xi.enumerated() { for (b, j) in xi.enumerated() { sxx[a, b] = s[i, j] } }
        logl1 -= -Double(g.n) / 2 * (((try? Cholesky(sxx).logDeterminant) ?? .nan) + Double(nx) + Double(nx) * log2pi)
      }
    }
    return logl1
  }

  static func measures(_ f: FittedModel, test: ModelTest, into m: inout FitMeasures.Values) {
    guard f.estimatorType.hasLikelihood else { return }
    let logl1 = unrestricted(f)
    let logl = logl1 - Double(f.n) / 2 * f.fValue
    let npar = Double(f.npar), n = test.n
    m[.logl] = logl
    m[.unrestrictedLogl] = logl1
    m[.aic] = -2 * logl + 2 * npar
    m[.bic] = -2 * logl + npar * _log(n)
    m[.ntotal] = n
    m[.bic2] = -2 * logl + npar * _log((n + 2) / 24)
  }
}
