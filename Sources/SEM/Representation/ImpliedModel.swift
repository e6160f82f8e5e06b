import LinearAlgebra

// The model matrices of one group at one θ and the moments they imply, as a
// value: what a fitted model keeps of each group once estimation is over
// (the mutable LISRELWorkspace it came from is scratch of the estimation,
// the observed information, the bootstrap and the modification indices).

public struct ImpliedModel: Sendable {
  public let layout: LISRELLayout
  /// Λ, Θ, Ψ, B, ν, α.
  public let lambda, theta, psi, beta, nu, alpha: Matrix
  /// A = (I − B)⁻¹, ΛA, ΛΦ = ΛAΨAᵀ, Aα.
  public let a, la, lphi, aAlpha: Matrix
  /// Σ(θ) and μ(θ) (p × 1; zero without a mean structure).
  public let sigma, mu: Matrix

  /// Φ = AΨAᵀ, the model-implied covariance of η.
  public var phi: Matrix { a * psi * a.transposed }
  /// μ as an array.
  public var means: [Double] { mu.elements }
}

extension LISRELWorkspace {
  /// The matrices as they are now (after `fill` and `computeSigma`).
  func snapshot() -> ImpliedModel {
    ImpliedModel(layout: layout, lambda: lambda, theta: theta, psi: psi, beta: beta, nu: nu, alpha: alpha,
                 a: a, la: la, lphi: lphi, aAlpha: aAlpha, sigma: sigma, mu: mu)
  }
}
