import LinearAlgebra

// The objective of a fit: each group's estimator (Estimator.swift,
// Estimators/) at the group's Σ(θ), μ(θ), weighted F = Σ_g (n_g/N) F_g, and
// its gradient with respect to θ by the chain rule from the estimator's
// G = ∂F/∂Σ (symmetric) and g = ∂F/∂μ — the same for every estimator:
//   ∂F/∂Λ = 2 G ΛΦ + g(Aα)ᵀ,  ∂F/∂Θ = G,  ∂F/∂Ψ = (ΛA)ᵀ G (ΛA),
//   ∂F/∂B = 2 (ΛA)ᵀ G ΛΦ + (ΛA)ᵀg(Aα)ᵀ,  ∂F/∂ν = g,  ∂F/∂α = (ΛA)ᵀg,
// with A = (I − B)⁻¹ and Φ = AΨAᵀ; a symmetric off-diagonal parameter
// collects both of its elements (Jöreskog 1969; lavaan's lav_model_gradient).

/// One group's contribution to the discrepancy.
final class GroupObjective {
  let workspace: LISRELWorkspace
  let estimator: any Estimator
  let p: Int
  var g: Matrix
  var gMu: [Double]
  var dLambda, dPsi, dBeta: Matrix
  var gl: Matrix
  var laG: [Double]

  init(layout: LISRELLayout, estimator: any Estimator) {
    workspace = LISRELWorkspace(layout: layout)
    self.estimator = estimator
    p = layout.p
    let m = layout.m
    g = Matrix(rows: p, columns: p)
    gMu = [Double](repeating: 0, count: p)
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
    return estimator.value(sigma: ws.sigma, mu: ws.mu)
  }

  /// Adds scale·∇F_g to `gradient`; call right after `value()`.
  func addGradient(into gradient: inout [Double], scale: Double) {
    let ws = workspace
    let means = ws.layout.meanstructure
    estimator.gradient(sigma: ws.sigma, mu: ws.mu, gSigma: &g, gMu: &gMu)
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
    estimator.addParameterGradient(into: &gradient, scale: scale)
  }
}

/// The discrepancy of a (multiple-group) model: Σ_g (n_g/N) F_g. Scratch of
/// whoever evaluates the model: the optimizer, the observed information, the
/// modification indices.
final class Objective {
  let groups: [GroupObjective]
  let weights: [Double]
  var workspaces: [LISRELWorkspace] { groups.map(\.workspace) }

  init(groups: [GroupObjective], weights: [Double]) {
    self.groups = groups
    self.weights = weights
  }

  /// One group, complete data; `s`: the sample covariance matrix the estimator fits.
  convenience init(layout: LISRELLayout, s: Matrix, mean: [Double]? = nil, estimator: EstimatorKind) throws(LinearAlgebraError) {
    let e = try estimator.type.init(GroupSample(s: s, mean: layout.meanstructure ? mean : nil))
    self.init(groups: [GroupObjective(layout: layout, estimator: e)], weights: [1])
  }

  /// F(θ); +∞ where the model cannot be evaluated (Σ not PD under ML, I − B singular).
  func value(_ theta: [Double]) -> Double {
    evaluatedTheta = nil
    var f = 0.0
    for (g, w) in zip(groups, weights) {
      g.workspace.fill(theta)
      g.estimator.load(theta)
      let v = g.value()
      if !v.isFinite { return .infinity }
      f += w * v
    }
    evaluatedTheta = theta
    return f
  }

  /// The θ of the last evaluation that gave a finite F (the workspaces and
  /// estimators still hold its Σ, μ and Σ⁻¹); nil after one that did not.
  private(set) var evaluatedTheta: [Double]?

  /// Evaluates F at θ unless the objective already stands there; false where F is not finite.
  func standAt(_ theta: [Double]) -> Bool {
    if let evaluatedTheta, evaluatedTheta == theta { return true }
    return value(theta).isFinite
  }

  /// ∇F(θ) into `gradient` (length q); call right after `value(theta)` at the same θ.
  func gradient(into gradient: inout [Double]) {
    for k in gradient.indices { gradient[k] = 0 }
    for (g, w) in zip(groups, weights) { g.addGradient(into: &gradient, scale: w) }
  }

  /// Σ_g w_g H_g, each estimator's scoring information (M(P) at its scoring weight, 2ΔᵀWΔ for WLS),
  /// at the last evaluated θ: Fisher scoring's matrix.
  func scoringInformation() -> Matrix? {
    Information.weightedSum(weights) { k in
      groups[k].estimator.scoringInformation(groups[k].workspace.snapshot())
    }
  }

  /// Σ_g w_g H_g, each estimator's exact Hessian of F at the last evaluated θ; nil where one has none.
  func exactHessian() -> Matrix? {
    Information.weightedSum(weights) { groups[$0].estimator.exactHessian(groups[$0].workspace.snapshot()) }
  }

  /// Σ_g w_g I_g, each group's expected information per case, at the last evaluated θ.
  func expectedInformation() -> Matrix? {
    Information.weightedSum(weights) { groups[$0].estimator.expectedInformation(groups[$0].workspace.snapshot()) }
  }

  /// Each group's matrices and implied moments at the last evaluated θ.
  func snapshots() -> [ImpliedModel] { groups.map { $0.workspace.snapshot() } }
}
