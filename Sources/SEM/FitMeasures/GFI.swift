import LinearAlgebra

// The LISREL goodness-of-fit index in lavaan's general form (lavaan 0.6.14,
// lav_fit_gfi.R; Tanaka & Huba 1985; Mulaik et al. 1989, Psychological
// Bulletin 105, 430):
//   gfi_g = 1 − (s − σ̂)ᵀ V (s − σ̂) / sᵀ V s,   gfi = Σ_g n_g gfi_g / N,
// s = (ȳ, vech S) the sample statistics (under FIML lavaan's: available-case
// means and pairwise covariances, MissingPatterns.availableCaseMoments), σ̂ the
// model's, and V the unrestricted model's expected information at the model
// (lavaan's WLS.V, h1.information = "structured"):
//   complete data: V = diag(Σ̂⁻¹, ½Dᵀ(Σ̂⁻¹⊗Σ̂⁻¹)D)  (the mean block only with a mean structure);
//   FIML:          V = N⁻¹ Σ_k n_k diag(A_k, ½Dᵀ(A_k⊗A_k)D), A_k = (Σ̂_oo)⁻¹ of pattern k padded with 0;
//   GLS: Σ̂ replaced by S;  ULS: V = I.
// Rows and columns of the fixed.x covariates' own means and covariances are
// zero in V (lavaan's eliminate.pstar.idx), so they count in neither term.
// Since Dvech(M) = vec(M), the quadratic form on (m, M) is mᵀAm + ½tr(MAMA).
//   agfi = 1 − (nel/df)(1 − gfi);  pgfi = (df/nel)·gfi, nel = the number of sample statistics.
// Ordered variables: s = (τ, ρ), V the estimator's weight W (lavaan's WLS.V).

enum GFI {
  static func measures(_ f: FittedModel, test: ModelTest, into m: inout FitMeasures.Values) {
    var gfi = 0.0
    if f.ordinal != nil {
      gfi = ordinal(f)
    } else {
      for ((g, w), e) in zip(zip(f.groups, f.weights), f.estimators()) { gfi += w * group(f, g, estimator: e) }
    }
    let pstar = Double(f.momentCount), df = test.df
    m[.gfi] = gfi
    m[.agfi] = df > 0 ? 1 - (pstar / df) * (1 - gfi) : 1
    m[.pgfi] = pstar > 0 ? (df / pstar) * gfi : .nan
  }

  /// Ordered variables: s = (τ, ρ) and the estimator's own weight W (DWLS.swift).
  static func ordinal(_ f: FittedModel) -> Double {
    let stats = OrdinalStatistics(f)
    var gfi = 0.0
    for (g, o) in f.ordinalSamples.enumerated() {
      let w = stats.statisticWeights[g]
      gfi += f.weights[g] * (1 - w.quadratic(stats.residuals[g]) / w.quadratic(o.statistics))
    }
    return gfi
  }

  /// One group's GFI.
  static func group(_ f: FittedModel, _ g: GroupFit, estimator: any Estimator) -> Double {
    let p = g.layout.p
    let xNames = Set(f.table.roles.observedX)
    let isX = g.layout.observed.map { xNames.contains($0) }
    let means = f.meanstructure
    let stats = g.data.patterns?.availableCaseMoments() ?? (mean: g.data.moments.means, covariance: g.sampleCovariance)
    var residual = stats.covariance - g.implied.sigma
    var observed = stats.covariance
    var meanResidual = [Double](repeating: 0, count: p), meanObserved = meanResidual
    for i in 0..<p where means && !isX[i] {
      meanObserved[i] = stats.mean[i]
      meanResidual[i] = meanObserved[i] - g.implied.mu[i, 0]
    }
    for i in 0..<p where isX[i] {
      for j in 0..<p where isX[j] { residual[i, j] = 0; observed[i, j] = 0 }
    }
    guard let weight = estimator.gfiWeight(sigma: g.implied.sigma) else { return .nan }
    guard case .normal(let weights) = weight else {
      var a = 0.0, b = 0.0
      for j in 0..<p { for i in j..<p { a += residual[i, j] * residual[i, j]; b += observed[i, j] * observed[i, j] } }
      return 1 - a / b
    }
    func form(_ m: [Double], _ s: Matrix, _ w: Matrix) -> Double {
      let ws = w * s
      return ws.elements.withUnsafeBufferPointer { a in
        w.elements.withUnsafeBufferPointer { pw in
          var t = 0.0
          for j in 0..<p {
            let mj = m[j]
            for i in 0..<p { t += 0.5 * a[i + j * p] * a[j + i * p] + m[i] * pw[i + j * p] * mj }
          }
          return t
        }
      }
    }
    var a = 0.0, b = 0.0
    for (w, share) in weights {
      a += share * form(meanResidual, residual, w)
      b += share * form(meanObserved, observed, w)
    }
    return 1 - a / b
  }
}
