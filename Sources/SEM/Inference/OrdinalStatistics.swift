import Distributions
import LinearAlgebra

// Steps 10–12 for ordered variables (lavaan 0.6.14 with ordered =, one group,
// delta parameterization; lav_model_vcov, lav_test_satorra_bentler with
// test = "scaled.shifted", lav_fit for categorical data), on s = (τ, ρ):
//   Δ = ∂σ(θ)/∂(τ, θ) = [I_T 0; 0 Δ_ρ],  W the estimator's weight (DWLS.swift),
//   A = ΔᵀWΔ,  standard:  V = A⁻¹/(N − 1),
//   robust (WLSMV, ULSMV):  V = A⁻¹ ΔᵀWΓWΔ A⁻¹/(N − 1),
//   τ̂ = τ_s + W_ττ⁻¹ W_τρ (r − σ̂)  (τ_s for a diagonal W),
//   T = (N − 1)·F,  U = W − WΔA⁻¹ΔᵀW,  a = √(df / tr((UΓ)²)),  b = df − a·tr(UΓ),
//   T_scaled = a·T + b, reported scaling factor 1/a (Asparouhov & Muthén 2010);
//   baseline: thresholds free, correlations 0 (Δ_b = [I_T; 0], df_b = P).
// N − 1 is lavaan's N minus the number of groups.

struct OrdinalStatistics: Sendable {
  /// The thresholds at the estimates.
  let thresholds: [Double]
  /// Covariance of (τ, θ): T + q square.
  let vcov: Matrix
  let scaledShifted: (a: Double, b: Double)
  let baseline: (chisq: Double, df: Double)
  let baselineScaledShifted: (a: Double, b: Double)
  /// s − σ̂ on (τ, ρ).
  let residuals: [Double]
  /// The robust CFI/TLI/RMSEA's inputs (WLSMV/ULSMV, positive definite R): catML.
  let catML: (chisq: Double, c: Double, baselineChisq: Double, baselineC: Double)?

  init(_ f: FittedModel) {
    self = f.cache.ordinal.get { OrdinalStatistics(computing: f) }
  }

