import Distributions
import LinearAlgebra

// lavaan's fitMeasures(), with lavaan's names and definitions (lavaan's lav_fit_*.R; formulas below).
// N is the sample size (likelihood "normal"); χ² = N·F; F_b is the baseline
// model's discrepancy, where the baseline has free variances, no covariances,
// and exogenous covariates' moments fixed at the sample (fixed.x).
//   cfi  = 1 − max(χ² − df, 0) / max(χ² − df, χ²_b − df_b, 0)     (Bentler 1990)
//   tli  = nnfi = 1 − [(χ² − df)·df_b] / [(χ²_b − df_b)·df]        (Tucker & Lewis 1973)
//   rfi  = (χ²_b/df_b − χ²/df) / (χ²_b/df_b)                       (Bollen 1986)
//   nfi  = (χ²_b − χ²)/χ²_b;  pnfi = (df/df_b)·nfi;  ifi = (χ²_b − χ²)/(χ²_b − df)
//   rni  = 1 − (χ² − df)/(χ²_b − df_b)
//   logl = −N/2·[log|Σ̂| + tr(SΣ̂⁻¹) + p·log 2π];  unrestricted: Σ̂ = S; with fixed.x
//          covariates, minus their own saturated log-likelihood (lavaan's conditional form)
//   aic  = −2logl + 2k;  bic = −2logl + k·log N;  bic2 = −2logl + k·log((N + 2)/24)
//   rmsea = √max((χ²/N)/df − 1/N, 0); its 90% interval from the non-central χ²
//           (λ with P(χ²; df, λ) = .95 and .05, found by R's uniroot), √(λ/(N·df));
//           rmsea.pvalue = P(X > χ²; df, N·df·.05²); notclose: P(X ≤ χ²; df, N·df·.08²)
//   rmr  = √(mean of vech(S − Σ̂)²);  srmr (Bentler) = √mean of vech((s − σ)/√(sᵢᵢsⱼⱼ))²
//   crmr = √mean over off-diagonal vech of (r − ρ̂)², r and ρ̂ correlations
//   srmr_mplus = √{[Σ_{i<j}(r − ρ̂)² + Σᵢ((sᵢᵢ − σᵢᵢ)/sᵢᵢ)²] / p*}
//   gfi, agfi, pgfi: GFI.swift
//   cn_α = χ²_{1−α}(df)/(χ²/N) + 1                                (Hoelter 1983)
//   mfi  = exp(−½(χ² − df)/N)  (McDonald 1989);  ecvi = χ²/N + 2k/N (Browne & Cudeck 1989)

extension FittedModel {
  /// The test statistic: N·F for ML, (N − 1)·F for GLS and ULS (lavaan).
  public var chisq: Double { Double(options.estimator == .ml ? n : n - 1) * fValue }
}

public struct FitMeasures: Sendable, Codable, Equatable {
  public var values: NamedValues

  public subscript(_ key: String) -> Double? { values[key] }

  public func encode(to encoder: Encoder) throws { try values.encode(to: encoder) }
  public init(from decoder: Decoder) throws { values = try NamedValues(from: decoder) }
  init(_ pairs: [(String, Double)]) { values = NamedValues(names: pairs.map(\.0), values: pairs.map(\.1)) }

