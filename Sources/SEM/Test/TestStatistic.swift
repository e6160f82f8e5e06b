import Distributions

// The model's test statistic (lavaan's lav_test, test = "standard"):
//   T = N·F at the optimum, N the estimator's (N for ML and FIML, N − 1 for
//   GLS and ULS, Estimator.testN); under FIML F is already F − F_H1.
//   df = (sample statistics) − npar − (the fixed.x covariates' own moments),
//   p = P(χ²_df > T), none for ULS, whose T has no χ² reference distribution;
//   lavaan's fmin = T/(2N) with the full N.
// The scaled statistics (Satorra–Bentler, Yuan–Bentler) are in Robust*.swift,
// the bootstrap one in BollenStine.swift, difference tests in Difference.swift.

extension FittedModel {
  /// The test statistic T = N·F (N − 1 for GLS and ULS).
  public var chisq: Double {
    // Ordered variables: Σ_g (n_g − 1)·F_g (OrdinalStatistics).
    ordinal != nil ? OrdinalStatistics(self).chisq : estimatorType.testN(sampleSize: n) * fValue
  }
  /// T has a χ² reference distribution: not ULS's, on continuous or ordered data.
  var chiSquareReferenced: Bool { estimatorType.chiSquareReferenced && !(ordinal != nil && options.estimator == .uls) }
}

struct ModelTest {
  let chisq: Double
  let df: Double
  let pvalue: Double
  let fmin: Double
  /// N in the χ²-based indices: the estimator's.
  let n: Double

  init(_ f: FittedModel) {
    chisq = f.chisq
    df = Double(f.df)
    n = f.ordinal != nil ? Double(f.n - f.groups.count) : f.estimatorType.testN(sampleSize: f.n)
    fmin = chisq / (2 * Double(f.n))
    pvalue = df > 0 && f.chiSquareReferenced ? ChiSquare(df: df).cdf(chisq, upperTail: true) : .nan
  }
}

/// The scaled test of a robust fit (MLM, MLR), and the baseline's: T/c and T_b/c_b;
/// for WLSMV/ULSMV the scaled-shifted a·T + b (ScaledShifted.swift), c = 1/a.
struct ScaledTest {
  let statistics: RobustStatistics
  let chisq: Double
  let pvalue: Double
  let baselineChisq: Double
  let baselinePvalue: Double
  /// Scaled-shifted: the indices take the scaled χ² in place of χ² (no c·df).
  var shifted = false

  init?(_ f: FittedModel, test: ModelTest, baseline: BaselineModel) {
    if f.ordinal != nil {
      guard f.options.meanAndVariance else { return nil }
      let o = OrdinalStatistics(f)
      let (m, b) = (o.scaledShifted, o.baselineScaledShifted)
      // A saturated model (df = 0) has nothing to scale: T stays, no factor (lavaan's NA).
      let saturated = test.df == 0
      statistics = RobustStatistics(vcov: Matrix(rows: 0, columns: 0), scalingFactor: saturated ? .nan : 1 / m.a, baselineScalingFactor: 1 / b.a)
      chisq = saturated ? test.chisq : m.a * test.chisq + m.b
      baselineChisq = b.a * baseline.chisq + b.b
      pvalue = test.df > 0 ? ChiSquare(df: test.df).cdf(chisq, upperTail: true) : .nan
      baselinePvalue = ChiSquare(df: baseline.df).cdf(baselineChisq, upperTail: true)
      shifted = true
      return
    }
    guard f.options.robust != nil, let r = try? Robustness.statistics(f) else { return nil }
    statistics = r
    chisq = test.chisq / r.scalingFactor
    baselineChisq = baseline.chisq / r.baselineScalingFactor
    pvalue = test.df > 0 ? ChiSquare(df: test.df).cdf(chisq, upperTail: true) : .nan
    baselinePvalue = ChiSquare(df: baseline.df).cdf(baselineChisq, upperTail: true)
  }
}
