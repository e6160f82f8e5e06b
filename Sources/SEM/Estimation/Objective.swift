import LinearAlgebra

// Discrepancy functions and their gradients with respect to Σ (and μ):
//   ML   F = log|Σ| + tr(SΣ⁻¹) − log|S| − p [+ (ȳ − μ)ᵀΣ⁻¹(ȳ − μ)]
//        ∂F/∂Σ = Σ⁻¹(Σ − S − ddᵀ)Σ⁻¹,  ∂F/∂μ = −2Σ⁻¹d,  d = ȳ − μ
//   GLS  F = ½ tr{[(S − Σ)S⁻¹]²}                        ∂F/∂Σ = −S⁻¹(S − Σ)S⁻¹
//   ULS  F = Σ_{i≥j} (sᵢⱼ − σᵢⱼ)²  (each moment once, lavaan's unit weight on vech)
// (Jöreskog 1969; Browne 1974.) lavaan reports fmin = F/2 and χ² = N·F for all
// three; GLS and ULS are fitted to S with divisor N − 1, ML to S with divisor N.
// Full-information ML over missing-data patterns k (cases with the same
// observed variables o_k; n_k cases, their mean ȳ_k and covariance S_k with
// divisor n_k) is the same ML discrepancy summed over patterns with Σ and μ
// cut to o_k (Arbuckle 1996; lavaan's lav_mvnorm_missing):
//   F = (1/n) Σ_k n_k [log|Σ_k| + tr(Σ_k⁻¹S_k) + d_kᵀΣ_k⁻¹d_k],
// whose gradient scatters each pattern's ∂F/∂Σ_k, ∂F/∂μ_k into the full ones.
// With G groups F = Σ_g (n_g/N) F_g (lavaan's multiple-group ML).
// The chain rule to the model matrices (G = ∂F/∂Σ symmetric, g = ∂F/∂μ):
//   ∂F/∂Λ = 2 G ΛΦ + g(Aα)ᵀ,  ∂F/∂Θ = G,  ∂F/∂Ψ = (ΛA)ᵀ G (ΛA),
//   ∂F/∂B = 2 (ΛA)ᵀ G ΛΦ + (ΛA)ᵀg(Aα)ᵀ,  ∂F/∂ν = g,  ∂F/∂α = (ΛA)ᵀg,
// with A = (I − B)⁻¹ and Φ = AΨAᵀ; a symmetric off-diagonal parameter
// collects both of its elements. ML's objective is +∞ where Σ is not
// positive definite, so a line search backs away instead of failing.

public enum Estimator: String, Sendable, Codable, CaseIterable {
  case ml, gls, uls
}

/// One group's contribution to the discrepancy.
final class GroupObjective {
  let workspace: LISRELWorkspace
  let estimator: Estimator
  let s: Matrix
  let sInverse: Matrix
  let logDetS: Double
  /// Sample means when the model has a mean structure (complete data).
  let mean: [Double]?
  let patterns: MissingPatterns?
  let p: Int
  var chol: Matrix
  var sigmaInverse: Matrix
  var g: Matrix
  var gMu: [Double]
  var d: [Double]
  var w: Matrix
  var dLambda, dPsi, dBeta: Matrix
  var gl: Matrix
  var laG: [Double]

  init(layout: LISRELLayout, s: Matrix, mean: [Double]?, patterns: MissingPatterns? = nil, estimator: Estimator) throws(LinearAlgebraError) {
    workspace = LISRELWorkspace(layout: layout)
    self.estimator = estimator
    self.s = s
    self.mean = layout.meanstructure ? mean : nil
    self.patterns = patterns
    p = s.rows
    if patterns == nil {
      let cs = try Cholesky(s)
      logDetS = cs.logDeterminant
      sInverse = cs.inverse
    } else {
      logDetS = 0
      sInverse = Matrix(rows: p, columns: p)
    }
    let m = layout.m
    chol = Matrix(rows: p, columns: p)
    sigmaInverse = Matrix(rows: p, columns: p)
    g = Matrix(rows: p, columns: p)
    gMu = [Double](repeating: 0, count: p)
    d = gMu
    w = Matrix(rows: p, columns: p)
    dLambda = Matrix(rows: p, columns: m)
    dPsi = Matrix(rows: m, columns: m)
    dBeta = Matrix(rows: m, columns: m)
    gl = Matrix(rows: p, columns: m)
    laG = [Double](repeating: 0, count: m)
  }

