import Dispatch
import Distributions
import LinearAlgebra

// Steps 10–12 for ordered variables (lavaan 0.6.14 with ordered =;
// lav_model_vcov, lav_test_satorra_bentler with test = "scaled.shifted",
// lav_fit for categorical data), on each group's s = (τ, ρ) and over all groups
// at once (W̃ = blockdiag f_g W_g, Γ̃ = blockdiag Γ_g/f_g, f_g = n_g/N, Δ stacked):
//   Δ = ∂σ*/∂θ (WeightedLeastSquares.jacobian: thresholds, scale factors and
//   the structural parameters), A = W̃Δ,  E = ΔᵀA,  H = AᵀΓ̃A,
//   standard: V = E⁻¹/(N − G),  robust (WLSMV, ULSMV): V = E⁻¹HE⁻¹/(N − G),
//   T = Σ_g (n_g − 1)·F_g,  U = W̃ − AE⁻¹Aᵀ,  a = √(df / tr((UΓ̃)²)),  b = df − a·tr(UΓ̃),
//   T_scaled = a·T + b, reported scaling factor 1/a (Asparouhov & Muthén 2010);
//   baseline: thresholds free, correlations 0 (Δ_b = identity on the thresholds, df_b = Σ P_g);
//   continuous variables' means and variances are free with the thresholds.

struct OrdinalStatistics: Sendable {
  /// Covariance of θ.
  let vcov: Matrix
  let scaledShifted: (a: Double, b: Double)
  /// T = Σ_g (n_g − 1)·F_g (lavaan: 2n_g·fmin_g, fmin_g = ½(n_g − 1)/n_g·F_g).
  let chisq: Double
  let baseline: (chisq: Double, df: Double)
  let baselineScaledShifted: (a: Double, b: Double)
  /// s − σ̂* on (τ, ρ), per group.
  let residuals: [[Double]]
  /// Each group's W on its s = (τ, ρ) (the GFI's weight too).
  let statisticWeights: [WeightedLeastSquares.Weight]
  /// Δ stacked over groups (rows: every group's s in turn; columns: θ), E⁻¹ and
  /// H = Σ_g f_g ΔᵀWΓWΔ: what the scaled difference test of nested models needs.
  let delta: Matrix
  let eInverse: Matrix
  /// E = Σ_g f_g ΔᵀWΔ, the information per case (Inference's identification
  /// check), and whether it is regular (E⁻¹ is NaN where not).
  let information: Matrix
  let identified: Bool
  let h: Matrix
  /// The robust CFI/TLI/RMSEA's inputs (WLSMV/ULSMV, positive definite R): catML.
  let catML: (chisq: Double, c: Double, baselineChisq: Double, baselineC: Double)?

  init(_ f: FittedModel) {
    self = f.cache.ordinal.get { OrdinalStatistics(computing: f) }
  }

  /// One group's pieces: W, Δ (rows of s, columns θ), the residuals.
  struct Group {
    let sample: OrdinalSample
    let w: WeightedLeastSquares.Weight
    let delta: Matrix
    let e: [Double]
  }

