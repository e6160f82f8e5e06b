import LinearAlgebra

// Generalised least squares (Browne 1974; lavaan's estimator = "GLS"):
//   F = ½ tr{[(S − Σ)S⁻¹]²},   ∂F/∂Σ = −S⁻¹(S − Σ)S⁻¹,
// fitted to S with divisor N − 1, T = (N − 1)·F. Its weight is the sample's,
// S⁻¹, in the information, the GFI and the baseline model.

final class GLS: Estimator {
  let s: Matrix
  let sInverse: Matrix
  let p: Int
  var r: Matrix
  var rs: Matrix

  init(_ sample: GroupSample) throws(LinearAlgebraError) {
    s = sample.s
    p = s.rows
    sInverse = try Cholesky(s).inverse
    r = Matrix(rows: p, columns: p)
    rs = r
  }

  static var fitsUnbiasedCovariance: Bool { true }

  func value(sigma: Matrix, mu: Matrix) -> Double {
    for k in 0..<(p * p) { r.elements[k] = s.elements[k] - sigma.elements[k] }
    Matrix.multiply(r, sInverse, into: &rs)
    var f = 0.0
    for i in 0..<p { for j in 0..<p { f += rs[i, j] * rs[j, i] } }
    return 0.5 * f
  }

  func gradient(sigma: Matrix, mu: Matrix, gSigma: inout Matrix, gMu: inout [Double]) {
    // rs holds (S − Σ)S⁻¹ from value().
    Matrix.multiply(sInverse, rs, into: &gSigma, alpha: -1)
  }

  func scoringWeight(sigma: Matrix) -> Matrix? { sInverse }

  func gfiWeight(sigma: Matrix) -> GFIWeight? { .normal([(sInverse, 1)]) }

  /// The GLS baseline: the diagonal Σ_b (covariates' block fixed at the sample)
  /// minimising ½tr{[S⁻¹(S − Σ_b)]²}. F is quadratic in the free diagonal d, and
  /// ∂F/∂dₖ = 0 gives Σⱼ (S⁻¹)ₖⱼ² dⱼ = (S⁻¹)ₖₖ − (S⁻¹ X S⁻¹)ₖₖ, X the fixed block.
  static func baselineSigma(s: Matrix, isFixedX: [Bool]) -> Matrix {
    let p = s.rows
    guard let w = try? Cholesky(s).inverse else { return s }
    var x = Matrix(rows: p, columns: p)
    for i in 0..<p where isFixedX[i] {
      for j in 0..<p where isFixedX[j] { x[i, j] = s[i, j] }
    }
    let wxw = w * x * w
    let free = (0..<p).filter { !isFixedX[$0] }
    var a = Matrix(rows: free.count, columns: free.count)
    var b = Matrix(rows: free.count, columns: 1)
    for (r, k) in free.enumerated() {
      for (c, j) in free.enumerated() { a[r, c] = w[k, j] * w[k, j] }
      b[r, 0] = w[k, k] - wxw[k, k]
    }
    var sb = x
    if let d = try? a.solve(b) { for (r, k) in free.enumerated() { sb[k, k] = d[r, 0] } }
    return sb
  }
}