  /// F_g at the workspace's filled matrices; +∞ where it cannot be evaluated.
  func value() -> Double {
    let ws = workspace
    guard ws.computeSigma() else { return .infinity }
    if let patterns { return patterns.value(sigma: ws.sigma, mu: ws.mu) }
    switch estimator {
    case .ml:
      chol.elements = ws.sigma.elements
      if Cholesky.factorInPlaceInfo(&chol) != 0 { return .infinity }
      let logDet = Cholesky.logDeterminant(ofFactor: chol)
      sigmaInverse.elements = chol.elements
      Cholesky.invertInPlace(factor: &sigmaInverse, workspace: &w)
      var tr = 0.0
      for k in 0..<(p * p) { tr += s.elements[k] * sigmaInverse.elements[k] }
      var f = logDet + tr - logDetS - Double(p)
      if let mean {
        for i in 0..<p { d[i] = mean[i] - ws.mu[i, 0] }
        for j in 0..<p { for i in 0..<p { f += d[i] * sigmaInverse[i, j] * d[j] } }
      }
      return f
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

  /// Adds scale·∇F_g to `gradient`; call right after `value()`.
  func addGradient(into gradient: inout [Double], scale: Double) {
    let ws = workspace
    let means = ws.layout.meanstructure
    if let patterns {
      patterns.gradient(sigma: ws.sigma, mu: ws.mu, gSigma: &g, gMu: &gMu)
    } else {
      switch estimator {
      case .ml:
        // G = Σ⁻¹ − Σ⁻¹(S + ddᵀ)Σ⁻¹, g = −2Σ⁻¹d.
        Matrix.multiply(sigmaInverse, s, into: &w)
        g.elements = sigmaInverse.elements
        Matrix.multiply(w, sigmaInverse, into: &g, alpha: -1, beta: 1)
        if mean != nil {
          for i in 0..<p {
            var v = 0.0
            for j in 0..<p { v += sigmaInverse[i, j] * d[j] }
            gMu[i] = -2 * v
          }
          for j in 0..<p { for i in 0..<p { g[i, j] -= 0.25 * gMu[i] * gMu[j] } }
        }
      case .gls:
        // G = −S⁻¹(S − Σ)S⁻¹; w holds (S − Σ)S⁻¹ from value().
        Matrix.multiply(sInverse, w, into: &g, alpha: -1)
      case .uls:
        // Off-diagonal moments enter once but Σ holds them twice.
        for j in 0..<p {
          for i in 0..<p { g[i, j] = (i == j ? 2 : 1) * (ws.sigma[i, j] - s[i, j]) }
        }
      }
    }
    Matrix.multiply(g, ws.lphi, into: &dLambda, alpha: 2)
    Matrix.multiply(g, ws.la, into: &gl)
    Matrix.multiply(ws.la, gl, into: &dPsi, transposeA: true)
    if ws.layout.hasBeta {
      Matrix.multiply(gl, ws.lphi, into: &dBeta, transposeA: true, alpha: 2)
    }
    let m = ws.layout.m
    if means {
      for k in 0..<m {
        var v = 0.0
        for i in 0..<p { v += ws.la[i, k] * gMu[i] }
        laG[k] = v
      }
      for f in 0..<m { for i in 0..<p { dLambda[i, f] += gMu[i] * ws.aAlpha[f, 0] } }
      if ws.layout.hasBeta {
        for l in 0..<m { for k in 0..<m { dBeta[k, l] += laG[k] * ws.aAlpha[l, 0] } }
      }
    }
    for (e, k) in ws.layout.freeEntries {
      let v: Double
      switch e.matrix {
      case .lambda: v = dLambda[e.row, e.column]
      case .beta: v = dBeta[e.row, e.column]
      case .theta: v = e.row == e.column ? g[e.row, e.column] : 2 * g[e.row, e.column]
      case .psi: v = e.row == e.column ? dPsi[e.row, e.column] : 2 * dPsi[e.row, e.column]
      case .nu: v = gMu[e.row]
      case .alpha: v = laG[e.row]
      }
      gradient[k] += scale * v
    }
  }
}

/// The discrepancy of a (multiple-group) model: Σ_g (n_g/N) F_g.
public final class Objective {
  let groups: [GroupObjective]
  let weights: [Double]
  public var workspace: LISRELWorkspace { groups[0].workspace }
  public var workspaces: [LISRELWorkspace] { groups.map(\.workspace) }
  public var estimator: Estimator { groups[0].estimator }
  var sInverse: Matrix { groups[0].sInverse }

  /// One group, complete data; `s`: the sample covariance matrix (divisor N for ML).
  public convenience init(layout: LISRELLayout, s: Matrix, mean: [Double]? = nil, estimator: Estimator) throws(LinearAlgebraError) {
    self.init(groups: [try GroupObjective(layout: layout, s: s, mean: mean, estimator: estimator)], weights: [1])
  }

  init(groups: [GroupObjective], weights: [Double]) {
    self.groups = groups
    self.weights = weights
  }

  /// F(θ); +∞ where the model cannot be evaluated (Σ not PD under ML, I − B singular).
  public func value(_ theta: [Double]) -> Double {
    var f = 0.0
    for (g, w) in zip(groups, weights) {
      g.workspace.fill(theta)
      let v = g.value()
      if !v.isFinite { return .infinity }
      f += w * v
    }
    return f
  }

  /// ∇F(θ) into `gradient` (length q); call right after `value(theta)` at the same θ.
  public func gradient(into gradient: inout [Double]) {
    for k in gradient.indices { gradient[k] = 0 }
    for (g, w) in zip(groups, weights) { g.addGradient(into: &gradient, scale: w) }
  }
}
