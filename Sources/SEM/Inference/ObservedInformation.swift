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
    // Complete data under ML: the structured form (HessianML.swift), O(p²m + q²).
    if let h = objective.exactHessian() { return h }
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
  /// With Φ = AΨAᵀ, vᵢᵀΨvⱼ = Φ[fᵢ, fⱼ] for the rows fᵢ of A that v is, and
  /// uⱼᵀGuᵢ, LᵀGuᵢ are entries of the basis Gram matrix BᵀGB (Information.swift),
  /// so each pair costs O(1) after O(p²m) set-up.
  static func curvature(_ m: ImpliedModel, g: Matrix, gMu: [Double]?, into h: inout Matrix) {
    let p = m.layout.p, mm = m.layout.m, q = h.rows
    let l = m.la, a = m.a, aAlpha = m.aAlpha
    let phi = m.phi
    let gg = basisGram(m, weight: g)
    let pm = (g * l * m.psi).times(a, transposeOther: true)  // GLΨAᵀ (p × m)
    let nm = l.times(pm, transposeSelf: true)                 // LᵀGLΨAᵀ (m × m)
    var gL = [Double](repeating: 0, count: mm)
    if let gMu { for c in 0..<mm { for i in 0..<p { gL[c] += l[i, c] * gMu[i] } } }

    // The elements that enter non-linearly: those that move L = ΛA by u vᵀ
    // (Λ[a,f]: u = eₐ, v = A[f,:]; B[k,l]: u = L[:,k], v = A[l,:]), Ψ and α.
    enum Kind { case lambda, beta, psi, alpha }
    struct Element {
      let kind: Kind
      let row: Int, column: Int, parameter: Int
      /// u's basis column, and the row of A that v is (L-moving elements).
      let u: Int, f: Int
      /// gᵀu.
      let gTu: Double
    }
    var elements: [Element] = []
    for (e, k) in m.layout.freeEntries {
      switch e.matrix {
      case .lambda: elements.append(Element(kind: .lambda, row: e.row, column: e.column, parameter: k, u: e.row, f: e.column, gTu: gMu?[e.row] ?? 0))
      case .beta: elements.append(Element(kind: .beta, row: e.row, column: e.column, parameter: k, u: p + mm + e.row, f: e.column, gTu: gL[e.row]))
      case .psi: elements.append(Element(kind: .psi, row: e.row, column: e.column, parameter: k, u: 0, f: 0, gTu: 0))
      case .alpha: elements.append(Element(kind: .alpha, row: e.row, column: e.column, parameter: k, u: 0, f: 0, gTu: 0))
      case .theta, .nu: continue
      }
    }
    let hasMean = gMu != nil
    /// tr(G ∂²Σ) + gᵀ∂²μ for an L-moving element x and a Ψ or α element y.
    func mixed(_ x: Element, _ y: Element) -> Double {
      switch y.kind {
      case .psi:
        // 2 vᵀ dΨ LᵀGu.
        let (k, lp) = (y.row, y.column)
        let ltGu = { (c: Int) in gg[p + mm + c, x.u] }
        return 2 * (k == lp ? a[x.f, k] * ltGu(k) : a[x.f, k] * ltGu(lp) + a[x.f, lp] * ltGu(k))
      case .alpha: return x.gTu * a[x.f, y.row]
      case .lambda, .beta: return 0
      }
    }
    h.elements.withUnsafeMutableBufferPointer { ph in
      for j in elements.indices {
        let ej = elements[j]
        let jMoves = ej.kind == .lambda || ej.kind == .beta
        for i in j..<elements.count {
          let ei = elements[i]
          let iMoves = ei.kind == .lambda || ei.kind == .beta
          var t = 0.0
          if iMoves && jMoves {
            t = 2 * phi[ei.f, ej.f] * gg[ej.u, ei.u]
            var d2 = 0.0, d2Mean = 0.0
            switch (ei.kind, ej.kind) {
            case (.lambda, .beta), (.beta, .lambda):
              let (lam, bet) = ei.kind == .lambda ? (ei, ej) : (ej, ei)
              let (ra, f, k, lb) = (lam.row, lam.column, bet.row, bet.column)
              d2 = a[f, k] * pm[ra, lb]
              if hasMean { d2Mean = gMu![ra] * a[f, k] * aAlpha[lb, 0] }
            case (.beta, .beta):
              let (k, lb, mi, nn) = (ei.row, ei.column, ej.row, ej.column)
              d2 = a[nn, k] * nm[mi, lb] + a[lb, mi] * nm[k, nn]
              if hasMean { d2Mean = gL[mi] * a[nn, k] * aAlpha[lb, 0] + gL[k] * a[lb, mi] * aAlpha[nn, 0] }
            default: break
            }
            t += 2 * d2 + d2Mean
          } else if iMoves {
            t = mixed(ei, ej)
          } else if jMoves {
            t = mixed(ej, ei)
          }
          guard t != 0 else { continue }
          ph[ei.parameter + ej.parameter * q] += t
          if i != j { ph[ej.parameter + ei.parameter * q] += t }
        }
      }
    }
  }
}
