import LinearAlgebra

// MLR with missing data (lavaan's estimator = "MLR", missing = "ml"), and with
// complete data wherever means are modelled (groups, intercepts), as one pattern:
// Huber–White standard errors and the Yuan–Bentler (Mplus) scaled χ² when the
// likelihood is the casewise FIML one (Yuan & Bentler 2000; Savalei 2010).
// Everything is in the unrestricted model's coordinates m = (μ, vech Σ) of each
// group g. For case i with observed variables o, P = (Σ̂_oo)⁻¹ and
// dᵢ = x_{i,o} − μ̂_o, the casewise scores of ℓᵢ = −½[log|Σ̂_oo| + dᵢᵀPdᵢ] are
//   ∂ℓᵢ/∂μ_o = Pdᵢ,   ∂ℓᵢ/∂σ_ab = [½(PdᵢdᵢᵀP − P)]_ab · (2 if a ≠ b, 1 if a = b),
// and with E_ab the symmetric unit matrix of σ_ab (eₐe_bᵀ + e_beₐᵀ, or eₐeₐᵀ),
// W = (1/n_k) Σ_{i∈k} dᵢdᵢᵀ over pattern k and Q = PWP, the observed
// information of one case, averaged over pattern k, is
//   μμ: P,   μσ_ab: P E_ab P d̄_k,   σ_abσ_cd: tr(E_ab P E_cd Q) − ½ tr(E_ab P E_cd P).
// Per group, averaged over its N_g cases, at a point (μ, Σ):
//   A₁(μ, Σ) = (1/N_g) Σ_k n_k·(pattern information),  B₁(μ, Σ) = (1/N_g) Σᵢ sᵢsᵢᵀ.
// With Δ_g = ∂m/∂θ, f_g = N_g/N, E = the model's observed information (½ Hessian of F),
// the unrestricted model's EM estimates μ̃, Σ̃ and the model's μ̂, Σ̂:
//   B₀ = Σ_g f_g Δ_gᵀB₁(μ̂, Σ̂)Δ_g,   vcov = E⁻¹B₀E⁻¹/N,
//   tr_h1 = Σ_g tr(B₁A₁⁻¹) at (μ̃, Σ̃) (lavaan's h1.information = "unstructured"
//   for this test),   tr_h0 = Σ_g f_g tr(Δ_gᵀB₁(μ̂, Σ̂)Δ_g E⁻¹),   c = (tr_h1 − tr_h0)/df;
//   scaling.factor.h1 = tr_h1/Σ_g(p + p*),  scaling.factor.h0 = tr_h0/q.
// The baseline (independence) model is its own fit: its μ_b and diagonal Σ_b
// are each variable's ML mean and variance over the cases observing it, A₁ and
// B₁ are taken there for tr_h0,b, and since its moments are linear in its
// parameters its information is the (μ, diagonal) block of A₁; tr_h1 is the
// model's: c_b = (tr_h1 − tr_h0,b)/df_b.
// Not reproduced: lavaan's FIML-corrected cfi.robust / rmsea.robust (Zhang &
// Savalei 2023), which need a further correction of the baseline.

/// One group's unrestricted-model statistics that depend on the data alone:
/// A₁ and B₁ at the EM estimates (μ̃, Σ̃) and tr_h1 = tr(B₁A₁⁻¹). Made once
/// per group's data (GroupData.unrestricted) and shared by every fit of those
/// data, as the EM estimates are.
struct UnrestrictedInformation: Sendable {
  var patterns: MissingPatterns
  var cases: [[Double]]
  var a1: Matrix
  var b1: Matrix
  var traceH1: Double
}

/// One group's blocks of FIML-C (see fimlCorrected) that depend on the data
/// alone: Wm⁻¹ = A₁⁻¹, Γ = A₁⁻¹B₁A₁⁻¹, Wc, and the baseline's T₃,b and both
/// corrections' traces, which add up over groups (every matrix is block-diagonal
/// by group, and the groups' weights f_g cancel in each product).
struct FIMLCorrectedBlocks: Sendable {
  var a1Inverse: Matrix
  var gamma: Matrix
  var complete: Matrix
  var baselineChisq: Double
  var baselineTraceScaled: Double
  var baselineTraceUnscaled: Double
}

