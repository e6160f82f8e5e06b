import Distributions

// The root mean square error of approximation (Steiger & Lind 1980; lavaan's
// lav_fit_rmsea.R), N the estimator's:
//   rmsea = √max((χ²/N)/df − 1/N, 0); its 90% interval √(λ/(N·df)) with λ
//   where the non-central χ²(df, λ) cdf at χ² is .95 and .05 (R's uniroot,
//   Zeroin.swift); rmsea.pvalue = P(X > χ²; df, N·df·.05²) and
//   rmsea.notclose.pvalue = P(X ≤ χ²; df, N·df·.08²) (MacCallum, Browne &
//   Sugawara 1996). G groups: Steiger's √G on the RMSEA and its interval and
//   N·df·ε²/G in the non-centralities (Dudgeon 2004, eq. 16).
// rmsea.scaled keeps χ² and puts c·df in place of df; rmsea.robust
// (Brosseau-Liard, Savalei & Li 2012) is √max((χ²/N)/df − c/N, 0) with its
// interval √(c·λ/(N·df)), λ from χ²/c.

enum RMSEA {
  static func measures(test: ModelTest, groups: Int, scaled: ScaledTest?, robust: RobustInput?, into m: inout FitMeasures.Values) {
    let chisq = test.chisq, df = test.df, n = test.n
    let groupCount = Double(groups)
    let rootG = groupCount.squareRoot()
    func close(_ x: Double, _ df: Double, _ h0: Double, _ c: Double) -> Double {
      df > 0 ? ChiSquare(df: df, noncentrality: n * df * h0 * h0 / (c * groupCount)).cdf(x) : .nan
    }
    let (ciLower, ciUpper) = interval(chisq: chisq, df: df, n: n, level: 0.90)
    m[.rmsea] = df > 0 ? max((chisq / n) / df - 1 / n, 0).squareRoot() * rootG : 0
    m[.rmseaCILower] = ciLower * rootG
    m[.rmseaCIUpper] = ciUpper * rootG
    m[.rmseaCILevel] = 0.90
    m[.rmseaPvalue] = df > 0 ? 1 - ChiSquare(df: df, noncentrality: n * df * 0.05 * 0.05 / groupCount).cdf(chisq) : .nan
    m[.rmseaCloseH0] = 0.05
    m[.rmseaNotclosePvalue] = df > 0 ? ChiSquare(df: df, noncentrality: n * df * 0.08 * 0.08 / groupCount).cdf(chisq) : .nan
    m[.rmseaNotcloseH0] = 0.08
    if let scaled {
      // Satorra–Bentler/Yuan–Bentler: χ² with c·df; scaled-shifted (WLSMV): the scaled χ² in the plain formulas (lavaan).
      let (x2, dfS) = scaled.shifted ? (scaled.chisq, df) : (chisq, scaled.statistics.scalingFactor * df)
      let ciS = interval(chisq: x2, df: dfS, n: n, level: 0.90)
      m[.rmseaScaled] = df > 0 ? max((x2 / n) / dfS - 1 / n, 0).squareRoot() * rootG : 0
      m[.rmseaCILowerScaled] = ciS.0 * rootG
      m[.rmseaCIUpperScaled] = ciS.1 * rootG
      m[.rmseaPvalueScaled] = 1 - close(x2, dfS, 0.05, 1)
      m[.rmseaNotclosePvalueScaled] = close(x2, dfS, 0.08, 1)
    }
    if let r = robust {
      let x2 = r.chisq, c = r.c
      let ciR = interval(chisq: x2 / c, df: df, n: n, level: 0.90)
      m[.rmseaRobust] = df > 0 ? max((x2 / n) / df - c / n, 0).squareRoot() * rootG : 0
      m[.rmseaCILowerRobust] = ciR.0 * (c * groupCount).squareRoot()
      m[.rmseaCIUpperRobust] = ciR.1 * (c * groupCount).squareRoot()
      m[.rmseaPvalueRobust] = 1 - close(x2 / c, df, 0.05, c)
      m[.rmseaNotclosePvalueRobust] = close(x2 / c, df, 0.08, c)
    }
  }

  /// lavaan's lav_fit_rmsea_ci: uniroot on the non-central χ² cdf.
  static func interval(chisq: Double, df: Double, n: Double, level: Double) -> (Double, Double) {
    guard df >= 1, chisq.isFinite else { return (0, 0) }
    let upperPerc = 1 - (1 - level) / 2, lowerPerc = (1 - level) / 2
    var cdf = ChiSquare.NoncentralCDF(x: chisq, df: df)
    func lowerF(_ l: Double) -> Double { cdf(noncentrality: l) - upperPerc }
    func upperF(_ l: Double) -> Double { cdf(noncentrality: l) - lowerPerc }
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