  private init(computing f: FittedModel) {
    let samples = f.ordinalSamples, q = f.q
    let tTotal = samples.reduce(0) { $0 + $1.univariateCount }
    let nTotal = Double(samples.reduce(0) { $0 + $1.n })
    let n1 = nTotal - Double(samples.count)
    let weights = samples.map { Double($0.n) / nTotal }
    var groups: [Group] = []
    for (g, estimator) in f.estimators().enumerated() {
      let wls = estimator as! WeightedLeastSquares
      let implied = f.groups[g].implied
      _ = wls.value(sigma: implied.sigma, mu: implied.mu)
      groups.append(Group(sample: samples[g], w: wls.weight, delta: wls.jacobian(implied), e: wls.residual))
    }
    statisticWeights = groups.map(\.w)
    chisq = groups.reduce(0) { $0 + Double($1.sample.n - 1) * $1.w.quadratic($1.e) }
    residuals = groups.map(\.e)
    // lavaan's lav_model_nvcov_robust_sem and lav_test_satorra_bentler, over all groups at once (W̃ = blockdiag f_g W_g, Γ̃ = blockdiag Γ_g/f_g, Δ stacked):
    // parameters shared by groups couple their blocks. With A = W̃Δ:
    //   E = ΔᵀA = Σ_g f_g ΔᵀWΔ,  H = AᵀΓ̃A = Σ_g f_g ΔᵀWΓWΔ,  V = E⁻¹HE⁻¹/(N − G) (robust) or E⁻¹/(N − G).
    let (weightAll, gammaAll, deltaAll, univariateRows) = groups.count == 1
      ? (groups[0].w, groups[0].sample.gamma, groups[0].delta, Array(0..<groups[0].sample.univariateCount))  // f = 1: the group's own
      : OrdinalStatistics.stacked(groups, weights: weights, columns: q)
    let total = gammaAll.rows
    // lavaan gives no catML with continuous variables among the ordered ones.
    let wantCatML = f.options.meanAndVariance && !OrdinalStatistics.thresholdsTied(f.table) && !samples.contains(where: \.hasNumeric)
    let catMLSlot = _Slot<(chisq: Double, c: Double, baselineChisq: Double, baselineC: Double)>()
    let df = Double(f.df), groupList = groups
    var computeCatML: (@Sendable (Matrix) -> Void)? = nil
    if wantCatML {
      computeCatML = { (eInverse: Matrix) -> Void in
        catMLSlot.value = OrdinalStatistics.catML(f, groupList, weights: weights, eInverse: eInverse, df: df)
      }
    }
    let model = OrdinalStatistics.sandwich(weightAll, delta: deltaAll, gamma: gammaAll, robust: f.options.meanAndVariance,
                                           alongside: computeCatML)
    let eInverse = model.eInverse ?? Matrix(rows: q, columns: q, repeating: .nan)
    information = model.e
    identified = model.eInverse != nil
    vcov = f.options.meanAndVariance ? (1 / n1) * (model.eInverseH * eInverse) : (1 / n1) * eInverse
    delta = deltaAll
    self.eInverse = eInverse
    h = model.h
    scaledShifted = OrdinalStatistics.shift(tr: model.tr, tr2: model.tr2, df: df)
    // The baseline: thresholds (and continuous means and variances) free, correlations 0, in every group.
    var fb = 0.0, dfb = 0.0
    for gr in groups {
      let o = gr.sample, t = o.univariateCount, pc = o.correlationCount, d = t + pc
      let s = o.statistics
      var eb = [Double](repeating: 0, count: d)
      for k in 0..<pc { eb[t + k] = s[t + k] }
      if case .full(let wm) = gr.w, t > 0, let x = OrdinalStatistics.profile(wm, t: t, pc: pc, eb) { for a in 0..<t { eb[a] = -x[a] } }
      fb += Double(o.n - 1) * gr.w.quadratic(eb)
      dfb += Double(pc)
    }
    baseline = (fb, dfb)
    // Δ_b selects the univariate rows (the groups' thresholds in turn): under
    // diagonal W its sandwich reduces to sums over them.
    if case .diagonal(let v) = weightAll, f.options.meanAndVariance {
      let traces = OrdinalStatistics.selectionTraces(v, gamma: gammaAll, rows: univariateRows, trWG: model.trWG, trWGWG: model.trWGWG)
      baselineScaledShifted = OrdinalStatistics.shift(tr: traces.tr, tr2: traces.tr2, df: dfb)
    } else {
      var deltaB = Matrix(rows: total, columns: tTotal)
      for (c, r) in univariateRows.enumerated() { deltaB[r, c] = 1 }
      let baselineModel = OrdinalStatistics.sandwich(weightAll, delta: deltaB, gamma: gammaAll, robust: f.options.meanAndVariance)
      baselineScaledShifted = OrdinalStatistics.shift(tr: baselineModel.tr, tr2: baselineModel.tr2, df: dfb)
    }
    catML = catMLSlot.value
  }

