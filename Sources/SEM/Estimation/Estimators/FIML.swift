import LinearAlgebra

// Full-information ML over missing-data patterns k (cases with the same
// observed variables o_k; n_k cases, their mean ȳ_k and covariance S_k with
// divisor n_k): ML's kernel on Σ and μ cut to o_k, summed (Arbuckle 1996;
// lavaan's lav_model_objective_fiml, lav_mvnorm_missing_*):
//   F = (1/n) Σ_k n_k [log|Σ_k| + tr(Σ_k⁻¹S_k) + d_kᵀΣ_k⁻¹d_k],
// whose gradient scatters each pattern's ∂F/∂Σ_k, ∂F/∂μ_k into the full ones.
// F is minus the saturated model's F_H1 away from the usual form, so the test
// statistic is N·(F − F_H1) (Fit.swift). The expected information is
// Σ_k (n_k/n) ½M(A_k), A_k = (Σ̂_oo)⁻¹ of pattern k padded with zeros
// (lavaan's h1.information = "structured"); Fisher scoring steps with the
// complete-data M(Σ⁻¹), which is cheaper and steers as well.

final class FIML: Estimator {
  let patterns: MissingPatterns
  // Per pattern: Σ_k's factor, its inverse, scratch, the deviations, ∂F/∂Σ_k, ∂F/∂μ_k.
  var factor: [Matrix]
  var inverse: [Matrix]
  var work: [Matrix]
  var dev: [[Double]]
  var gk: [Matrix]
  var gMuK: [[Double]]

  init(_ sample: GroupSample) throws(LinearAlgebraError) {
    guard let patterns = sample.patterns else { preconditionFailure("FIML needs missing-data patterns") }
    self.patterns = patterns
    inverse = patterns.patterns.map { Matrix(rows: $0.observed.count, columns: $0.observed.count) }
    factor = inverse
    work = inverse
    gk = inverse
    dev = patterns.patterns.map { [Double](repeating: 0, count: $0.observed.count) }
    gMuK = dev
  }

  static var hasLikelihood: Bool { true }
  static var hasExactHessian: Bool { true }
  static var allowsMeanStructure: Bool { true }
  static var fitsUnbiasedCovariance: Bool { false }

  /// ∂²F/∂θ∂θᵀ at the point of the last `value` (HessianML.swift, one kernel per pattern).
  func exactHessian(_ model: ImpliedModel) -> Matrix? {
    let p = model.layout.p
    var gSigma = Matrix(rows: p, columns: p)
    var gMu = [Double](repeating: 0, count: p)
    gradient(sigma: model.sigma, mu: model.mu, gSigma: &gSigma, gMu: &gMu)
    let means = model.layout.meanstructure
    let pieces = patterns.patterns.enumerated().map { k, pat -> Information.KernelPiece in
      Information.KernelPiece(weight: Double(pat.n) / Double(patterns.n), observed: pat.observed, inverse: inverse[k],
                              gradient: gk[k], gradientMu: means ? gMuK[k] : nil)
    }
    return Information.hessianML(model, pieces: pieces, g: gSigma, gMu: means ? gMu : nil)
  }


  func value(sigma: Matrix, mu: Matrix) -> Double {
    var total = 0.0
    for (k, pat) in patterns.patterns.enumerated() {
      let obs = pat.observed
      let p = sigma.rows, pk = obs.count
      // Raw storage: the nested subscripts' checks cost more than the copy.
      factor[k].elements.withUnsafeMutableBufferPointer { pf in
        sigma.elements.withUnsafeBufferPointer { ps in
          for (b, j) in obs.enumerated() { for (a, i) in obs.enumerated() { pf[a + b * pk] = ps[i + j * p] } }
        }
      }
      if Cholesky.factorInPlaceInfo(&factor[k]) != 0 { return .infinity }
      for (a, i) in obs.enumerated() { dev[k][a] = pat.mean[a] - mu[i, 0] }
      total += Double(pat.n) * ML.kernel(factor: factor[k], inverse: &inverse[k], work: &work[k], s: pat.covariance, d: dev[k])
    }
    return total / Double(patterns.n)
  }

  func gradient(sigma: Matrix, mu: Matrix, gSigma: inout Matrix, gMu: inout [Double]) {
    for k in gSigma.elements.indices { gSigma.elements[k] = 0 }
    for k in gMu.indices { gMu[k] = 0 }
    for (k, pat) in patterns.patterns.enumerated() {
      let obs = pat.observed
      let w = Double(pat.n) / Double(patterns.n)
      ML.kernelGradient(inverse: inverse[k], s: pat.covariance, d: dev[k], g: &gk[k], gMu: &gMuK[k], work: &work[k])
      let p = gSigma.rows, pk = obs.count
      gSigma.elements.withUnsafeMutableBufferPointer { pg in
        gk[k].elements.withUnsafeBufferPointer { pk_ in
          for (b, j) in obs.enumerated() { for (a, i) in obs.enumerated() { pg[i + j * p] += w * pk_[a + b * pk] } }
        }
      }
      for (a, i) in obs.enumerated() { gMu[i] += w * gMuK[k][a] }
    }
  }

  func scoringWeight(sigma: Matrix) -> Matrix? { try? Cholesky(sigma).inverse }

  func expectedInformation(_ model: ImpliedModel) -> Matrix? {
    guard let pieces = patterns.paddedInverses(sigma: model.sigma) else { return nil }
    var m = Matrix(rows: model.layout.freeCount, columns: model.layout.freeCount)
    for (a, share) in pieces { m = m + share * Information.matrix(model, weight: a) }
    return 0.5 * m
  }

  func gfiWeight(sigma: Matrix) -> GFIWeight? {
    patterns.paddedInverses(sigma: sigma).map { .normal($0.map { ($0.inverse, $0.share) }) }
  }

  /// F_H1: the unrestricted model's F at its EM estimates.
  static func saturatedValue(_ patterns: MissingPatterns, mean: [Double], covariance: Matrix) -> Double {
    guard let e = try? FIML(GroupSample(s: covariance, mean: mean, patterns: patterns)) else { return .nan }
    return e.value(sigma: covariance, mu: Matrix(rows: covariance.rows, columns: 1, columnMajor: mean))
  }
}