  public static func compute(_ f: FittedModel) -> FitMeasures {
    let ml = f.options.estimator == .ml
    // N in the χ²-based indices: N for ML, N − 1 for GLS and ULS (lavaan).
    let n = ml ? Double(f.n) : Double(f.n - 1)
    let groupCount = Double(f.groups.count)
    let p = f.p
    let means = f.meanstructure
    let pstar = Double(f.momentCount)
    let npar = Double(f.npar)
    let df = Double(f.df)
    // χ² = N·F for ML; lavaan scales GLS and ULS (fitted to the unbiased S) by
    // N − 1 instead, and reports fmin = χ²/(2N) in both cases.
    let chisq = f.chisq
    let fmin = chisq / (2 * Double(f.n))
    // ULS's test statistic has no χ² distribution: lavaan reports no p value for it (NA).
    let uls = f.options.estimator == .uls
    let pvalue = df > 0 && !uls ? ChiSquare(df: df).cdf(chisq, upperTail: true) : .nan

    // Baseline: diagonal Σ for endogenous variables, the sample block for
    // fixed.x covariates, free means; under FIML each variable's own ML mean
    // and variance over the cases that observe it (the independence model's
    // likelihood factorises over variables).
    let xNames = Set(f.table.roles.observedX)
    let nx = xNames.count
    let dfB = groupCount * (Double(p * (p + 1) / 2) - Double(p - nx) - Double(nx * (nx + 1) / 2))
    var chisqB = 0.0
    var logl = 0.0, logl1 = 0.0
    let log2pi = _log(2 * Double.pi)
    for g in f.groups {
      let s = g.sampleCovariance
      let ng = ml ? Double(g.n) : Double(g.n - 1)
      if let patterns = g.data.patterns {
        let fSat = patterns.value(sigma: s, mu: Matrix(rows: p, columns: 1, columnMajor: g.data.moments.means))
        let l1 = -0.5 * (Double(g.n) * fSat + patterns.constant)
        chisqB += 2 * (l1 - independenceLogLikelihood(patterns))
        logl1 += l1
      } else {
        var sb = Matrix(rows: p, columns: p)
        for i in 0..<p {
          for j in 0..<p where i == j || (xNames.contains(g.layout.observed[i]) && xNames.contains(g.layout.observed[j])) {
            sb[i, j] = s[i, j]
          }
        }
        if f.options.estimator == .gls { sb = glsBaseline(s: s, xNames: xNames, names: g.layout.observed) }
        chisqB += ng * discrepancy(f.options.estimator, s: s, sigma: sb)
        if ml {
          let logDetS = (try? Cholesky(s).logDeterminant) ?? .nan
          logl1 += -Double(g.n) / 2 * (logDetS + Double(p) + Double(p) * log2pi)
        }
      }
      // With fixed.x, lavaan reports the likelihood of the rest given the
      // covariates: the covariates' own (saturated) log-likelihood is removed.
      if ml && nx > 0 {
        let xi = g.layout.observed.indices.filter { xNames.contains(g.layout.observed[$0]) }
        var sxx = Matrix(rows: nx, columns: nx)
        for (a, i) in xi.enumerated() { for (b, j) in xi.enumerated() { sxx[a, b] = s[i, j] } }
        logl1 -= -Double(g.n) / 2 * (((try? Cholesky(sxx).logDeterminant) ?? .nan) + Double(nx) + Double(nx) * log2pi)
      }
    }
    // log L = log L₁ − N/2·(F − F₁), F₁ = 0 for complete data.
    logl = logl1 - Double(f.n) / 2 * f.fValue
    let pvalueB = dfB > 0 && !uls ? ChiSquare(df: dfB).cdf(chisqB, upperTail: true) : .nan

    let plain = incremental(chisq, df, chisqB, dfB)

    let aic = -2 * logl + 2 * npar
    let bic = -2 * logl + npar * _log(n)
    let bic2 = -2 * logl + npar * _log((n + 2) / 24)

    // Several groups: Steiger's √G (Dudgeon 2004, eq. 16) on the RMSEA and its interval.
    let rootG = groupCount.squareRoot()
    let rmsea = df > 0 ? max((chisq / n) / df - 1 / n, 0).squareRoot() * rootG : 0
    let (ciLower, ciUpper) = rmseaInterval(chisq: chisq, df: df, n: n, level: 0.90)
    let closeP = df > 0 ? 1 - ChiSquare(df: df, noncentrality: n * df * 0.05 * 0.05 / groupCount).cdf(chisq) : .nan
    let notCloseP = df > 0 ? ChiSquare(df: df, noncentrality: n * df * 0.08 * 0.08 / groupCount).cdf(chisq) : .nan

    // Residual-based indices and the GFI, per group, weighted by n_g/N.
    var r = Residuals()
    for (g, w) in zip(f.groups, f.weights) { r.add(residuals(f, g, means: means), weight: w) }
    let gfi = r.gfi
    let agfi = df > 0 ? 1 - (pstar / df) * (1 - gfi) : 1
    let pgfi = pstar > 0 ? (df / pstar) * gfi : .nan
    let cn05 = df == 0 && chisq < Double.ulpOfOne.squareRoot() ? Double.nan : ChiSquare(df: df).quantile(0.95) / (chisq / n) + 1
    let cn01 = df == 0 && chisq < Double.ulpOfOne.squareRoot() ? Double.nan : ChiSquare(df: df).quantile(0.99) / (chisq / n) + 1
    let mfi = _exp(-0.5 * (chisq - df) / n)
    let ecvi = chisq / n + 2 * npar / n

    // Scaled versions (MLM, MLR): χ²/c, and the indices with c·df; robust
    // versions from χ², c (complete data) or FIML-C's T₃, c₃ (FIML, with or
    // without MLR; Robustness.fimlCorrected).
    var scaled: [(String, Double)] = [], baselineScaled: [(String, Double)] = [], indicesScaled: [(String, Double)] = []
    var factors: [(String, Double)] = [], rmseaScaled: [(String, Double)] = []
    var indicesRobust: [(String, Double)] = [], rmseaRobust: [(String, Double)] = []
    func close(_ x: Double, _ df: Double, _ h0: Double, _ c: Double) -> Double {
      df > 0 ? ChiSquare(df: df, noncentrality: n * df * h0 * h0 / (c * groupCount)).cdf(x) : .nan
    }
    var robustInput: (x2: Double, c: Double, x2b: Double, cB: Double)?
    if f.options.robust != nil, let r = try? Robustness.statistics(f) {
      let c = r.scalingFactor, cB = r.baselineScalingFactor
      let x2s = chisq / c, x2bs = chisqB / cB
      scaled = [("chisq.scaled", x2s), ("df.scaled", df), ("pvalue.scaled", df > 0 ? ChiSquare(df: df).cdf(x2s, upperTail: true) : .nan),
                ("chisq.scaling.factor", c)]
      baselineScaled = [("baseline.chisq.scaled", x2bs), ("baseline.df.scaled", dfB),
                        ("baseline.pvalue.scaled", ChiSquare(df: dfB).cdf(x2bs, upperTail: true)), ("baseline.chisq.scaling.factor", cB)]
      let sc = incremental(x2s, df, x2bs, dfB)
      indicesScaled = [("cfi.scaled", sc.cfi), ("tli.scaled", sc.tli), ("nnfi.scaled", sc.tli), ("rfi.scaled", sc.rfi), ("nfi.scaled", sc.nfi),
                       ("pnfi.scaled", sc.pnfi), ("ifi.scaled", sc.ifi), ("rni.scaled", sc.rni)]
      if let h1 = r.scalingFactorH1, let h0 = r.scalingFactorH0 { factors = [("scaling.factor.h1", h1), ("scaling.factor.h0", h0)] }
      let dfS = c * df
      let rs = df > 0 ? max((chisq / n) / dfS - 1 / n, 0).squareRoot() * rootG : 0
      let ciS = rmseaInterval(chisq: chisq, df: dfS, n: n, level: 0.90)
      rmseaScaled = [("rmsea.scaled", rs), ("rmsea.ci.lower.scaled", ciS.0 * rootG), ("rmsea.ci.upper.scaled", ciS.1 * rootG),
                     ("rmsea.pvalue.scaled", 1 - close(chisq, dfS, 0.05, 1)), ("rmsea.notclose.pvalue.scaled", close(chisq, dfS, 0.08, 1))]
      if !f.fiml { robustInput = (chisq, c, chisqB, cB) }
    }
    if f.fiml && ml, let fc = try? Robustness.fimlCorrected(f, scaledTest: f.options.robust != nil) {
      robustInput = (fc.chisq, fc.scaling, fc.baselineChisq, fc.baselineScaling)
    }
    if let (x2, c, x2b, cB) = robustInput {
      let rb = incremental(x2, df, x2b, dfB, c: c, cBaseline: cB)
      indicesRobust = [("cfi.robust", rb.cfi), ("tli.robust", rb.tli), ("nnfi.robust", rb.tli), ("rni.robust", rb.rni)]
      let rr = df > 0 ? max((x2 / n) / df - c / n, 0).squareRoot() * rootG : 0
      let ciR = rmseaInterval(chisq: x2 / c, df: df, n: n, level: 0.90)
      rmseaRobust = [("rmsea.robust", rr), ("rmsea.ci.lower.robust", ciR.0 * (c * groupCount).squareRoot()),
                     ("rmsea.ci.upper.robust", ciR.1 * (c * groupCount).squareRoot()),
                     ("rmsea.pvalue.robust", 1 - close(x2 / c, df, 0.05, c)), ("rmsea.notclose.pvalue.robust", close(x2 / c, df, 0.08, c))]
    }

    // Likelihood-based measures exist for ML only (lavaan omits them otherwise).
    let likelihood: [(String, Double)] = ml
      ? [("logl", logl), ("unrestricted.logl", logl1), ("aic", aic), ("bic", bic), ("ntotal", n), ("bic2", bic2)] : []
    return FitMeasures([
      ("npar", npar), ("fmin", fmin), ("chisq", chisq), ("df", df), ("pvalue", pvalue)] + scaled + [
      ("baseline.chisq", chisqB), ("baseline.df", dfB), ("baseline.pvalue", pvalueB)] + baselineScaled + [
      ("cfi", plain.cfi), ("tli", plain.tli), ("nnfi", plain.tli), ("rfi", plain.rfi), ("nfi", plain.nfi), ("pnfi", plain.pnfi),
      ("ifi", plain.ifi), ("rni", plain.rni),
    ] + indicesScaled + indicesRobust + likelihood + factors + [
      ("rmsea", rmsea), ("rmsea.ci.lower", ciLower * rootG), ("rmsea.ci.upper", ciUpper * rootG), ("rmsea.ci.level", 0.90),
      ("rmsea.pvalue", closeP), ("rmsea.close.h0", 0.05), ("rmsea.notclose.pvalue", notCloseP), ("rmsea.notclose.h0", 0.08),
    ] + rmseaScaled + rmseaRobust + [
      ("rmr", r.rmr), ("rmr_nomean", r.rmrNoMean), ("srmr", r.srmr), ("srmr_bentler", r.srmr), ("srmr_bentler_nomean", r.srmrNoMean),
      ("crmr", r.crmr), ("crmr_nomean", r.crmrNoMean), ("srmr_mplus", r.mplus), ("srmr_mplus_nomean", r.mplusNoMean),
      ("cn_05", cn05), ("cn_01", cn01),
    ] + [("gfi", gfi), ("agfi", agfi), ("pgfi", pgfi)] + [("mfi", mfi), ("ecvi", ecvi)])
  }

