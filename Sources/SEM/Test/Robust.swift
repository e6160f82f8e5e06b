import LinearAlgebra

// Robust standard errors and scaled test statistics for non-normal data
// (complete data, one group). With s = vech(S), σ = vech(Σ̂), per case
// zᵢ = vech((xᵢ − x̄)(xᵢ − x̄)ᵀ), Γ = (1/N) Σ (zᵢ − s)(zᵢ − s)ᵀ (the asymptotic
// covariance of s; Browne 1984), Δ = ∂σ/∂θ and W(V) = ½Dᵀ(V⁻¹⊗V⁻¹)D:
//
// MLM (Satorra & Bentler 1994; lavaan's se = "robust.sem", test = "satorra.bentler"):
//   A = ΔᵀW(Σ̂)Δ,  vcov = A⁻¹ ΔᵀWΓWΔ A⁻¹ / N,
//   U = W − WΔA⁻¹ΔᵀW,  c = tr(UΓ)/df,  χ²_SB = χ²/c.
// MLR (Huber–White sandwich; Yuan & Bentler 2000 in Mplus's form, lavaan's
// test = "yuan.bentler.mplus"): E = the observed information (Hessian of F/2),
//   B₀ = ΔᵀW(Σ̂)[Γ + (s − σ)(s − σ)ᵀ]W(Σ̂)Δ  (cross-products of the casewise scores),
//   vcov = E⁻¹B₀E⁻¹ / N,  c = [tr(W(S)Γ) − tr(B₀E⁻¹)]/df,  χ²_YB = χ²/c;
//   lavaan's scaling.factor.h1 = tr(W(S)Γ)/p*, scaling.factor.h0 = tr(B₀E⁻¹)/(free rows).
// The baseline (independence) model's c_b comes from the same formulas with
// its Σ_b = diag(S) and Δ_b the columns of the variances (for MLR its own
// c_b = [tr(W(S)Γ) − tr(B₀,b E_b⁻¹)]/df_b). Robust CFI, TLI,
// RNI and RMSEA (Brosseau-Liard, Savalei & Li 2012; Brosseau-Liard & Savalei
// 2014) put c·df and c_b·df_b in place of df and df_b:
//   cfi.robust = 1 − max(χ² − c·df, 0)/max(χ² − c·df, χ²_b − c_b·df_b, 0),
//   rmsea.robust = √max((χ²/N)/df − c/N, 0), its interval √(c·λ/(N·df)) with
//   λ from the non-central χ²(df, λ) at χ²/c. lavaan's rmsea.scaled keeps χ²
//   and puts tr(UΓ) = c·df in place of df, in the interval and p values too.

public enum Robust: String, Sendable, Codable, CaseIterable {
  /// Satorra–Bentler: robust.sem standard errors, scaled χ² (complete data).
  case mlm
  /// Huber–White standard errors, Yuan–Bentler (Mplus) scaled χ².
  case mlr
}

struct RobustStatistics: Sendable {
  var vcov: Matrix
  /// c, with χ²_scaled = χ²/c.
  var scalingFactor: Double
  var baselineScalingFactor: Double
  /// MLR's tr(W(S)Γ)/p* and tr(B₀E⁻¹)/q.
  var scalingFactorH1: Double?
  var scalingFactorH0: Double?
}

enum Robustness {
  /// The robust statistics of a robust fit, computed once per fit.
  static func statistics(_ f: FittedModel) throws -> RobustStatistics {
    try f.cache.robust.get {
      let info = try Inference.information(f)
      guard let inv = try? Cholesky(info).inverse else {
        throw SEMFailure(kind: .notIdentified, message: Inference.identificationMessage(f, info))
      }
      return try statistics(f, informationInverse: inv)
    }
  }

