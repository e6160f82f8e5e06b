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
  public var chisq: Double { estimatorType.testN(sampleSize: n) * fValue }
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
    n = f.estimatorType.testN(sampleSize: f.n)
    fmin = chisq / (2 * Double(f.n))
    pvalue = df > 0 && f.estimatorType.chiSquareReferenced ? ChiSquare(df: df).cdf(chisq, upperTail: true) : .nan
  }
}

/// The scaled test of a robust fit (MLM, MLR), and the baseline's: T/c and T_b/c_b.
struct ScaledTest {
  let statistics: RobustStatistics
  let chisq: Double
  let pvalue: Double
  let baselineChisq: Double
  let baselinePvalue: Double

  init?(_ f: FittedModel, test: ModelTest, baseline: BaselineModel) {
    guard f.options.robust != nil, let r = try? Robustness.statistics(f) else { return nil }
    statistics = r
    chisq = test.chisq / r.scalingFactor
    baselineChisq = baseline.chisq / r.baselineScalingFactor
    pvalue = test.df > 0 ? ChiSquare(df: test.df).cdf(chisq, upperTail: true) : .nan
    baselinePvalue = ChiSquare(df: baseline.df).cdf(baselineChisq, upperTail: true)
  }
}