  /// The incremental indices from a model's and the baseline's χ²; with
  /// scaling factors c, c_b (robust versions) c·df and c_b·df_b replace df, df_b.
  static func incremental(_ chisq: Double, _ df: Double, _ chisqB: Double, _ dfB: Double, c: Double = 1, cBaseline cB: Double = 1)
    -> (cfi: Double, tli: Double, rfi: Double, nfi: Double, pnfi: Double, ifi: Double, rni: Double) {
    let cdf = df * c, cdfB = dfB * cB
    let t1 = max(chisq - cdf, 0), t2 = max(chisq - cdf, chisqB - cdfB, 0)
    let cfi = t1 == 0 && t2 == 0 ? 1 : 1 - t1 / t2
    let tliDen = (chisqB - cdfB) * df
    let tli = df > 0 && abs(tliDen) > 0 ? 1 - (chisq - cdf) * dfB / tliDen : 1
    var rfi = 1.0
    if df > dfB { rfi = .nan } else if df > 0 && dfB > 0 {
      let a = chisqB / dfB - chisq / df, b = chisqB / dfB
      rfi = a < 0 || b < 0 ? 1 : a / b
    }
    let nfi = df > dfB ? Double.nan : (df > 0 ? (chisqB - chisq) / chisqB : 1)
    let pnfi = dfB > 0 && chisqB > 0 ? (df / dfB) * (chisqB - chisq) / chisqB : .nan
    let ifiDen = chisqB - df
    let ifi = ifiDen < 0 ? 1 : (ifiDen == 0 ? .nan : (chisqB - chisq) / ifiDen)
    let rni = (chisqB - cdfB) == 0 ? Double.nan : 1 - (chisq - cdf) / (chisqB - cdfB)
    return (cfi, tli, rfi, nfi, pnfi, ifi, rni)
  }

