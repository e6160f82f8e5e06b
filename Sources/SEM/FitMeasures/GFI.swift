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

extension FitMeasures {
  /// One group's GFI.
  static func gfi(_ f: FittedModel, _ g: GroupFit) -> Double {
    let p = g.layout.p
    let xNames = Set(f.table.roles.observedX)
    let isX = g.layout.observed.map { xNames.contains($0) }
    let means = f.meanstructure
    let sample = g.data.patterns?.availableCaseMoments() ?? (mean: g.data.moments.means, covariance: g.sampleCovariance)
    var residual = sample.covariance - g.workspace.sigma
    var observed = sample.covariance
    var meanResidual = [Double](repeating: 0, count: p), meanObserved = meanResidual
    for i in 0..<p where means && !isX[i] {
      meanObserved[i] = sample.mean[i]
      meanResidual[i] = meanObserved[i] - g.workspace.mu[i, 0]
    }
    for i in 0..<p where isX[i] {
      for j in 0..<p where isX[j] { residual[i, j] = 0; observed[i, j] = 0 }
    }
    if f.options.estimator == .uls {
      var a = 0.0, b = 0.0
      for j in 0..<p { for i in j..<p { a += residual[i, j] * residual[i, j]; b += observed[i, j] * observed[i, j] } }
      return 1 - a / b
    }
    // (A, weight) pairs: one for complete data, one per missing-data pattern under FIML.
    var weights: [(Matrix, Double)] = []
    if let patterns = g.data.patterns {
      guard let pieces = patterns.paddedInverses(sigma: g.workspace.sigma) else { return .nan }
      weights = pieces.map { ($0.inverse, $0.share) }
    } else {
      guard let inv = try? Cholesky(f.options.estimator == .ml ? g.workspace.sigma : g.sampleCovariance).inverse else { return .nan }
      weights.append((inv, 1))
    }
    func form(_ m: [Double], _ s: Matrix, _ w: Matrix) -> Double {
      let ws = w * s
      var t = 0.0
      for i in 0..<p { for j in 0..<p { t += 0.5 * ws[i, j] * ws[j, i] + m[i] * w[i, j] * m[j] } }
      return t
    }
    var a = 0.0, b = 0.0
    for (w, share) in weights {
      a += share * form(meanResidual, residual, w)
      b += share * form(meanObserved, observed, w)
    }
    return 1 - a / b
  }
}
