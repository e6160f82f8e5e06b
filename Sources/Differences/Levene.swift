import Distributions

// Levene's test of equal variances (Levene 1960), centred on the group means
// as SPSS reports it (car::leveneTest(center = mean)): the one-way ANOVA F of
// the absolute deviations zᵢⱼ = |yᵢⱼ − ȳᵢ|,
//   F = [(N − k) Σᵢ nᵢ(z̄ᵢ − z̄)²] / [(k − 1) Σᵢ Σⱼ (zᵢⱼ − z̄ᵢ)²],  df = (k − 1, N − k).

public struct LeveneTest: Sendable, Codable, Equatable {
  public var F: Double
  public var df1: Int
  public var df2: Int
  public var pvalue: Double

  public static func of(_ groups: [[Double]]) -> LeveneTest {
    let deviations = groups.map { g -> [Double] in
      let m = g.reduce(0, +) / Double(g.count)
      return g.map { abs($0 - m) }
    }
    let f = OneWay.fTest(deviations)
    return LeveneTest(F: f.F, df1: f.df1, df2: f.df2, pvalue: f.pvalue)
  }
}

/// The one-way ANOVA F of k groups (shared by ANOVA and Levene's test).
enum OneWay {
  static func fTest(_ groups: [[Double]]) -> (F: Double, df1: Int, df2: Int, pvalue: Double, ssb: Double, ssw: Double) {
    let k = groups.count
    let n = groups.reduce(0) { $0 + $1.count }
    let grand = groups.reduce(0) { $0 + $1.reduce(0, +) } / Double(n)
    var ssb = 0.0, ssw = 0.0
    for g in groups {
      let m = g.reduce(0, +) / Double(g.count)
      ssb += Double(g.count) * (m - grand) * (m - grand)
      ssw += g.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    }
    let df1 = k - 1, df2 = n - k
    let F = (ssb / Double(df1)) / (ssw / Double(df2))
    return (F, df1, df2, FisherF(df1: Double(df1), df2: Double(df2)).cdf(F, upperTail: true), ssb, ssw)
  }
}