extension Robustness {
  static func fimlStatistics(_ f: FittedModel, informationInverse eInv: Matrix) throws -> RobustStatistics {
    let p = f.p
    let n = Double(f.n)
    let q = f.q
    var b0 = Matrix(rows: q, columns: q)
    var traceH1 = 0.0, traceH0 = 0.0, traceH0B = 0.0
    for (g, fg) in zip(f.groups, f.weights) {
      let h1 = try unrestrictedInformation(g.data, p: p)
      traceH1 += h1.traceH1
      traceH0B += try baselineTrace(g.data, p: p)
      // h0: the model's casewise scores at μ̂, Σ̂, through Δ.
      let mu = (0..<p).map { g.implied.mu[$0, 0] }
      let b1Model = try h1Information(patterns: h1.patterns, cases: h1.cases, mu: mu, sigma: g.implied.sigma, observed: false).firstOrder
      let delta = stacked(mean: Information.meanDelta(g.implied), covariance: Information.delta(g.implied))
      let b0g = delta.times(b1Model * delta, transposeSelf: true)
      traceH0 += fg * trace(b0g * eInv)
      b0 = b0 + fg * b0g
    }
    let vcov = (1 / n) * (eInv * b0 * eInv)
    let df = Double(f.df)
    let p2 = Double(f.groups.count * (p + p * (p + 1) / 2))
    let dfB = Double(f.groups.count * (p * (p + 1) / 2 - p))
    return RobustStatistics(vcov: vcov, scalingFactor: df > 0 ? (traceH1 - traceH0) / df : .nan,
                            baselineScalingFactor: (traceH1 - traceH0B) / dfB,
                            scalingFactorH1: traceH1 / p2, scalingFactorH0: traceH0 / Double(freeRowCount(f)))
  }

  /// A₁ and B₁ of the unrestricted model at its EM estimates (the sample
  /// moments for complete data, taken as one pattern), with the patterns and
  /// cases and tr_h1: shared by the scaling factors and FIML-C, once per group's data.
  static func unrestrictedInformation(_ data: GroupData, p: Int) throws -> UnrestrictedInformation {
    try data.unrestricted.get {
      guard let cases = data.cases else { preconditionFailure("robust and FIML fits keep their cases") }
      let patterns = data.patterns ?? MissingPatterns(data: cases, p: p)
      let (a1, b1) = try h1Information(patterns: patterns, cases: cases, mu: data.moments.means, sigma: data.moments.covariance)
      return UnrestrictedInformation(patterns: patterns, cases: cases, a1: a1, b1: b1, traceH1: try traceProduct(b1, inverseOf: a1))
    }
  }

  /// The baseline's tr_h0,b for MLR's baseline scaling factor (not needed by
  /// plain FIML, so apart from the unrestricted information): its per-variable
  /// ML moments and the (μ, diagonal Σ) block; its h1 is the same unrestricted
  /// model. Once per group's data.
  static func baselineTrace(_ data: GroupData, p: Int) throws -> Double {
    try data.baselineTrace.get {
      let h1 = try unrestrictedInformation(data, p: p)
      let (_, muB, varB) = h1.patterns.independenceMoments()
      let (a1b, b1b) = try h1Information(patterns: h1.patterns, cases: h1.cases, mu: muB, sigma: Matrix.diagonal(varB))
      let keep = Array(0..<p) + (0..<p).map { p + vechIndex($0, $0, p) }
      return try traceProduct(b1b.submatrix(keep), inverseOf: a1b.submatrix(keep))
    }
  }

  /// A₁ (when `observed`) and B₁ of one group in (μ, vech Σ) coordinates at μ, Σ (see the top of the file).
  static func h1Information(patterns: MissingPatterns, cases: [[Double]], mu: [Double], sigma: Matrix,
                            observed: Bool = true) throws -> (observed: Matrix, firstOrder: Matrix) {
    var inverses = PatternInverses(sigma: sigma)
    let a1 = observed ? try h1Observed(patterns: patterns, mu: mu, inverses: &inverses) : Matrix(rows: 0, columns: 0)
    return (a1, try h1FirstOrder(p: patterns.p, cases: cases, mu: mu, inverses: &inverses))
  }

  /// (Σ_oo)⁻¹ per set of observed variables, made once.
  struct PatternInverses {
    let sigma: Matrix
    var made: [[Int]: Matrix] = [:]
    init(sigma: Matrix) { self.sigma = sigma }
    mutating func callAsFunction(_ obs: [Int]) throws -> Matrix {
      if let m = made[obs] { return m }
      var s = Matrix(rows: obs.count, columns: obs.count)
      for (b, j) in obs.enumerated() { for (a, i) in obs.enumerated() { s[a, b] = sigma[i, j] } }
      guard let inv = try? Cholesky(s).inverse else {
        throw SEMFailure(kind: .improperSolution, message: "robust statistics need a positive definite model-implied covariance matrix for every missing-data pattern")
      }
      made[obs] = inv
      return inv
    }
  }