  /// The independence model's log-likelihood under FIML: each variable's
  /// normal log-likelihood at its own ML mean and variance over its cases.
  static func independenceLogLikelihood(_ patterns: MissingPatterns) -> Double {
    let (n, _, variance) = patterns.independenceMoments()
    var l = 0.0
    for i in 0..<patterns.p { l += -n[i] / 2 * (_log(2 * Double.pi) + _log(variance[i]) + 1) }
    return l
  }

  /// Root-mean-square residual summaries of one group (lavaan's rmr, srmr =
  /// Bentler's with residuals scaled by the sample SDs, crmr and srmr_mplus on
  /// correlation residuals); with a mean structure the mean residuals count
  /// too (scaled the same way), the _nomean versions leave them out.
  struct Residuals {
    var rmr = 0.0, rmrNoMean = 0.0, srmr = 0.0, srmrNoMean = 0.0, crmr = 0.0, crmrNoMean = 0.0
    var mplus = 0.0, mplusNoMean = 0.0, gfi = 0.0
    mutating func add(_ o: Residuals, weight w: Double) {
      rmr += w * o.rmr; rmrNoMean += w * o.rmrNoMean; srmr += w * o.srmr; srmrNoMean += w * o.srmrNoMean
      crmr += w * o.crmr; crmrNoMean += w * o.crmrNoMean; mplus += w * o.mplus; mplusNoMean += w * o.mplusNoMean
      gfi += w * o.gfi
    }
  }

