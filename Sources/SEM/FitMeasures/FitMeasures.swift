import Distributions
import LinearAlgebra

// lavaan's fitMeasures(), with lavaan's names and definitions. The measures
// are pure functions of the test statistics (Test/), the baseline model
// (Baseline/) and the fitted moments, one family per file:
//   TestStatistic.swift   npar, fmin, chisq, df, pvalue (and .scaled, with the baseline's)
//   Incremental.swift     cfi, tli/nnfi, rfi, nfi, pnfi, ifi, rni (and .scaled, .robust)
//   Likelihood.swift      logl, unrestricted.logl, aic, bic, ntotal, bic2
//   RMSEA.swift           rmsea, its interval and close-fit tests (and .scaled, .robust)
//   Residuals.swift       rmr, srmr, crmr, srmr_mplus (and _nomean)
//   GFI.swift             gfi, agfi, pgfi
//   Other.swift           cn_05, cn_01, mfi, ecvi (wrmr for ordered variables)
// This file assembles them by key (FitIndex, which fixes the order).

public struct FitMeasures: Sendable, Codable, Equatable {
  public var values: NamedValues

  public subscript(_ key: String) -> Double? { values[key] }
  public subscript(_ key: FitIndex) -> Double? { values[key.rawValue] }

  public func encode(to encoder: Encoder) throws { try values.encode(to: encoder) }
  public init(from decoder: Decoder) throws { values = try NamedValues(from: decoder) }
  init(_ pairs: [(String, Double)]) { values = NamedValues(names: pairs.map(\.0), values: pairs.map(\.1)) }

  /// The measures a family has set, by key.
  struct Values {
    private var byPosition = [Double?](repeating: nil, count: FitIndex.allCases.count)
    subscript(_ key: FitIndex) -> Double? {
      get { byPosition[key.position] }
      set { byPosition[key.position] = newValue }
    }
    /// Those set, in FitIndex order.
    var ordered: [(String, Double)] { FitIndex.allCases.compactMap { k in byPosition[k.position].map { (k.rawValue, $0) } } }
  }

  public static func compute(_ f: FittedModel) -> FitMeasures {
    var m = Values()
    let test = ModelTest(f)
    let baseline = BaselineModel(f)
    m[.npar] = Double(f.npar)
    (m[.fmin], m[.chisq], m[.df], m[.pvalue]) = (test.fmin, test.chisq, test.df, test.pvalue)
    (m[.baselineChisq], m[.baselineDf], m[.baselinePvalue]) = (baseline.chisq, baseline.df, baseline.pvalue)
    let scaled = ScaledTest(f, test: test, baseline: baseline)
    if let scaled {
      let r = scaled.statistics
      (m[.chisqScaled], m[.dfScaled], m[.pvalueScaled], m[.chisqScalingFactor]) = (scaled.chisq, test.df, scaled.pvalue, r.scalingFactor)
      (m[.baselineChisqScaled], m[.baselineDfScaled], m[.baselinePvalueScaled], m[.baselineChisqScalingFactor]) =
        (scaled.baselineChisq, baseline.df, scaled.baselinePvalue, r.baselineScalingFactor)
      if let h1 = r.scalingFactorH1, let h0 = r.scalingFactorH0 { (m[.scalingFactorH1], m[.scalingFactorH0]) = (h1, h0) }
    }
    let robust = RobustInput(f, test: test, baseline: baseline, scaled: scaled)
    Incremental.measures(test: test, baseline: baseline, scaled: scaled, robust: robust, into: &m)
    Likelihood.measures(f, test: test, into: &m)
    RMSEA.measures(test: test, groups: f.groups.count, scaled: scaled, robust: robust, into: &m)
    Residuals.measures(f, into: &m)
    OtherIndices.hoelter(test: test, into: &m)
    GFI.measures(f, test: test, into: &m)
    OtherIndices.mfiAndECVI(f, test: test, into: &m)
    return FitMeasures(m.ordered)
  }
}

/// What the robust incremental indices and RMSEA are made from: χ², c and the
/// baseline's χ²_b, c_b — the scaled test's factors with complete data, the
/// FIML-corrected T₃, c₃ under FIML (with or without MLR; Robustness.fimlCorrected).
struct RobustInput {
  let chisq, c, baselineChisq, baselineC: Double

  init?(_ f: FittedModel, test: ModelTest, baseline: BaselineModel, scaled: ScaledTest?) {
    // Ordered variables: lavaan's catML statistics (OrdinalStatistics.catML).
    if f.ordinal != nil {
      guard let c = OrdinalStatistics(f).catML else { return nil }
      // A saturated model: no correction (tr/0), its indices are those of a perfect
      // fit (its catML χ² is zero but for the rounding of log|Σ̂| against log|S|).
      let saturated = test.df == 0
      (chisq, self.c, baselineChisq, baselineC) = (saturated ? 0 : c.chisq, saturated ? 1 : c.c, c.baselineChisq, c.baselineC)
      return
    }
    if f.fiml, let fc = try? Robustness.fimlCorrected(f, scaledTest: f.options.robust != nil) {
      (chisq, c, baselineChisq, baselineC) = (fc.chisq, fc.scaling, fc.baselineChisq, fc.baselineScaling)
    } else if !f.fiml, let scaled {
      (chisq, c, baselineChisq, baselineC) = (test.chisq, scaled.statistics.scalingFactor, baseline.chisq, scaled.statistics.baselineScalingFactor)
    } else {
      return nil
    }
  }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