  /// `informationInverse`: E⁻¹ (MLR) or A⁻¹ (MLM), per case.
  static func statistics(_ f: FittedModel, informationInverse aInv: Matrix) throws -> RobustStatistics {
    guard let robust = f.options.robust else { preconditionFailure("not a robust fit") }
    if f.fiml {
      guard robust == .mlr else {
        throw InputError("the mlm estimator needs complete data; with FIML use mlr (as lavaan does)", settings: [.estimator, .missing])
      }
      return try fimlStatistics(f, informationInverse: aInv)
    }
    if f.groups.count > 1 || f.meanstructure {
      // Complete data with means: the casewise formulas of RobustMissing.swift with one pattern.
      guard f.fixedXCount == 0 else {
        throw InputError(
          "the \(robust.rawValue) estimator with groups or intercepts needs a model without exogenous observed covariates (fixed.x); use FIML with mlr, which models them",
          settings: [.estimator, .missing])
      }
      return robust == .mlm ? try satorraBentlerWithMeans(f, informationInverse: aInv) : try fimlStatistics(f, informationInverse: aInv)
    }
    guard let cases = f.groups[0].data.cases else { preconditionFailure("robust fits keep their cases") }
    let g = f.groups[0]
    let p = f.p
    let s = g.sampleCovariance
    let gamma = Gamma.covariances(cases, mean: g.data.moments.means, s: s)
    let n = Double(f.n)
    let delta = Information.delta(g.implied)
    let w = weight(g.implied.sigma)
    let wDelta = w * delta
    let df = Double(f.df)

    var sb = Matrix(rows: p, columns: p)
    for i in 0..<p { sb[i, i] = s[i, i] }
    let deltaB = baselineDelta(p)
    let wB = weight(sb)
    let dfB = Double(p * (p + 1) / 2 - p)
    var cB = traceUGamma(w: wB, delta: deltaB, gamma: gamma) / dfB

    switch robust {
    case .mlm:
      let middle = wDelta.times(gamma * wDelta, transposeSelf: true)
      let vcov = (1 / n) * (aInv * middle * aInv)
      let c = df > 0 ? traceUGamma(w: w, delta: delta, gamma: gamma, aInverse: aInv) / df : .nan
      return RobustStatistics(vcov: vcov, scalingFactor: c, baselineScalingFactor: cB)
    case .mlr:
      var gammaStar = gamma
      let r = vech(s - g.implied.sigma)
      for j in 0..<r.count { for i in 0..<r.count { gammaStar[i, j] += r[i] * r[j] } }
      let b0 = wDelta.times(gammaStar * wDelta, transposeSelf: true)
      let vcov = (1 / n) * (aInv * b0 * aInv)
      let traceH1 = trace(weight(s) * gamma)
      let traceH0 = trace(b0 * aInv)
      // The baseline's own Yuan–Bentler factor, with its information and scores.
      let wbD = wB * deltaB
      if let ebInv = try? Cholesky(deltaB.times(wbD, transposeSelf: true)).inverse {
        cB = (traceH1 - trace(wbD.times(gamma * wbD, transposeSelf: true) * ebInv)) / dfB
      }
      let c = df > 0 ? (traceH1 - traceH0) / df : .nan
      return RobustStatistics(vcov: vcov, scalingFactor: c, baselineScalingFactor: cB,
                              scalingFactorH1: traceH1 / Double(p * (p + 1) / 2), scalingFactorH0: traceH0 / Double(freeRowCount(f)))
    }
  }

  /// lavaan's divisor of scaling.factor.h0 (nx.free): free rows, each row of an
  /// equality (shared label, group.equal) counted, as lavaan imposes them as constraints.
  static func freeRowCount(_ f: FittedModel) -> Int { f.table.rows.filter { $0.free > 0 }.count }

  /// tr(UΓ), U = W − WΔ(ΔᵀWΔ)⁻¹ΔᵀW.
  static func traceUGamma(w: Matrix, delta: Matrix, gamma: Matrix, aInverse: Matrix? = nil) -> Double {
    let wDelta = w * delta
    let aInv = aInverse ?? ((try? Cholesky(delta.times(wDelta, transposeSelf: true)).inverse) ?? Matrix(rows: delta.columns, columns: delta.columns))
    let u = w - wDelta * aInv * wDelta.transposed
    return trace(u * gamma)
  }


  /// W(V) = ½Dᵀ(V⁻¹⊗V⁻¹)D in the vech order of `Information.delta` (column by column, lower part).
  static func weight(_ v: Matrix) -> Matrix {
    let p = v.rows
    let a = (try? Cholesky(v).inverse) ?? Matrix(rows: p, columns: p)
    var pairs: [(Int, Int)] = []
    for j in 0..<p { for i in j..<p { pairs.append((i, j)) } }
    var w = Matrix(rows: pairs.count, columns: pairs.count)
    for (c, (k, l)) in pairs.enumerated() {
      for (r, (i, j)) in pairs.enumerated() {
        // Each off-diagonal vech element stands for two vec elements: the
        // sum over (x, y) ∈ {(i, j), (j, i)} and (u, t) ∈ {(k, l), (l, k)} of a[x, u]·a[y, t].
        var v = a[i, k] * a[j, l]
        if k != l { v += a[i, l] * a[j, k] }
        if i != j {
          v += a[j, k] * a[i, l]
          if k != l { v += a[j, l] * a[i, k] }
        }
        w[r, c] = 0.5 * v
      }
    }
    return w
  }

  static func baselineDelta(_ p: Int) -> Matrix {
    var d = Matrix(rows: p * (p + 1) / 2, columns: p)
    var r = 0
    for j in 0..<p {
      for i in j..<p {
        if i == j { d[r, j] = 1 }
        r += 1
      }
    }
    return d
  }

  static func vech(_ m: Matrix) -> [Double] {
    var out: [Double] = []
    for j in 0..<m.columns { for i in j..<m.rows { out.append(m[i, j]) } }
    return out
  }

  static func trace(_ m: Matrix) -> Double { (0..<m.rows).reduce(0.0) { $0 + m[$1, $1] } }
}