  /// Coordinates of (σ_ab) for the observed variables of a pattern: positions a ≥ b in the pattern and the index in (μ, vech Σ).
  static func pairs(_ obs: [Int], p: Int) -> [(a: Int, b: Int, index: Int)] {
    var out: [(Int, Int, Int)] = []
    for (y, j) in obs.enumerated() { for x in y..<obs.count { out.append((x, y, p + vechIndex(obs[x], j, p))) } }
    return out
  }

  /// A₁(μ, Σ): the observed information of the unrestricted model per case, averaged over the patterns.
  static func h1Observed(patterns: MissingPatterns, mu: [Double], sigma: Matrix) throws -> Matrix {
    var inverses = PatternInverses(sigma: sigma)
    return try h1Observed(patterns: patterns, mu: mu, inverses: &inverses)
  }

  static func h1Observed(patterns: MissingPatterns, mu: [Double], inverses: inout PatternInverses) throws -> Matrix {
    let p = patterns.p
    let dim = p + p * (p + 1) / 2
    var a1 = Matrix(rows: dim, columns: dim)
    for pat in patterns.patterns {
      let obs = pat.observed
      let k = obs.count
      let pm = try inverses(obs)
      let w = Double(pat.n) / Double(patterns.n)
      var dbar = [Double](repeating: 0, count: k)
      for a in 0..<k { dbar[a] = pat.mean[a] - mu[obs[a]] }
      var wMat = pat.covariance
      for b in 0..<k { for a in 0..<k { wMat[a, b] += dbar[a] * dbar[b] } }
      let qm = pm * wMat * pm
      let pd = (0..<k).map { a in (0..<k).reduce(0.0) { $0 + pm[a, $1] * dbar[$1] } }
      let sp = pairs(obs, p: p)
      // R = Q − ½P: the σσ block is Σ over orderings (u, v) of (x1, y1) and
      // (s, t) of (x2, y2) of P[v,s]·R[t,u], i.e. tr(E₁ P E₂ Q) − ½tr(E₁ P E₂ P).
      var rm = qm
      for i in rm.elements.indices { rm.elements[i] -= 0.5 * pm.elements[i] }
      // Raw storage: the subscripts' checks cost more than the arithmetic here.
      a1.elements.withUnsafeMutableBufferPointer { pa in
        pm.elements.withUnsafeBufferPointer { pp in
          rm.elements.withUnsafeBufferPointer { pr in
            sp.withUnsafeBufferPointer { sp in
              @inline(__always) func term(_ u: Int, _ v: Int, _ s: Int, _ t: Int) -> Double { pp[v + s * k] * pr[t + u * k] }
              // μμ.
              for b in 0..<k { for a in 0..<k { pa[obs[a] + obs[b] * dim] += w * pp[a + b * k] } }
              // μσ, both halves.
              for (x, y, idx) in sp {
                for i in 0..<k {
                  let v = x == y ? pp[i + x * k] * pd[x] : pp[i + x * k] * pd[y] + pp[i + y * k] * pd[x]
                  pa[obs[i] + idx * dim] += w * v
                  pa[idx + obs[i] * dim] += w * v
                }
              }
              // σσ.
              for (x2, y2, i2) in sp {
                let column = i2 * dim
                for (x1, y1, i1) in sp {
                  var v = term(x1, y1, x2, y2)
                  if x2 != y2 { v += term(x1, y1, y2, x2) }
                  if x1 != y1 {
                    v += term(y1, x1, x2, y2)
                    if x2 != y2 { v += term(y1, x1, y2, x2) }
                  }
                  pa[i1 + column] += w * v
                }
              }
            }
          }
        }
      }
    }
    return a1
  }

