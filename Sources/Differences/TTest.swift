import Distributions
import Survey

// Student's and Welch's t tests as R's t.test reports them (two-sided, 95%):
//   independent, pooled:  t = (ȳ₁ − ȳ₂)/(s_p √(1/n₁ + 1/n₂)),  s_p² = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2),  df = n₁+n₂−2
//   independent, Welch:   t = (ȳ₁ − ȳ₂)/√(s₁²/n₁ + s₂²/n₂),
//                         df = (s₁²/n₁ + s₂²/n₂)² / [(s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)]   (Welch 1947)
//   paired:               t = d̄/(s_d/√n), df = n − 1, over rows with both answered
//   one-sample:           t = (ȳ − μ)/(s/√n), df = n − 1
// The interval is difference ± t_{.975, df}·se. Effect sizes: Cohen's d =
// difference / s_p (independent; the same d on the Welch row), d̄/s_d (paired,
// d_z), (ȳ − μ)/s (one sample); Hedges' g = d·(1 − 3/(4·df − 1)) (Hedges 1981).
// Levene's test (centred on the mean, as SPSS) goes with every independent test.

public enum TTestKind: String, Sendable, Codable, CaseIterable {
  case pooled, welch, paired
  case oneSample = "one-sample"
}

public struct TTestRow: Sendable, Codable, Equatable {
  public var variable: String
  public var kind: TTestKind
  /// Group levels (independent), variable names (paired), or the test value (one-sample).
  public var labels: [String]
  public var n1: Int
  public var n2: Int?
  public var mean1: Double
  public var mean2: Double?
  public var sd1: Double
  public var sd2: Double?
  public var t: Double
  public var df: Double
  public var pvalue: Double
  public var meanDiff: Double
  public var se: Double
  public var ciLower: Double
  public var ciUpper: Double
  public var d: Double
  public var g: Double
  public var levene: LeveneTest?

  enum CodingKeys: String, CodingKey {
    case variable, kind, labels, n1, n2, mean1, mean2, sd1, sd2, t, df, pvalue, se, d, g, levene
    case meanDiff = "mean_diff", ciLower = "ci.lower", ciUpper = "ci.upper"
  }
}

public enum TTest {
  static func row(_ variable: String, _ kind: TTestKind, _ labels: [String], _ a: Summary, _ b: Summary?,
                  diff: Double, se: Double, df: Double, d: Double, level: Double, levene: LeveneTest?) -> TTestRow {
    let t = diff / se
    let dist = StudentT(df: df)
    let q = dist.quantile(1 - (1 - level) / 2)
    let gdf = kind == .pooled || kind == .welch ? Double(a.n + (b?.n ?? 0) - 2) : Double(a.n - 1)
    return TTestRow(
      variable: variable, kind: kind, labels: labels, n1: a.n, n2: b?.n, mean1: a.mean, mean2: b?.mean, sd1: a.sd, sd2: b?.sd,
      t: t, df: df, pvalue: 2 * dist.cdf(-abs(t)), meanDiff: diff, se: se, ciLower: diff - q * se, ciUpper: diff + q * se,
      d: d, g: d * (1 - 3 / (4 * gdf - 1)), levene: levene)
  }

  /// The pooled and the Welch test of two groups, with Levene's test.
  public static func independent(_ s: GroupedSample, level: Double = 0.95) throws(InputError) -> [TTestRow] {
    guard s.levels.count == 2 else {
      throw InputError(file: s.source, column: s.group, "has \(s.levels.count) groups (\(s.levels.joined(separator: ", "))); a t test compares two: name the two levels, or use ANOVA", settings: [.levels])
    }
    let a = Summary(s.values[0]), b = Summary(s.values[1])
    guard a.sd > 0 || b.sd > 0 else {
      throw InputError(file: s.source, column: s.variable, "is constant in both groups; there is nothing to test")
    }
    let n1 = Double(a.n), n2 = Double(b.n)
    let diff = a.mean - b.mean
    let sp = (((n1 - 1) * a.variance + (n2 - 1) * b.variance) / (n1 + n2 - 2)).squareRoot()
    let d = diff / sp
    let levene = LeveneTest.of(s.values)
    let v1 = a.variance / n1, v2 = b.variance / n2
    let welchDF = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    return [
      row(s.variable, .pooled, s.levels, a, b, diff: diff, se: sp * (1 / n1 + 1 / n2).squareRoot(), df: n1 + n2 - 2, d: d, level: level, levene: levene),
      row(s.variable, .welch, s.levels, a, b, diff: diff, se: (v1 + v2).squareRoot(), df: welchDF, d: d, level: level, levene: levene),
    ]
  }

  /// x − y over the rows where both are answered.
  public static func paired(_ frame: DataFrame, _ x: String, _ y: String, level: Double = 0.95) throws(InputError) -> TTestRow {
    let a = try frame.numericColumn(x), b = try frame.numericColumn(y)
    let rows = a.indices.filter { !a[$0].isNaN && !b[$0].isNaN }
    guard rows.count >= 2 else {
      throw InputError(file: frame.source, "'\(x)' and '\(y)' are both answered in \(rows.count) row\(rows.count == 1 ? "" : "s"); a paired t test needs at least 2")
    }
    let sa = Summary(rows.map { a[$0] }), sb = Summary(rows.map { b[$0] })
    let dd = Summary(rows.map { a[$0] - b[$0] })
    guard dd.sd > 0 else { throw InputError(file: frame.source, "'\(x)' − '\(y)' is the same in every row; there is nothing to test") }
    return row(x, .paired, [x, y], sa, sb, diff: dd.mean, se: dd.sd / Double(dd.n).squareRoot(), df: Double(dd.n - 1),
               d: dd.mean / dd.sd, level: level, levene: nil)
  }

  /// ȳ against the test value μ.
  public static func oneSample(_ frame: DataFrame, _ x: String, mu: Double, level: Double = 0.95) throws(InputError) -> TTestRow {
    let v = try frame.numericColumn(x).filter { !$0.isNaN }
    let s = Summary(v)
    guard s.n >= 2, s.sd > 0 else {
      throw InputError(file: frame.source, column: x, s.n < 2 ? "has fewer than 2 answers" : "is constant; there is nothing to test")
    }
    return row(x, .oneSample, [formatNumberCompact(mu)], s, nil, diff: s.mean - mu, se: s.sd / Double(s.n).squareRoot(),
               df: Double(s.n - 1), d: (s.mean - mu) / s.sd, level: level, levene: nil)
  }
}