  /// W̃ = blockdiag f_g W_g, Γ̃ = blockdiag Γ_g/f_g, Δ stacked, and the rows of
  /// every group's thresholds (and continuous means and variances) in turn.
  static func stacked(_ groups: [Group], weights: [Double], columns: Int)
    -> (WeightedLeastSquares.Weight, Matrix, Matrix, [Int]) {
    let dims = groups.map { $0.sample.dimension }
    let total = dims.reduce(0, +)
    let diagonal = !groups.contains { if case .full = $0.w { true } else { false } }
    var wAll = Matrix(rows: diagonal ? 0 : total, columns: diagonal ? 0 : total), wDiagonal = [Double](repeating: 0, count: total)
    var gammaAll = Matrix(rows: total, columns: total)
    var deltaAll = Matrix(rows: total, columns: columns)
    var univariateRows: [Int] = []
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
      univariateRows += (0..<gr.sample.univariateCount).map { offset + $0 }
      offset += dims[g]
    }
    return (diagonal ? .diagonal(wDiagonal) : .full(wAll), gammaAll, deltaAll, univariateRows)
  }

  /// lavaan 0.6.14 refits the catML model without the threshold and intercept
  /// rows (lav_object_catml), which fails — and leaves the robust indices NA —
  /// when equality constraints tie those rows (equal thresholds across groups).
  static func thresholdsTied(_ table: ParameterTable) -> Bool {
    var uses: [Int: Int] = [:]
    for r in table.rows where r.free > 0 { uses[r.free, default: 0] += 1 }
    let constrained = Set(table.constraints.flatMap { $0.lhs.names + $0.rhs.names })
    return table.rows.contains { r in
      (r.op == .threshold || r.op == .intercept) && ((r.free > 0 && uses[r.free]! > 1) || (!r.label.isEmpty && constrained.contains(r.label)))
    }
  }

  /// x = W_ττ⁻¹ W_τρ e_ρ (the profiled thresholds' shift).
  static func profile(_ w: Matrix, t: Int, pc: Int, _ e: [Double]) -> [Double]? {
    var rhs = Matrix(rows: t, columns: 1)
    for a in 0..<t { var v = 0.0; for b in 0..<pc { v += w[a, t + b] * e[t + b] }; rhs[a, 0] = v }
    guard let x = try? Cholesky(w.submatrix(Array(0..<t))).solve(rhs) else { return nil }
    return (0..<t).map { x[$0, 0] }
  }

  /// E, E⁻¹ (nil where E is singular to working precision: Inference.regularInverse),
  /// H = AᵀΓA, E⁻¹H, and tr(UΓ), tr((UΓ)²), tr(WΓ), tr(WΓWΓ).
  struct Sandwich {
    let e: Matrix, eInverse: Matrix?, h: Matrix, eInverseH: Matrix
    let tr: Double, tr2: Double, trWG: Double, trWGWG: Double
  }

  /// The sandwich's parts and the traces of UΓ for U = W − AE⁻¹Aᵀ, A = WΔ, E = ΔᵀA,
  /// without forming UΓ (O(D²k) instead of O(D³) for D statistics and k parameters):
  ///   tr(UΓ) = tr(WΓ) − tr(E⁻¹H),
  ///   tr((UΓ)²) = tr(WΓWΓ) − 2 tr(E⁻¹CᵀWC) + tr((E⁻¹H)²),  C = ΓA.
  /// `alongside` gets E⁻¹ (NaN where singular) and runs on a second core
  /// while the products are formed, once there are enough statistics to pay
  /// for waking it (bfi's 180: half a millisecond or more each).
  static func sandwich(_ w: WeightedLeastSquares.Weight, delta: Matrix, gamma: Matrix, robust: Bool,
                       alongside: (@Sendable (Matrix) -> Void)? = nil)
    -> Sandwich {
    let a = w.times(delta)
    let k = delta.columns
    // E = AᵀΔ (= ΔᵀWΔ); thresholds' columns of A are single entries under a diagonal W.
    let sparsity = ColumnSparsity(a)
    let e = sparsity.map { Matrix.transposeTimes(sparse: a, $0, delta) } ?? delta.times(a, transposeSelf: true)
    let eInverse = Inference.regularInverse(e)
    guard robust, let eInverse else {
      alongside?(eInverse ?? Matrix(rows: k, columns: k, repeating: .nan))
      let zero = Matrix(rows: k, columns: k)
      return Sandwich(e: e, eInverse: eInverse, h: zero, eInverseH: zero, tr: .nan, tr2: .nan, trWG: .nan, trWGWG: .nan)
    }
    guard let alongside else { return robustProducts(w, gamma: gamma, a: a, sparsity: sparsity, e: e, eInverse: eInverse) }
    if delta.rows < 100 {
      alongside(eInverse)
      return robustProducts(w, gamma: gamma, a: a, sparsity: sparsity, e: e, eInverse: eInverse)
    }
    let result = _Slot<Sandwich>()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
      if i == 0 { result.value = robustProducts(w, gamma: gamma, a: a, sparsity: sparsity, e: e, eInverse: eInverse) } else { alongside(eInverse) }
    }
    return result.value!
  }

  static func robustProducts(_ w: WeightedLeastSquares.Weight, gamma: Matrix, a: Matrix, sparsity: ColumnSparsity?, e: Matrix, eInverse: Matrix)
    -> Sandwich {
    let c = sparsity.map { Matrix.times(gamma, sparse: a, $0) } ?? gamma * a
    let h = sparsity.map { Matrix.transposeTimes(sparse: a, $0, c) } ?? a.times(c, transposeSelf: true)
    let trWG: Double, trWGWG: Double
    switch w {
    case .diagonal(let v):
      trWG = zip(v, gamma.diagonalElements).reduce(0) { $0 + $1.0 * $1.1 }
      trWGWG = Matrix.traceOfProduct(gamma, gamma, rowWeights: v, columnWeights: v)
    case .full(let m):
      let wg = m * gamma
      trWG = wg.trace
      trWGWG = Matrix.traceOfProduct(wg, wg)
    }
    let eh = eInverse * h
    let trEH = eh.trace, trEHEH = Matrix.traceOfProduct(eh, eh)
    let trECWC = Matrix.traceOfProduct(eInverse, c.times(w.times(c), transposeSelf: true))
    return Sandwich(e: e, eInverse: eInverse, h: h, eInverseH: eh, tr: trWG - trEH, tr2: trWGWG - 2 * trECWC + trEHEH, trWG: trWG, trWGWG: trWGWG)
  }

  /// The same traces when W = diag(v) and Δ selects `rows` (the baseline's
  /// free thresholds): E = diag(v_r), E⁻¹H = [v_b Γ_ab], CᵀWC's diagonal
  /// v_a² Σᵢ vᵢ Γᵢₐ², so with a, b over the rows
  ///   tr(E⁻¹H) = Σₐ vₐΓₐₐ,  tr((E⁻¹H)²) = Σₐ Σ_b vₐ v_b Γₐ_b²,  tr(E⁻¹CᵀWC) = Σₐ vₐ Σᵢ vᵢ Γᵢₐ²;
  /// tr(WΓ) and tr(WΓWΓ) are the model's.
  static func selectionTraces(_ v: [Double], gamma: Matrix, rows: [Int], trWG: Double, trWGWG: Double) -> (tr: Double, tr2: Double) {
    let d = gamma.rows
    var trEH = 0.0, trEHEH = 0.0, trECWC = 0.0
    for a in rows {
      trEH += v[a] * gamma[a, a]
      for b in rows { trEHEH += v[a] * v[b] * gamma[a, b] * gamma[b, a] }
      var column = 0.0
      for i in 0..<d { column += v[i] * gamma[i, a] * gamma[i, a] }
      trECWC += v[a] * column
    }
    return (trWG - trEH, trWGWG - 2 * trECWC + trEHEH)
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
      let o = gr.sample, t = o.univariateCount
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
    // M = I − ΔE⁻¹ΔᵀW = I − ULᵀ, U = Δ's k non-zero columns S
    // (thresholds and scale factors leave the correlation rows alone),
    // L = WU(E⁻¹)_SS; with V and Γ symmetric
    //   tr(MᵀVMΓ) = ⟨V, Γ⟩ − 2⟨ΓL, VU⟩ + ⟨UᵀVU, LᵀΓL⟩,
    // O(P²k) instead of the O(P³) products for P correlations.
    let used = (0..<deltaAll.columns).filter { c in (0..<total).contains { deltaAll[$0, c] != 0 } }
    var u = Matrix(rows: total, columns: used.count)
    for (a, c) in used.enumerated() { for r in 0..<total { u[r, a] = deltaAll[r, c] } }
    let l = wAll * (u * eInverse.submatrix(used))
    let gl = gammaAll * l, vu = vAll * u
    let tr = Matrix.innerProduct(vAll, gammaAll) - 2 * Matrix.innerProduct(gl, vu)
      + Matrix.innerProduct(u.times(vu, transposeSelf: true), l.times(gl, transposeSelf: true))
    let trGamma = (0..<total).reduce(0) { $0 + gammaAll[$1, $1] }
    return (chisq, tr / df, baselineChisq, trGamma / Double(total))
  }

}

/// One value written by one worker of a concurrentPerform and read after it returns (which orders the two).
final class _Slot<Value>: @unchecked Sendable {
  var value: Value?
}