  private init(computing f: FittedModel) {
    let o = f.ordinal!
    let t = o.thresholdCount, pc = o.correlationCount, q = f.q, d = t + pc
    let n1 = Double(o.n - 1)
    let weight = (try? WeightedLeastSquares.weight(o, f.options.estimator)) ?? .diagonal([Double](repeating: 1, count: d))
    let w = weight.matrix
    let dRho = WeightedLeastSquares.correlationDelta(Information.delta(f.implied), p: f.p)
    var delta = Matrix(rows: d, columns: t + q)
    for k in 0..<t { delta[k, k] = 1 }
    for c in 0..<q { for k in 0..<pc { delta[t + k, t + c] = dRho[k, c] } }
    // Residuals: correlations at the estimates; thresholds profiled.
    let s = o.statistics
    var e = [Double](repeating: 0, count: d)
    var k = 0
    for j in 0..<f.p { for i in (j + 1)..<max(j + 1, f.p) { e[t + k] = s[t + k] - f.sigma[i, j]; k += 1 } }
    var tau = Array(s[0..<t])
    if case .full = weight, t > 0 {
      // e_τ = −W_ττ⁻¹ W_τρ e_ρ.
      let wtt = w.submatrix(Array(0..<t))
      var rhs = Matrix(rows: t, columns: 1)
      for a in 0..<t { var v = 0.0; for b in 0..<pc { v += w[a, t + b] * e[t + b] }; rhs[a, 0] = v }
      if let x = try? Cholesky(wtt).solve(rhs) { for a in 0..<t { e[a] = -x[a, 0]; tau[a] = s[a] + x[a, 0] } }
    }
    thresholds = tau
    residuals = e
    let wd = w * delta
    let a = delta.times(wd, transposeSelf: true)
    let aInverse = (try? Cholesky(a).inverse) ?? Matrix(rows: t + q, columns: t + q, repeating: .nan)
    let gamma = o.gamma
    if f.options.meanAndVariance {
      let middle = wd.times(gamma * wd, transposeSelf: true)
      vcov = (1 / n1) * (aInverse * middle * aInverse)
    } else {
      vcov = (1 / n1) * aInverse
    }
    let df = Double(pc - q)
    scaledShifted = OrdinalStatistics.shift(w: w, wd: wd, aInverse: aInverse, gamma: gamma, df: df)
    // The baseline: thresholds free, correlations 0.
    var eb = [Double](repeating: 0, count: d)
    for k in 0..<pc { eb[t + k] = s[t + k] }
    if case .full = weight, t > 0 {
      let wtt = w.submatrix(Array(0..<t))
      var rhs = Matrix(rows: t, columns: 1)
      for a in 0..<t { var v = 0.0; for b in 0..<pc { v += w[a, t + b] * eb[t + b] }; rhs[a, 0] = v }
      if let x = try? Cholesky(wtt).solve(rhs) { for a in 0..<t { eb[a] = -x[a, 0] } }
    }
    var fb = 0.0
    for b in 0..<d { var v = 0.0; for a in 0..<d { v += w[a, b] * eb[a] }; fb += v * eb[b] }
    baseline = (n1 * fb, Double(pc))
    var deltaB = Matrix(rows: d, columns: t)
    for k in 0..<t { deltaB[k, k] = 1 }
    let wdb = w * deltaB
    let ab = deltaB.times(wdb, transposeSelf: true)
    let abInverse = (try? Cholesky(ab).inverse) ?? Matrix(rows: t, columns: t, repeating: .nan)
    baselineScaledShifted = OrdinalStatistics.shift(w: w, wd: wdb, aInverse: abInverse, gamma: gamma, df: Double(pc))
    catML = f.options.meanAndVariance
      ? OrdinalStatistics.catML(f, o, delta: delta, w: w, aInverse: aInverse, df: df) : nil
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
  /// None when R is not positive definite (an eigenvalue below √ε), as lavaan.
  static func catML(_ f: FittedModel, _ o: OrdinalSample, delta: Matrix, w: Matrix, aInverse: Matrix, df: Double)
    -> (chisq: Double, c: Double, baselineChisq: Double, baselineC: Double)? {
    let p = f.p, t = o.thresholdCount, pc = o.correlationCount
    let r = o.correlation
    guard let eigen = try? SymmetricEigen(r), (eigen.values.min() ?? 0) >= Double.ulpOfOne.squareRoot(),
          let cr = try? Cholesky(r), let cs = try? Cholesky(f.sigma) else { return nil }
    let sInverse = cs.inverse
    var trace = 0.0
    for i in 0..<p { for j in 0..<p { trace += r[i, j] * sInverse[j, i] } }
    let n = Double(o.n)
    let chisq = n * (cs.logDeterminant + trace - cr.logDeterminant - Double(p))
    let baselineChisq = -n * cr.logDeterminant
    var pairs: [(Int, Int)] = []
    for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { pairs.append((i, j)) } }
    var v = Matrix(rows: pc, columns: pc)
    for (k, (i, j)) in pairs.enumerated() {
      for (l, (m, nn)) in pairs.enumerated() { v[k, l] = sInverse[i, m] * sInverse[j, nn] + sInverse[i, nn] * sInverse[j, m] }
    }
    let rows = Array(t..<(t + pc))
    var dc = Matrix(rows: pc, columns: delta.columns)
    for c in 0..<delta.columns { for (k, row) in rows.enumerated() { dc[k, c] = delta[row, c] } }
    let wc = w.submatrix(rows), gc = o.gamma.submatrix(rows)
    let m = Matrix.identity(pc) - dc * aInverse * dc.transposed * wc
    let mvm = m.times(v * m, transposeSelf: true)
    var tr = 0.0, trGamma = 0.0
    for i in 0..<pc {
      trGamma += gc[i, i]
      for j in 0..<pc { tr += mvm[i, j] * gc[j, i] }
    }
    return (chisq, tr / df, baselineChisq, trGamma / Double(pc))
  }

  /// a and b of the scaled-shifted test from U = W − WΔA⁻¹ΔᵀW.
  static func shift(w: Matrix, wd: Matrix, aInverse: Matrix, gamma: Matrix, df: Double) -> (a: Double, b: Double) {
    let u = w - wd * aInverse * wd.transposed
    let ug = u * gamma
    var tr = 0.0, tr2 = 0.0
    for i in 0..<ug.rows {
      tr += ug[i, i]
      for j in 0..<ug.rows { tr2 += ug[i, j] * ug[j, i] }
    }
    let a = (df / tr2).squareRoot()
    return (a, df - a * tr)
  }
}