  /// B₁(μ, Σ): the mean outer product of the cases' scores, ZᵀZ/N with the scores as rows of Z.
  static func h1FirstOrder(p: Int, cases: [[Double]], mu: [Double], inverses: inout PatternInverses) throws -> Matrix {
    let dim = p + p * (p + 1) / 2
    // The observed set, its inverse and its (σ_ab) coordinates, once per pattern;
    // rows of cases with nothing observed stay zero and add nothing.
    var layouts: [[Bool]: (obs: [Int], inverse: Matrix, pairs: [(a: Int, b: Int, index: Int)])] = [:]
    var z = Matrix(rows: cases.count, columns: dim)
    var counted = 0
    var key = [Bool](repeating: false, count: p)
    var d = [Double](repeating: 0, count: p), pd = d
    for row in cases {
      for i in 0..<p { key[i] = !row[i].isNaN }
      guard key.contains(true) else { continue }
      if layouts[key] == nil {
        let obs = (0..<p).filter { key[$0] }
        layouts[key] = (obs, try inverses(obs), pairs(obs, p: p))
      }
      let (obs, pm, sp) = layouts[key]!
      let k = obs.count
      for a in 0..<k { d[a] = row[obs[a]] - mu[obs[a]] }
      for a in 0..<k {
        var v = 0.0
        for c in 0..<k { v += pm[a, c] * d[c] }
        pd[a] = v
        z[counted, obs[a]] = v
      }
      for (x, y, idx) in sp {
        let gxy = 0.5 * (pd[x] * pd[y] - pm[x, y])
        z[counted, idx] = x == y ? gxy : 2 * gxy
      }
      counted += 1
    }
    return (1 / Double(counted)) * z.times(z, transposeSelf: true)
  }

  /// tr(A⁻¹B) by an LU solve: away from the unrestricted estimates (the
  /// baseline's μ_b, Σ_b) the observed information need not be positive definite.
  static func traceProduct(_ b: Matrix, inverseOf a: Matrix) throws -> Double {
    guard let solved = try? LU(a).solve(b) else {
      throw SEMFailure(kind: .notIdentified, message: "robust statistics: the unrestricted model's information matrix is singular (a variable pair is never observed together?)")
    }
    return trace(solved)
  }

  /// Position of σ_ij (i ≥ j) in lavaan's vech order (column by column, lower part).
  static func vechIndex(_ i: Int, _ j: Int, _ p: Int) -> Int {
    let (r, c) = i >= j ? (i, j) : (j, i)
    return c * p - c * (c - 1) / 2 + (r - c)
  }

  /// Rows of ∂μ/∂θ above rows of ∂vech(Σ)/∂θ.
  static func stacked(mean: Matrix, covariance: Matrix) -> Matrix {
    var out = Matrix(rows: mean.rows + covariance.rows, columns: mean.columns)
    for j in 0..<mean.columns {
      for i in 0..<mean.rows { out[i, j] = mean[i, j] }
      for i in 0..<covariance.rows { out[mean.rows + i, j] = covariance[i, j] }
    }
    return out
  }
}

// lavaan's robust CFI/TLI/RNI/RMSEA under FIML (lav_fit_fiml_corrected;
// Zhang & Savalei, FIML-C): the model and the baseline are evaluated, at their
// FIML estimates, against the EM moments μ̃, Σ̃ as if those were complete-data
// moments, T₃ = Σ_g N_g·F_ML(μ̃, Σ̃; μ̂, Σ̂), and that statistic is corrected by
//   c₃ = tr(U Wm⁻¹ Wc Wm⁻¹ U Γ)/df   (V3, with a scaled test: MLR),
//   c₃ = tr(Wc Wm⁻¹ U Wm⁻¹)/df       (V6, without one: ML),
// where per group Wm = A₁(μ̃, Σ̃) (missing-data information), Jm = B₁(μ̃, Σ̃),
// Wc = diag(Σ̃⁻¹, ½Dᵀ(Σ̃⁻¹⊗Σ̃⁻¹)D) (complete-data information), Γ = Wm⁻¹JmWm⁻¹,
// all groups stacked block-diagonally with weights f_g (Wm, Wc), 1/f_g (Wm⁻¹, Γ),
// U = Wm − WmΔ(ΔᵀWmΔ)⁻¹ΔᵀWm, and the same with the baseline's Δ_b for c₃,b.
// The robust indices are then the complete-data ones with T₃, c₃, T₃,b, c₃,b
// in place of χ², c, χ²_b, c_b.

struct FIMLCorrected {
  var chisq: Double
  var scaling: Double
  var baselineChisq: Double
  var baselineScaling: Double
}

