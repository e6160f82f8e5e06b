import Distributions

// The remaining fitMeasures() of lavaan (lav_fit_other.R):
//   cn_α = χ²_{1−α}(df)/(χ²/N) + 1            Hoelter's critical N (Hoelter 1983)
//   mfi  = exp(−½(χ² − df)/N)                  McDonald's fit index (McDonald 1989)
//   ecvi = χ²/N + 2k/N                         expected cross-validation index (Browne & Cudeck 1989);
//                                              not for ordered variables (lavaan gives none)
//   wrmr = √(χ²/s), s one group's number of sample statistics   weighted RMR (ordered variables; Muthén 1998–2004)

enum OtherIndices {
  static func hoelter(test: ModelTest, into m: inout FitMeasures.Values) {
    let (chisq, df, n) = (test.chisq, test.df, test.n)
    let saturated = df == 0 && chisq < Double.ulpOfOne.squareRoot()
    m[.cn05] = saturated ? Double.nan : ChiSquare(df: df).quantile(0.95) / (chisq / n) + 1
    m[.cn01] = saturated ? Double.nan : ChiSquare(df: df).quantile(0.99) / (chisq / n) + 1
  }

  static func mfiAndECVI(_ f: FittedModel, test: ModelTest, into m: inout FitMeasures.Values) {
    m[.mfi] = _exp(-0.5 * (test.chisq - test.df) / test.n)
    if f.ordinal != nil {
      m[.wrmr] = (test.chisq * Double(f.groups.count) / Double(f.momentCount)).squareRoot()
    } else {
      m[.ecvi] = test.chisq / test.n + 2 * Double(f.npar) / test.n
    }
  }
}
