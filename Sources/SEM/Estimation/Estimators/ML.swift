import LinearAlgebra

// Normal-theory maximum likelihood (Jöreskog 1969; lavaan's lav_model_objective_ml):
//   F = log|Σ| + tr(SΣ⁻¹) − log|S| − p [+ (ȳ − μ)ᵀΣ⁻¹(ȳ − μ)],   S with divisor N,
//   ∂F/∂Σ = Σ⁻¹ − Σ⁻¹(S + ddᵀ)Σ⁻¹,   ∂F/∂μ = −2Σ⁻¹d,   d = ȳ − μ.
// −N/2·F is the log-likelihood up to a constant, so T = N·F is the likelihood
// ratio test against the saturated model and ½M(Σ̂⁻¹) the expected (Fisher)
// information per case. F is +∞ where Σ is not positive definite, so that a
// line search backs away instead of failing. `kernel` and `kernelGradient`
// (without the constants −log|S| − p) are shared with FIML, which applies them
// to each missing-data pattern.

final class ML: Estimator {
  let s: Matrix
  let logDetS: Double
  let mean: [Double]?
  let p: Int
  var factor: Matrix
  var sigmaInverse: Matrix
  var work: Matrix
  var d: [Double]
  /// The Σ whose inverse `sigmaInverse` holds (own storage, so that the
  /// workspace can overwrite its Σ without a copy); unset after a failed evaluation.
  var evaluatedSigma: Matrix
  var hasInverse = false

  init(_ sample: GroupSample) throws(LinearAlgebraError) {
    s = sample.s
    mean = sample.mean
    p = s.rows
    logDetS = try Cholesky(s).logDeterminant
    factor = Matrix(rows: p, columns: p)
    sigmaInverse = factor
    work = factor
    evaluatedSigma = factor
    d = [Double](repeating: 0, count: p)
  }

  static var hasLikelihood: Bool { true }
  static var hasExactHessian: Bool { true }
  static var allowsMeanStructure: Bool { true }
  static var fitsUnbiasedCovariance: Bool { false }

  func value(sigma: Matrix, mu: Matrix) -> Double {
    hasInverse = false
    factor.overwrite(with: sigma)
    if Cholesky.factorInPlaceInfo(&factor) != 0 { return .infinity }
    if let mean { for i in 0..<p { d[i] = mean[i] - mu[i, 0] } }
    let f = ML.kernel(factor: factor, inverse: &sigmaInverse, work: &work, s: s, d: mean == nil ? nil : d) - logDetS - Double(p)
    evaluatedSigma.overwrite(with: sigma)
    hasInverse = true
    return f
  }

  func gradient(sigma: Matrix, mu: Matrix, gSigma: inout Matrix, gMu: inout [Double]) {
    ML.kernelGradient(inverse: sigmaInverse, s: s, d: mean == nil ? nil : d, g: &gSigma, gMu: &gMu, work: &work)
  }

  /// Σ⁻¹: the one `value` just made when Σ is the one it was given (Fisher
  /// scoring asks right after evaluating F), otherwise factored afresh.
  func scoringWeight(sigma: Matrix) -> Matrix? {
    if hasInverse, evaluatedSigma.elements == sigma.elements { return sigmaInverse }
    return try? Cholesky(sigma).inverse
  }

  /// HessianML.swift at the point of the last `value` (nil at any other Σ).
  func exactHessian(_ model: ImpliedModel) -> Matrix? {
    guard hasInverse, evaluatedSigma.elements == model.sigma.elements else { return nil }
    var gSigma = Matrix(rows: p, columns: p)
    var gMu = [Double](repeating: 0, count: p)
    gradient(sigma: model.sigma, mu: model.mu, gSigma: &gSigma, gMu: &gMu)
    return Information.hessianML(model, inverse: sigmaInverse, g: gSigma, gMu: mean == nil ? nil : gMu)
  }

  /// Σ_b shares S's diagonal and its covariate block, so tr(SΣ_b⁻¹) = p and
  /// F_b = Σ_{i not x} log sᵢᵢ + log|S_xx| − log|S|: two small factorizations
  /// instead of an estimator and a full evaluation.
  static func baselineDiscrepancy(s: Matrix, isFixedX: [Bool]) -> Double {
    guard let logDetS = try? Cholesky(s).logDeterminant else { return .nan }
    let x = isFixedX.indices.filter { isFixedX[$0] }
    var f = -logDetS
    for i in 0..<s.rows where !isFixedX[i] {
      guard s[i, i] > 0 else { return .nan }
      f += _log(s[i, i])
    }
    if !x.isEmpty {
      guard let logDetX = try? Cholesky(s.submatrix(x)).logDeterminant else { return .nan }
      f += logDetX
    }
    return f
  }

  func gfiWeight(sigma: Matrix) -> GFIWeight? { scoringWeight(sigma: sigma).map { .normal([($0, 1)]) } }

  /// log|Σ| + tr(Σ⁻¹S) + dᵀΣ⁻¹d from Σ's Cholesky factor (lower triangle of
  /// `factor`); `inverse` receives Σ⁻¹, `work` is scratch of the same size.
  @inline(__always)
  static func kernel(factor: Matrix, inverse: inout Matrix, work: inout Matrix, s: Matrix, d: [Double]?) -> Double {
    let p = s.rows
    let logDet = Cholesky.logDeterminant(ofFactor: factor)
    inverse.overwrite(with: factor)
    Cholesky.invertInPlace(factor: &inverse, workspace: &work)
    var f = logDet
    s.elements.withUnsafeBufferPointer { ps in
      inverse.elements.withUnsafeBufferPointer { pi in
        var tr = 0.0
        for k in 0..<(p * p) { tr += ps[k] * pi[k] }
        f += tr
        if let d {
          for j in 0..<p { for i in 0..<p { f += d[i] * pi[i + j * p] * d[j] } }
        }
      }
    }
    return f
  }

  /// G = Σ⁻¹ − Σ⁻¹(S + ddᵀ)Σ⁻¹ and g = −2Σ⁻¹d (zero without d), from the
  /// `inverse` the kernel left.
  @inline(__always)
  static func kernelGradient(inverse: Matrix, s: Matrix, d: [Double]?, g: inout Matrix, gMu: inout [Double], work: inout Matrix) {
    let p = s.rows
    Matrix.multiply(inverse, s, into: &work)
    g.overwrite(with: inverse)
    Matrix.multiply(work, inverse, into: &g, alpha: -1, beta: 1)
    if let d {
      for i in 0..<p {
        var v = 0.0
        for j in 0..<p { v += inverse[i, j] * d[j] }
        gMu[i] = -2 * v
      }
      for j in 0..<p { for i in 0..<p { g[i, j] -= 0.25 * gMu[i] * gMu[j] } }
    }
  }
}