extension Robustness {
  static func fimlCorrected(_ f: FittedModel, scaledTest: Bool) throws -> FIMLCorrected {
    let p = f.p
    let dim = p + p * (p + 1) / 2
    let groups = f.groups.count
    let total = groups * dim
    var wm = Matrix(rows: total, columns: total), wmi = wm, wc = wm, gamma = wm
    var delta = Matrix(rows: total, columns: f.q)
    var chisq = 0.0, chisqB = 0.0, traceB = 0.0
    for (gi, (g, fg)) in zip(f.groups, f.weights).enumerated() {
      let h1 = try unrestrictedInformation(g.data, p: p)
      let blocks = try fimlCorrectedBlocks(g.data, p: p)
      let o = gi * dim
      place(h1.a1, into: &wm, at: o, scale: fg)
      place(blocks.a1Inverse, into: &wmi, at: o, scale: 1 / fg)
      place(blocks.gamma, into: &gamma, at: o, scale: 1 / fg)
      place(blocks.complete, into: &wc, at: o, scale: fg)
      let d = stacked(mean: Information.meanDelta(g.implied), covariance: Information.delta(g.implied))
      for j in 0..<f.q { for i in 0..<dim { delta[o + i, j] = d[i, j] } }
      let n = Double(g.n)
      chisq += n * ML.discrepancy(GroupSample(s: g.data.moments.covariance, mean: g.data.moments.means), sigma: g.implied.sigma, mu: g.implied.means)
      chisqB += n * blocks.baselineChisq
      traceB += scaledTest ? blocks.baselineTraceScaled : blocks.baselineTraceUnscaled
    }
    let df = Double(f.df), dfB = Double(groups * (p * (p + 1) / 2 - p))
    let traceModel = try correctionTrace(wm: wm, wmi: wmi, wc: wc, gamma: gamma, delta: delta, scaled: scaledTest)
    return FIMLCorrected(chisq: chisq, scaling: traceModel / df,
                         baselineChisq: chisqB, baselineScaling: traceB / dfB)
  }

  private static func place(_ block: Matrix, into m: inout Matrix, at offset: Int, scale: Double) {
    for j in 0..<block.columns { for i in 0..<block.rows { m[offset + i, offset + j] = scale * block[i, j] } }
  }

  /// The numerator of c₃ for a model with Jacobian Δ (V3 with a scaled test, V6 without).
  static func correctionTrace(wm: Matrix, wmi: Matrix, wc: Matrix, gamma: Matrix, delta d: Matrix, scaled: Bool) throws -> Double {
    let wmD = wm * d
    guard let eInv = try? Cholesky(d.times(wmD, transposeSelf: true)).inverse else {
      throw SEMFailure(kind: .notIdentified, message: "the FIML-corrected robust indices need an invertible information matrix")
    }
    let uWmi = (wm - wmD * eInv * wmD.transposed) * wmi
    // U and Wm⁻¹ are symmetric: Wm⁻¹U = (UWm⁻¹)ᵀ.
    return scaled ? trace(uWmi * wc * uWmi.transposed * gamma) : trace(wc * wmi * uWmi)
  }

  /// One group's data-only blocks of FIML-C, with the baseline's T₃,b/N_g and
  /// its traces (the baseline's Δ_b picks each variable's mean and variance).
  static func fimlCorrectedBlocks(_ data: GroupData, p: Int) throws -> FIMLCorrectedBlocks {
    try data.fimlCorrected.get {
      let h1 = try unrestrictedInformation(data, p: p)
      let dim = p + p * (p + 1) / 2
      let muT = data.moments.means, sigmaT = data.moments.covariance
      guard let a1Inv = try? LU(h1.a1).solve(Matrix.identity(dim)), let sInv = try? Cholesky(sigmaT).inverse else {
        throw SEMFailure(kind: .notIdentified, message: "the FIML-corrected robust indices need an invertible unrestricted information matrix")
      }
      var wc = Matrix(rows: dim, columns: dim)
      place(sInv, into: &wc, at: 0, scale: 1)
      place(weight(sigmaT), into: &wc, at: p, scale: 1)
      let gamma = a1Inv * h1.b1 * a1Inv
      var deltaB = Matrix(rows: dim, columns: 2 * p)
      for i in 0..<p {
        deltaB[i, i] = 1
        deltaB[p + vechIndex(i, i, p), p + i] = 1
      }
      let (_, muB, varB) = h1.patterns.independenceMoments()
      func baselineTrace(scaled: Bool) throws -> Double {
        try correctionTrace(wm: h1.a1, wmi: a1Inv, wc: wc, gamma: gamma, delta: deltaB, scaled: scaled)
      }
      return FIMLCorrectedBlocks(a1Inverse: a1Inv, gamma: gamma, complete: wc,
                                 baselineChisq: ML.discrepancy(GroupSample(s: sigmaT, mean: muT), sigma: Matrix.diagonal(varB), mu: muB),
                                 baselineTraceScaled: try baselineTrace(scaled: true), baselineTraceUnscaled: try baselineTrace(scaled: false))
    }
  }
}
