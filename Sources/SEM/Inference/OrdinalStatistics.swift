import Distributions
import LinearAlgebra

// Steps 10–12 for ordered variables (lavaan 0.6.14 with ordered =;
// lav_model_vcov, lav_test_satorra_bentler with test = "scaled.shifted",
// lav_fit for categorical data), on each group's s = (τ, ρ) and over all groups
// at once (W̃ = blockdiag f_g W_g, Γ̃ = blockdiag Γ_g/f_g, f_g = n_g/N, Δ stacked):
//   Δ = ∂σ/∂(τ, θ): identity (delta) or Δᵢ plus ∂Δᵢ/∂θ·τ (theta) on the thresholds, Δ_ρ on the correlations,
//   A = W̃Δ,  E = ΔᵀA,  H = AᵀΓ̃A,
//   standard: V = E⁻¹/(N − G),  robust (WLSMV, ULSMV): V = E⁻¹HE⁻¹/(N − G),
//   τ̂ = τ_s + W_ττ⁻¹ W_τρ (r − σ̂)  (τ_s for a diagonal W),
//   T = Σ_g (n_g − 1)·F_g,  U = W̃ − AE⁻¹Aᵀ,  a = √(df / tr((UΓ̃)²)),  b = df − a·tr(UΓ̃),
//   T_scaled = a·T + b, reported scaling factor 1/a (Asparouhov & Muthén 2010);
//   baseline: thresholds free, correlations 0 (Δ_b = identity on the thresholds, df_b = Σ P_g).

struct OrdinalStatistics: Sendable {
  /// The thresholds at the estimates, every group's in turn (theta: in the metric Δ⁻¹).
  let thresholds: [Double]
  /// Per group, each variable's scale factor Δᵢ = σ̂ᵢᵢ^(−½) (1 in the delta parameterization).
  let scales: [[Double]]
  /// Where each group's thresholds start in `thresholds` (and in vcov).
  let thresholdStart: [Int]
  /// Covariance of (τ₁ … τ_G, θ).
  let vcov: Matrix
  let scaledShifted: (a: Double, b: Double)
  /// T = Σ_g (n_g − 1)·F_g (lavaan: 2n_g·fmin_g, fmin_g = ½(n_g − 1)/n_g·F_g).
  let chisq: Double
  let baseline: (chisq: Double, df: Double)
  let baselineScaledShifted: (a: Double, b: Double)
  /// s − σ̂ on (τ, ρ), per group.
  let residuals: [[Double]]
  /// Each group's W on its s = (τ, ρ) (the GFI's weight too).
  let statisticWeights: [WeightedLeastSquares.Weight]
  /// The robust CFI/TLI/RMSEA's inputs (WLSMV/ULSMV, positive definite R): catML.
  let catML: (chisq: Double, c: Double, baselineChisq: Double, baselineC: Double)?

  init(_ f: FittedModel) {
    self = f.cache.ordinal.get { OrdinalStatistics(computing: f) }
  }

  /// One group's pieces: W, Δ (rows of s, columns of (τ all groups, θ)), the residuals and thresholds.
  struct Group {
    let sample: OrdinalSample
    let w: WeightedLeastSquares.Weight
    let delta: Matrix
    var e: [Double]
    var tau: [Double]
  }

