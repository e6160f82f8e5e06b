import LinearAlgebra

// Unweighted least squares (lavaan's estimator = "ULS"):
//   F = Σ_{i≥j} (sᵢⱼ − σᵢⱼ)²  (each moment once, lavaan's unit weight on vech),
// fitted to S with divisor N − 1, T = (N − 1)·F, which has no χ² reference
// distribution (lavaan reports no p value). Its information per case is ΔᵀΔ
// (Δ = ∂vech Σ/∂θ); Fisher scoring steps with M(I).

final class ULS: Estimator {
  let s: Matrix
  let p: Int

  init(_ sample: GroupSample) throws(LinearAlgebraError) {
    s = sample.s
    p = s.rows
  }

  static var fitsUnbiasedCovariance: Bool { true }
  static var chiSquareReferenced: Bool { false }

  func value(sigma: Matrix, mu: Matrix) -> Double {
    var f = 0.0
    for j in 0..<p { for i in j..<p { let d = s[i, j] - sigma[i, j]; f += d * d } }
    return f
  }

  func gradient(sigma: Matrix, mu: Matrix, gSigma: inout Matrix, gMu: inout [Double]) {
    // Off-diagonal moments enter once but Σ holds them twice.
    for j in 0..<p {
      for i in 0..<p { gSigma[i, j] = (i == j ? 2 : 1) * (sigma[i, j] - s[i, j]) }
    }
  }

  func scoringWeight(sigma: Matrix) -> Matrix? { Matrix.identity(p) }

  func expectedInformation(_ model: ImpliedModel) -> Matrix? { Information.delta(model).gram }

  func gfiWeight(sigma: Matrix) -> GFIWeight? { .unit }
}
