import LinearAlgebra

// The observed information of ML and FIML fits: half the Hessian of F at θ̂,
// analytically (lavaan's information = "observed", observed.information =
// "hessian", the default under FIML and MLR, which lavaan takes by
// differences of its analytic gradient; Savalei 2010). With m = (μ, vech Σ),
//   ∂²F/∂θᵢ∂θⱼ = Σ_g w_g [ Δ_gᵀ H_g Δ_g + tr(G_g ∂²Σ_g/∂θᵢ∂θⱼ) + g_gᵀ ∂²μ_g/∂θᵢ∂θⱼ ],
// Δ = ∂m/∂θ, H = ∂²F/∂m∂mᵀ = 2A₁(μ̂, Σ̂) (the unrestricted model's observed
// information per case over the missing-data patterns, RobustMissing.swift;
// complete data are one pattern), G = ∂F/∂Σ and g = ∂F/∂μ (the estimator's
// gradient). The second derivatives of the model's moments, with L = ΛA,
// A = (I − B)⁻¹, Σ = LΨLᵀ + Θ and μ = ν + Lα: a loading Λ[a,f] moves L by
// e_a A[f,:], a path B[k,l] by L[:,k] A[l,:] — each dL = u vᵀ of rank one —
// and their second derivatives are
//   (Λ[a,f], B[k,l]): e_a A[f,k] A[l,:],
//   (B[k,l], B[m,n]): L[:,m] A[n,k] A[l,:] + L[:,k] A[l,m] A[n,:],
// zero for two loadings; Θ, ν and two Ψ elements enter linearly. For
// symmetric G,
//   tr(G ∂²Σ) = 2[⟨d²L, GLΨ⟩ + (vᵢᵀΨvⱼ)(uⱼᵀGuᵢ) + vᵢᵀ dΨⱼ LᵀGuᵢ + vⱼᵀ dΨᵢ LᵀGuⱼ],
//   gᵀ∂²μ = gᵀ d²L α + (gᵀuᵢ) dαⱼ·vᵢ + (gᵀuⱼ) dαᵢ·vⱼ.
// A parameter sums over the elements it occupies (equality labels).

extension Information {
  /// ∂²F/∂θ∂θᵀ at θ̂ (ML with complete data, or FIML).
  static func observedAnalytic(_ f: FittedModel) throws -> Matrix {
    let objective = f.makeObjective()
    guard objective.value(f.theta).isFinite else {
      throw SEMFailure(kind: .notIdentified, message: "the model-implied covariance matrix is not positive definite at the estimates")
    }
    let q = f.q
    var h = Matrix(rows: q, columns: q)
    for (k, (go, w)) in zip(objective.groups, objective.weights).enumerated() {
      let fit = f.groups[k]
      let model = go.workspace.snapshot()
      let p = model.layout.p
      var gSigma = Matrix(rows: p, columns: p)
      var gMu = [Double](repeating: 0, count: p)
      go.estimator.gradient(sigma: model.sigma, mu: model.mu, gSigma: &gSigma, gMu: &gMu)
      // The unrestricted model's part, Δᵀ(2A₁)Δ, at μ̂ (the sample means without a mean structure).
      let moments = fit.data.moments
      let patterns = fit.data.patterns
        ?? MissingPatterns(completeMean: moments.means, covariance: fit.sampleCovariance, n: moments.n)
      let mu = f.meanstructure ? model.means : moments.means
      let a1 = try Robustness.h1Observed(patterns: patterns, mu: mu, sigma: model.sigma)
      let delta = Robustness.stacked(mean: meanDelta(model), covariance: self.delta(model))
      let first = delta.times(a1 * delta, transposeSelf: true)
      var second = Matrix(rows: q, columns: q)
      curvature(model, g: gSigma, gMu: f.meanstructure ? gMu : nil, into: &second)
      for j in 0..<q { for i in 0..<q { h[i, j] += w * (2 * first[i, j] + second[i, j]) } }
    }
    return h
  }