  private init(computing f: FittedModel) {
    let samples = f.ordinalSamples, q = f.q, p = f.p
    let tTotal = samples.reduce(0) { $0 + $1.thresholdCount }
    var starts: [Int] = [], t0 = 0
    for o in samples { starts.append(t0); t0 += o.thresholdCount }
    let columns = tTotal + q
    let nTotal = Double(samples.reduce(0) { $0 + $1.n })
    let n1 = nTotal - Double(samples.count)
    let weights = samples.map { Double($0.n) / nTotal }
    var groups: [Group] = []
    var scaleFactors: [[Double]] = []
    for (g, o) in samples.enumerated() {
      let t = o.thresholdCount, pc = o.correlationCount, d = t + pc
      let w = (try? WeightedLeastSquares.weight(o, f.options.estimator)) ?? .diagonal([Double](repeating: 1, count: d))
      let implied = f.groups[g].implied
      let theta = f.options.parameterization == .theta
      let fullDelta = Information.delta(implied)
      let dRho = WeightedLeastSquares.correlationDelta(fullDelta, p: p, sigma: theta ? implied.sigma : nil)
      let rho = f.impliedCorrelation(g)
      let s = o.statistics
      var e = [Double](repeating: 0, count: d)
      var k = 0
      for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { e[t + k] = s[t + k] - rho[i, j]; k += 1 } }
      var tau = Array(s[0..<t])
      if case .full(let wm) = w, t > 0, let x = OrdinalStatistics.profile(wm, t: t, pc: pc, e) {
        // e_τ = −W_ττ⁻¹ W_τρ e_ρ.
        for a in 0..<t { e[a] = -x[a]; tau[a] = s[a] + x[a] }
      }
      // Theta: the latent responses' thresholds Δᵢτᵢₖ, τ in the metric of the
      // parameters; ∂(Δᵢτᵢₖ)/∂θ = −½τᵢₖσᵢᵢ^(−3/2)∂σᵢᵢ/∂θ.
      let scale = (0..<p).map { theta ? 1 / implied.sigma[$0, $0].squareRoot() : 1 }
      var variableOf: [Int] = []
      for (v, th) in o.thresholds.enumerated() { variableOf += Array(repeating: v, count: th.count) }
      var delta = Matrix(rows: d, columns: columns)
      var diagonalRow = [Int](repeating: 0, count: p), r = 0
      for j in 0..<p { for i in j..<p { if i == j { diagonalRow[j] = r }; r += 1 } }
      for a in 0..<t {
        let v = variableOf[a]
        tau[a] /= scale[v]
        delta[a, starts[g] + a] = scale[v]
        if theta {
          let sii = implied.sigma[v, v]
          for c in 0..<q { delta[a, tTotal + c] = -0.5 * tau[a] * fullDelta[diagonalRow[v], c] / (sii * sii.squareRoot()) }
        }
      }
      for c in 0..<q { for k in 0..<pc { delta[t + k, tTotal + c] = dRho[k, c] } }
      groups.append(Group(sample: o, w: w, delta: delta, e: e, tau: tau))
      scaleFactors.append(scale)
    }
    thresholds = groups.flatMap(\.tau)
    scales = scaleFactors
    statisticWeights = groups.map(\.w)
    chisq = groups.reduce(0) { $0 + Double($1.sample.n - 1) * $1.w.quadratic($1.e) }
    thresholdStart = starts
    residuals = groups.map(\.e)
    // lavaan's lav_model_nvcov_robust_sem and lav_test_satorra_bentler, over all groups at once (W̃ = blockdiag f_g W_g, Γ̃ = blockdiag Γ_g/f_g, Δ stacked):
    // parameters shared by groups couple their blocks. With A = W̃Δ:
    //   E = ΔᵀA = Σ_g f_g ΔᵀWΔ,  H = AᵀΓ̃A = Σ_g f_g ΔᵀWΓWΔ,  V = E⁻¹HE⁻¹/(N − G) (robust) or E⁻¹/(N − G).
    let dims = groups.map { $0.sample.thresholdCount + $0.sample.correlationCount }
    let total = dims.reduce(0, +)
    let diagonal = !groups.contains { if case .full = $0.w { true } else { false } }
    var wAll = Matrix(rows: diagonal ? 0 : total, columns: diagonal ? 0 : total), wDiagonal = [Double](repeating: 0, count: total)
    var gammaAll = Matrix(rows: total, columns: total)
    var deltaAll = Matrix(rows: total, columns: columns), deltaB = Matrix(rows: total, columns: tTotal)
    var offset = 0
    for (g, gr) in groups.enumerated() {
      let wd = gr.w.diagonal
      for j in 0..<dims[g] {
        wDiagonal[offset + j] = weights[g] * wd[j]
        for i in 0..<dims[g] {
          if !diagonal { wAll[offset + i, offset + j] = weights[g] * gr.w[i, j] }
          gammaAll[offset + i, offset + j] = gr.sample.gamma[i, j] / weights[g]
        }
      }
      for c in 0..<columns { for i in 0..<dims[g] { deltaAll[offset + i, c] = gr.delta[i, c] } }
      for k in 0..<gr.sample.thresholdCount { deltaB[offset + k, starts[g] + k] = 1 }
      offset += dims[g]
    }
    let weightAll: WeightedLeastSquares.Weight = diagonal ? .diagonal(wDiagonal) : .full(wAll)
    let model = OrdinalStatistics.sandwich(weightAll, delta: deltaAll, gamma: gammaAll, robust: f.options.meanAndVariance)
    let eInverse = model.eInverse
    vcov = f.options.meanAndVariance ? (1 / n1) * (eInverse * model.h * eInverse) : (1 / n1) * eInverse
    let df = Double(f.df)
    scaledShifted = OrdinalStatistics.shift(tr: model.tr, tr2: model.tr2, df: df)
    // The baseline: thresholds free, correlations 0, in every group.
    var fb = 0.0, dfb = 0.0
    for (g, gr) in groups.enumerated() {
      let o = gr.sample, t = o.thresholdCount, pc = o.correlationCount, d = t + pc
      let s = o.statistics
      var eb = [Double](repeating: 0, count: d)
      for k in 0..<pc { eb[t + k] = s[t + k] }
      if case .full(let wm) = gr.w, t > 0, let x = OrdinalStatistics.profile(wm, t: t, pc: pc, eb) { for a in 0..<t { eb[a] = -x[a] } }
      fb += Double(o.n - 1) * gr.w.quadratic(eb)
      dfb += Double(pc)
    }
    baseline = (fb, dfb)
    let baselineModel = OrdinalStatistics.sandwich(weightAll, delta: deltaB, gamma: gammaAll, robust: f.options.meanAndVariance)
    baselineScaledShifted = OrdinalStatistics.shift(tr: baselineModel.tr, tr2: baselineModel.tr2, df: dfb)
    catML = f.options.meanAndVariance ? OrdinalStatistics.catML(f, groups, weights: weights, eInverse: eInverse, df: df) : nil
  }

  /// x = W_ττ⁻¹ W_τρ e_ρ (the profiled thresholds' shift).
  static func profile(_ w: Matrix, t: Int, pc: Int, _ e: [Double]) -> [Double]? {
    var rhs = Matrix(rows: t, columns: 1)
    for a in 0..<t { var v = 0.0; for b in 0..<pc { v += w[a, t + b] * e[t + b] }; rhs[a, 0] = v }
    guard let x = try? Cholesky(w.submatrix(Array(0..<t))).solve(rhs) else { return nil }
    return (0..<t).map { x[$0, 0] }
  }

  /// E⁻¹, H = AᵀΓA and the traces of UΓ for U = W − AE⁻¹Aᵀ, A = WΔ, E = ΔᵀA,
  /// without forming UΓ (O(D²k) instead of O(D³) for D statistics and k parameters):
  ///   tr(UΓ) = tr(WΓ) − tr(E⁻¹H),
  ///   tr((UΓ)²) = tr(WΓWΓ) − 2 tr(E⁻¹CᵀWC) + tr((E⁻¹H)²),  C = ΓA.
  static func sandwich(_ w: WeightedLeastSquares.Weight, delta: Matrix, gamma: Matrix, robust: Bool) -> (eInverse: Matrix, h: Matrix, tr: Double, tr2: Double) {
    let a = w.times(delta)
    let k = delta.columns, d = delta.rows
    let e = delta.times(a, transposeSelf: true)
    let eInverse = (try? Cholesky(e).inverse) ?? Matrix(rows: k, columns: k, repeating: .nan)
    guard robust else { return (eInverse, Matrix(rows: k, columns: k), .nan, .nan) }
    let c = gamma * a
    let h = a.times(c, transposeSelf: true)
    let cwc = c.times(w.times(c), transposeSelf: true)
    var trWG = 0.0, trWGWG = 0.0
    switch w {
    case .diagonal(let v):
      for j in 0..<d {
        trWG += v[j] * gamma[j, j]
        for i in 0..<d { trWGWG += v[i] * gamma[i, j] * v[j] * gamma[j, i] }
      }
    case .full(let m):
      let wg = m * gamma
      for j in 0..<d {
        trWG += wg[j, j]
        for i in 0..<d { trWGWG += wg[i, j] * wg[j, i] }
      }
    }
    let eh = eInverse * h
    var trEH = 0.0, trEHEH = 0.0, trECWC = 0.0
    for j in 0..<k {
      trEH += eh[j, j]
      for i in 0..<k { trEHEH += eh[i, j] * eh[j, i]; trECWC += eInverse[i, j] * cwc[j, i] }
    }
    return (eInverse, h, trWG - trEH, trWGWG - 2 * trECWC + trEHEH)
  }

  /// a and b of the scaled-shifted test from tr(UΓ) and tr((UΓ)²).
  static func shift(tr: Double, tr2: Double, df: Double) -> (a: Double, b: Double) {
    let a = (df / tr2).squareRoot()
    return (a, df - a * tr)
  }

  /// lavaan's robust indices for categorical data (Savalei 2021, "Improving
  /// fit indices in structural equation modeling with categorical data",
  /// Multivariate Behavioral Research 56, 390–407; lav_fit_catml_dwls): the
  /// normal-theory ML discrepancy of the polychoric R at the DWLS estimates
  /// (not refitted) and its correction factor from the correlation rows c of
  /// the DWLS fit:
  ///   T₃ = N[log|Σ̂| + tr(RΣ̂⁻¹) − log|R| − p],  T₃,b = −N log|R|  (N, not N − 1),
  ///   V_kl = Āᵢₘ Āⱼₙ + Āᵢₙ Āⱼₘ (Ā = Σ̂⁻¹, k = (i, j), l = (m, n)),
  ///   M = I − Δ_c A⁻¹ Δ_cᵀ W_c,  c₃ = tr(MᵀVMΓ_c)/df,  c₃,b = tr(Γ_c)/P.
  /// With groups (lavaan): T₃ and T₃,b summed over groups, and the traces over
  /// the groups' blocks stacked with W and V scaled by f_g = n_g/N and Γ by 1/f_g.
  /// None when R is not positive definite (an eigenvalue below √ε), as lavaan.
  static func catML(_ f: FittedModel, _ groups: [Group], weights: [Double], eInverse: Matrix, df: Double)
    -> (chisq: Double, c: Double, baselineChisq: Double, baselineC: Double)? {
    let p = f.p
    var chisq = 0.0, baselineChisq = 0.0
    // Per group (lavaan's lav_fit_catml_dwls): W and V scaled by f_g, Γ by 1/f_g, stacked block-diagonally.
    let pc = groups[0].sample.correlationCount, total = pc * groups.count
    var deltaAll = Matrix(rows: total, columns: eInverse.rows)
    var wAll = Matrix(rows: total, columns: total), vAll = wAll, gammaAll = wAll
    for (g, gr) in groups.enumerated() {
      let o = gr.sample, t = o.thresholdCount
      let r = o.correlation
      guard let eigen = try? SymmetricEigen(r), (eigen.values.min() ?? 0) >= Double.ulpOfOne.squareRoot(),
            let cr = try? Cholesky(r), let cs = try? Cholesky(f.impliedCorrelation(g)) else { return nil }
      let sInverse = cs.inverse
      var trace = 0.0
      for i in 0..<p { for j in 0..<p { trace += r[i, j] * sInverse[j, i] } }
      let n = Double(o.n)
      chisq += n * (cs.logDeterminant + trace - cr.logDeterminant - Double(p))
      baselineChisq += -n * cr.logDeterminant
      var pairs: [(Int, Int)] = []
      for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { pairs.append((i, j)) } }
      let base = g * pc, fg = weights[g]
      for (k, (i, j)) in pairs.enumerated() {
        for (l, (m, nn)) in pairs.enumerated() {
          vAll[base + k, base + l] = fg * (sInverse[i, m] * sInverse[j, nn] + sInverse[i, nn] * sInverse[j, m])
          wAll[base + k, base + l] = fg * gr.w[t + k, t + l]
          gammaAll[base + k, base + l] = o.gamma[t + k, t + l] / fg
        }
      }
      for c in 0..<deltaAll.columns { for k in 0..<pc { deltaAll[base + k, c] = gr.delta[t + k, c] } }
    }
    let m = Matrix.identity(total) - deltaAll * eInverse * deltaAll.transposed * wAll
    let mvm = m.times(vAll * m, transposeSelf: true)
    var tr = 0.0, trGamma = 0.0
    for i in 0..<total {
      trGamma += gammaAll[i, i]
      for j in 0..<total { tr += mvm[i, j] * gammaAll[j, i] }
    }
    return (chisq, tr / df, baselineChisq, trGamma / Double(total))
  }

}