  static func residuals(_ f: FittedModel, _ g: GroupFit, means: Bool) -> Residuals {
    let p = g.layout.p
    let s = g.sampleCovariance
    let sigma = g.workspace.sigma
    let m = g.data.moments.means
    let mu = g.workspace.mu
    let pstar = Double(p * (p + 1) / 2)
    var rmr = 0.0, srmr = 0.0, crmr = 0.0, mplus = 0.0
    for j in 0..<p {
      for i in j..<p {
        let d = s[i, j] - sigma[i, j]
        rmr += d * d
        let sd = (s[i, i] * s[j, j]).squareRoot()
        srmr += (d / sd) * (d / sd)
        if i != j {
          let r = s[i, j] / sd - sigma[i, j] / (sigma[i, i] * sigma[j, j]).squareRoot()
          crmr += r * r
          mplus += r * r
        } else {
          let v = (s[i, i] - sigma[i, i]) / s[i, i]
          mplus += v * v
        }
      }
    }
    var rmrM = 0.0, srmrM = 0.0, mplusM = 0.0
    if means {
      for i in 0..<p {
        let d = m[i] - mu[i, 0]
        rmrM += d * d
        srmrM += d * d / s[i, i]
        let c = m[i] / s[i, i].squareRoot() - mu[i, 0] / sigma[i, i].squareRoot()
        mplusM += c * c
      }
    }
    let pm = means ? Double(p) : 0
    let offDiagonal = Double(p * (p - 1) / 2)
    var out = Residuals()
    out.rmrNoMean = (rmr / pstar).squareRoot()
    out.rmr = ((rmr + rmrM) / (pstar + pm)).squareRoot()
    out.srmrNoMean = (srmr / pstar).squareRoot()
    out.srmr = ((srmr + srmrM) / (pstar + pm)).squareRoot()
    out.crmrNoMean = p > 1 ? (crmr / offDiagonal).squareRoot() : .nan
    out.crmr = p > 1 ? ((crmr + srmrM) / (offDiagonal + pm)).squareRoot() : .nan
    out.mplusNoMean = (mplus / pstar).squareRoot()
    out.mplus = ((mplus + mplusM) / (pstar + pm)).squareRoot()

    out.gfi = gfi(f, g)
    return out
  }