  /// Σ over pairs of free elements of tr(G ∂²Σ/∂eᵢ∂eⱼ) + gᵀ∂²μ/∂eᵢ∂eⱼ, added into `h` by parameter.
  static func curvature(_ m: ImpliedModel, g: Matrix, gMu: [Double]?, into h: inout Matrix) {
    let p = m.layout.p, mm = m.layout.m
    let l = m.la, a = m.a, psi = m.psi
    // GLΨ and its products with Aᵀ and Lᵀ: ⟨d²L, GLΨ⟩ in closed form.
    let m1 = g * l * psi
    let pm = m1.times(a, transposeOther: true)       // GLΨAᵀ (p × m)
    let nm = l.times(pm, transposeSelf: true)          // LᵀGLΨAᵀ (m × m)
    let gL = gMu.map { gv in (0..<mm).map { c in (0..<p).reduce(0.0) { $0 + l[$1, c] * gv[$1] } } }
    let aAlpha = m.aAlpha

    // Each element that moves L (u vᵀ), Ψ or α.
    enum Kind { case lambda(Int, Int), beta(Int, Int), psi(Int, Int), alpha(Int), linear }
    struct Element {
      var kind: Kind
      var parameter: Int
      var u = [Double](), v = [Double](), gu = [Double](), ltGu = [Double](), psiV = [Double]()
      var gTu = 0.0
    }
    var elements: [Element] = []
    for (e, k) in m.layout.freeEntries {
      var el: Element
      switch e.matrix {
      case .lambda:
        el = Element(kind: .lambda(e.row, e.column), parameter: k)
        el.u = [Double](repeating: 0, count: p); el.u[e.row] = 1
        el.v = (0..<mm).map { a[e.column, $0] }
        el.gTu = gMu?[e.row] ?? 0
      case .beta:
        el = Element(kind: .beta(e.row, e.column), parameter: k)
        el.u = (0..<p).map { l[$0, e.row] }
        el.v = (0..<mm).map { a[e.column, $0] }
        el.gTu = gL?[e.row] ?? 0
      case .psi: el = Element(kind: .psi(e.row, e.column), parameter: k)
      case .alpha: el = Element(kind: .alpha(e.row), parameter: k)
      case .theta, .nu: continue
      }
      if !el.u.isEmpty {
        el.gu = (0..<p).map { i in (0..<p).reduce(0.0) { $0 + g[i, $1] * el.u[$1] } }
        el.ltGu = (0..<mm).map { c in (0..<p).reduce(0.0) { $0 + l[$1, c] * el.gu[$1] } }
        el.psiV = (0..<mm).map { r in (0..<mm).reduce(0.0) { $0 + psi[r, $1] * el.v[$1] } }
      }
      elements.append(el)
    }
    func dot(_ x: [Double], _ y: [Double]) -> Double {
      var s = 0.0
      for i in x.indices { s += x[i] * y[i] }
      return s
    }
    /// vᵀ dΨ w for Ψ[k,l] (symmetric).
    func psiForm(_ v: [Double], _ k: Int, _ l: Int, _ w: [Double]) -> Double {
      k == l ? v[k] * w[k] : v[k] * w[l] + v[l] * w[k]
    }
    for ei in elements {
      for ej in elements {
        var t = 0.0
        switch (ei.kind, ej.kind) {
        case (.lambda, .lambda), (.lambda, .beta), (.beta, .lambda), (.beta, .beta):
          t += 2 * dot(ei.v, ej.psiV) * dot(ej.u, ei.gu)
          var d2 = 0.0, d2Mean = 0.0
          switch (ei.kind, ej.kind) {
          case (.lambda(let ra, let f), .beta(let k, let lb)), (.beta(let k, let lb), .lambda(let ra, let f)):
            d2 = a[f, k] * pm[ra, lb]
            if let gMu { d2Mean = gMu[ra] * a[f, k] * aAlpha[lb, 0] }
          case (.beta(let k, let lb), .beta(let mi, let n)):
            d2 = a[n, k] * nm[mi, lb] + a[lb, mi] * nm[k, n]
            if let gL { d2Mean = gL[mi] * a[n, k] * aAlpha[lb, 0] + gL[k] * a[lb, mi] * aAlpha[n, 0] }
          default: break
          }
          t += 2 * d2 + d2Mean
        case (.lambda, .psi(let k, let lp)), (.beta, .psi(let k, let lp)):
          t += 2 * psiForm(ei.v, k, lp, ei.ltGu)
        case (.psi(let k, let lp), .lambda), (.psi(let k, let lp), .beta):
          t += 2 * psiForm(ej.v, k, lp, ej.ltGu)
        case (.lambda, .alpha(let k)), (.beta, .alpha(let k)):
          t += ei.gTu * ei.v[k]
        case (.alpha(let k), .lambda), (.alpha(let k), .beta):
          t += ej.gTu * ej.v[k]
        default: break
        }
        if t != 0 { h[ei.parameter, ej.parameter] += t }
      }
    }
  }
}
