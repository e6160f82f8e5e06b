import LinearAlgebra

// Discrepancy functions and their gradients with respect to Σ:
//   ML   F = log|Σ| + tr(SΣ⁻¹) − log|S| − p            ∂F/∂Σ = Σ⁻¹(Σ − S)Σ⁻¹
//   GLS  F = ½ tr{[(S − Σ)S⁻¹]²}                        ∂F/∂Σ = −S⁻¹(S − Σ)S⁻¹
//   ULS  F = Σ_{i≥j} (sᵢⱼ − σᵢⱼ)²  (each moment once, lavaan's unit weight on vech)
// (Jöreskog 1969; Browne 1974.) lavaan reports fmin = F/2 and χ² = N·F for all
// three; GLS and ULS are fitted to S with divisor N − 1, ML to S with divisor N. The chain rule to the model matrices (G = ∂F/∂Σ, symmetric):
//   ∂F/∂Λ = 2 G ΛΦ,  ∂F/∂Θ = G,  ∂F/∂Ψ = (ΛA)ᵀ G (ΛA),  ∂F/∂B = 2 (ΛA)ᵀ G ΛΦ,
// with A = (I − B)⁻¹ and Φ = AΨAᵀ; a symmetric off-diagonal parameter
// collects both of its elements. ML's objective is +∞ where Σ is not
// positive definite, so a line search backs away instead of failing.

public enum Estimator: String, Sendable, Codable, CaseIterable {
  case ml, gls, uls
}

public final class Objective {
  public let workspace: LISRELWorkspace
  public let estimator: Estimator
  let s: Matrix
  let sInverse: Matrix
  let logDetS: Double
  let p: Int
  var chol: Matrix
  var sigmaInverse: Matrix
  var g: Matrix
  var w: Matrix
  var dLambda, dPsi, dBeta: Matrix
  var gl: Matrix

  /// `s`: the sample covariance matrix with divisor N.
  public init(layout: LISRELLayout, s: Matrix, estimator: Estimator) throws(LinearAlgebraError) {
    workspace = LISRELWorkspace(layout: layout)
    self.estimator = estimator
    self.s = s
    p = s.rows
    let cs = try Cholesky(s)
    logDetS = cs.logDeterminant
    sInverse = cs.inverse
    let m = layout.m
    chol = Matrix(rows: p, columns: p)
    sigmaInverse = Matrix(rows: p, columns: p)
    g = Matrix(rows: p, columns: p)
    w = Matrix(rows: p, columns: p)
    dLambda = Matrix(rows: p, columns: m)
    dPsi = Matrix(rows: m, columns: m)
    dBeta = Matrix(rows: m, columns: m)
    gl = Matrix(rows: p, columns: m)
  }

  /// F(θ); +∞ where the model cannot be evaluated (Σ not PD under ML, I − B singular).
  public func value(_ theta: [Double]) -> Double {
    let ws = workspace
    ws.fill(theta)
    guard ws.computeSigma() else { return .infinity }
    switch estimator {
    case .ml:
      chol.elements = ws.sigma.elements
      if Cholesky.factorInPlaceInfo(&chol) != 0 { return .infinity }
      let logDet = Cholesky.logDeterminant(ofFactor: chol)
      sigmaInverse.elements = chol.elements
      Cholesky.invertInPlace(factor: &sigmaInverse, workspace: &w)
      var tr = 0.0
      for k in 0..<(p * p) { tr += s.elements[k] * sigmaInverse.elements[k] }
      return logDet + tr - logDetS - Double(p)
    case .gls:
      // r = (S − Σ)S⁻¹; F = ½ tr(r r).
      for k in 0..<(p * p) { g.elements[k] = s.elements[k] - ws.sigma.elements[k] }
      Matrix.multiply(g, sInverse, into: &w)
      var f = 0.0
      for i in 0..<p { for j in 0..<p { f += w[i, j] * w[j, i] } }
      return 0.5 * f
    case .uls:
      var f = 0.0
      for j in 0..<p { for i in j..<p { let d = s[i, j] - ws.sigma[i, j]; f += d * d } }
      return f
    }
  }

  /// ∇F(θ) into `gradient` (length q); call right after `value(theta)` at the same θ.
  public func gradient(into gradient: inout [Double]) {
    let ws = workspace
    switch estimator {
    case .ml:
      // G = Σ⁻¹ − Σ⁻¹ S Σ⁻¹.
      Matrix.multiply(sigmaInverse, s, into: &w)
      g.elements = sigmaInverse.elements
      Matrix.multiply(w, sigmaInverse, into: &g, alpha: -1, beta: 1)
    case .gls:
      // G = −S⁻¹(S − Σ)S⁻¹; w holds (S − Σ)S⁻¹ from value().
      Matrix.multiply(sInverse, w, into: &g, alpha: -1)
    case .uls:
      // Off-diagonal moments enter once but Σ holds them twice.
      for j in 0..<p {
        for i in 0..<p { g[i, j] = (i == j ? 2 : 1) * (ws.sigma[i, j] - s[i, j]) }
      }
    }
    Matrix.multiply(g, ws.lphi, into: &dLambda, alpha: 2)
    Matrix.multiply(g, ws.la, into: &gl)
    Matrix.multiply(ws.la, gl, into: &dPsi, transposeA: true)
    if ws.layout.hasBeta {
      Matrix.multiply(gl, ws.lphi, into: &dBeta, transposeA: true, alpha: 2)
    }
    for k in gradient.indices { gradient[k] = 0 }
    for (e, k) in ws.layout.freeEntries {
      switch e.matrix {
      case .lambda: gradient[k] += dLambda[e.row, e.column]
      case .beta: gradient[k] += dBeta[e.row, e.column]
      case .theta: gradient[k] += e.row == e.column ? g[e.row, e.column] : 2 * g[e.row, e.column]
      case .psi: gradient[k] += e.row == e.column ? dPsi[e.row, e.column] : 2 * dPsi[e.row, e.column]
      }
    }
  }

}