  /// F of the given estimator between S and a fixed Σ (the baseline's).
  static func discrepancy(_ e: Estimator, s: Matrix, sigma: Matrix) -> Double {
    let p = s.rows
    switch e {
    case .ml:
      guard let cs = try? Cholesky(sigma), let ss = try? Cholesky(s) else { return .nan }
      let inv = cs.inverse
      var tr = 0.0
      for k in 0..<(p * p) { tr += s.elements[k] * inv.elements[k] }
      return cs.logDeterminant + tr - ss.logDeterminant - Double(p)
    case .gls:
      guard let sInv = try? Cholesky(s).inverse else { return .nan }
      let r = (s - sigma) * sInv
      var f = 0.0
      for i in 0..<p { for j in 0..<p { f += r[i, j] * r[j, i] } }
      return 0.5 * f
    case .uls:
      var f = 0.0
      for j in 0..<p { for i in j..<p { let d = s[i, j] - sigma[i, j]; f += d * d } }
      return f
    }
  }

  /// The GLS baseline: the diagonal Σ_b (covariates' block fixed at the sample)
  /// minimising ½tr{[S⁻¹(S − Σ_b)]²}. F is quadratic in the free diagonal d, and
  /// ∂F/∂dₖ = 0 gives Σⱼ (S⁻¹)ₖⱼ² dⱼ = (S⁻¹)ₖₖ − (S⁻¹ X S⁻¹)ₖₖ, X the fixed block.
  static func glsBaseline(s: Matrix, xNames: Set<String>, names: [String]) -> Matrix {
    let p = s.rows
    guard let w = try? Cholesky(s).inverse else { return s }
    var x = Matrix(rows: p, columns: p)
    for i in 0..<p where xNames.contains(names[i]) {
      for j in 0..<p where xNames.contains(names[j]) { x[i, j] = s[i, j] }
    }
    let wxw = w * x * w
    let free = (0..<p).filter { !xNames.contains(names[$0]) }
    var a = Matrix(rows: free.count, columns: free.count)
    var b = Matrix(rows: free.count, columns: 1)
    for (r, k) in free.enumerated() {
      for (c, j) in free.enumerated() { a[r, c] = w[k, j] * w[k, j] }
      b[r, 0] = w[k, k] - wxw[k, k]
    }
    var sb = x
    if let d = try? a.solve(b) { for (r, k) in free.enumerated() { sb[k, k] = d[r, 0] } }
    return sb
  }

  /// lavaan's lav_fit_rmsea_ci: uniroot on the non-central χ² cdf.
  static func rmseaInterval(chisq: Double, df: Double, n: Double, level: Double) -> (Double, Double) {
    guard df >= 1, chisq.isFinite else { return (0, 0) }
    let upperPerc = 1 - (1 - level) / 2, lowerPerc = (1 - level) / 2
    func lowerF(_ l: Double) -> Double { ChiSquare(df: df, noncentrality: l).cdf(chisq) - upperPerc }
    func upperF(_ l: Double) -> Double { ChiSquare(df: df, noncentrality: l).cdf(chisq) - lowerPerc }
    var lo = 0.0
    if lowerF(0) >= 0 {
      lo = Zeroin.root(0, chisq, lowerF).map { ($0 / (n * df)).squareRoot() } ?? .nan
    }
    var hi = 0.0
    let nRmsea = max(n, chisq * 4)
    if !(upperF(nRmsea) > 0 || upperF(0) < 0) {
      hi = Zeroin.root(0, nRmsea, upperF).map { ($0 / (n * df)).squareRoot() } ?? .nan
    }
    return (lo, hi)
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
