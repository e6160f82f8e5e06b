import Distributions
import LinearAlgebra

// The baseline (independence) model the incremental indices compare with
// (lavaan's lav_partable_independence and the baseline.* fit measures): free
// variances, no covariances, the fixed.x covariates' variances and
// covariances at their sample values, free means. Per group its F is the
// estimator's own at Σ_b (Estimator.baselineSigma: diag S with the
// covariates' block; GLS has its own minimiser), T_b = N_g·F. Under FIML the
// independence model's likelihood factorises over variables, its estimates
// are each variable's ML mean and variance over the cases that observe it,
// and T_b = 2(ℓ_H1 − ℓ_b).
//   df_b = G·[p(p + 1)/2 − (p − n_x) − n_x(n_x + 1)/2]

struct BaselineModel {
  let chisq: Double
  let df: Double
  let pvalue: Double

  init(_ f: FittedModel) {
    if f.ordinal != nil {
      // Thresholds free, correlations 0 (OrdinalStatistics.baseline).
      let b = OrdinalStatistics(f).baseline
      (chisq, df) = (b.chisq, b.df)
      pvalue = f.chiSquareReferenced ? ChiSquare(df: df).cdf(chisq, upperTail: true) : .nan
      return
    }
    let p = f.p
    let xNames = Set(f.table.roles.observedX)
    let nx = xNames.count
    let type = f.estimatorType
    df = Double(f.groups.count) * (Double(p * (p + 1) / 2) - Double(p - nx) - Double(nx * (nx + 1) / 2))
    var chisq = 0.0
    for g in f.groups {
      if let patterns = g.data.patterns {
        chisq += 2 * (Likelihood.saturated(g) - BaselineModel.independenceLogLikelihood(patterns))
      } else {
        let isFixedX = g.layout.observed.map { xNames.contains($0) }
        chisq += type.testN(sampleSize: g.n) * type.baselineDiscrepancy(s: g.sampleCovariance, isFixedX: isFixedX)
      }
    }
    self.chisq = chisq
    pvalue = df > 0 && type.chiSquareReferenced ? ChiSquare(df: df).cdf(chisq, upperTail: true) : .nan
  }

  /// The independence model's log-likelihood under FIML: each variable's
  /// normal log-likelihood at its own ML mean and variance over its cases.
  static func independenceLogLikelihood(_ patterns: MissingPatterns) -> Double {
    let (n, _, variance) = patterns.independenceMoments()
    var l = 0.0
    for i in 0..<patterns.p { l += -n[i] / 2 * (_log(2 * Double.pi) + _log(variance[i]) + 1) }
    return l
  }
}
